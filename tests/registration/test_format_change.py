"""Changing an event's format never strands registrants: the organizer moves or cancels them."""

import pytest
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import event_form, field_error, get, sign_in

ZOOM = "zoom.us/j/85512345678"


@pytest.fixture
def hybrid(app, client, make_user, register_via_form):
    """A published hybrid event: two in person, one online (online capacity 2)."""
    sign_in(client, make_user, email="owner@example.org", name="Ana Barceló")
    client.post("/manage/events/new", data=event_form(capacity_online="2"))
    with app.app_context():
        event_id, slug = db.session.execute(select(Event.id, Event.slug)).one()
    assert client.post(f"/manage/events/{event_id}/publish").status_code == 302
    register_via_form(slug, name="Raúl Benítez Manaut", email="raul@example.org",
                      mode="in_person")
    register_via_form(slug, name="Rafael Barceló Durazo", email="rafael@example.org",
                      mode="in_person")
    register_via_form(slug, name="Rut Diamint", email="rut@example.org", mode="online")
    return event_id


def _edit(client, event_id, **overrides):
    return client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(capacity_online="2", **overrides))


def _people(registrations, event_id):
    return {r["email"]: (r["mode"], r["status"]) for r in registrations(event_id)}


def _kinds(outbox):
    return [m["kind"] for m in outbox()]


def test_dropping_a_mode_with_registrants_asks_first_and_changes_nothing(
        app, client, hybrid, registrations, outbox):
    before, sent = _people(registrations, hybrid), len(outbox())
    html = _edit(client, hybrid, format="online", venue_name="", venue_address="",
                 venue_room="").get_data(as_text=True)
    error = field_error(html, "dropped_registrations")
    assert "2 people are registered in person" in error and "online event" in error
    assert 'value="move"' in html and 'value="cancel"' in html
    with app.app_context():
        assert get(Event, hybrid).format == "hybrid"
    assert _people(registrations, hybrid) == before and len(outbox()) == sent


def test_move_follows_capacity_and_tells_each_person(app, client, hybrid, registrations, outbox):
    sent = len(outbox())
    response = _edit(client, hybrid, format="online", dropped_registrations="move")
    assert response.status_code == 302
    with app.app_context():
        assert get(Event, hybrid).format == "online"
    assert _people(registrations, hybrid) == {
        "raul@example.org": ("online", "confirmed"),  # the second online seat
        "rafael@example.org": ("online", "waitlisted"),  # capacity 2: waitlisted
        "rut@example.org": ("online", "confirmed"),
    }
    new = {m["to"]: m for m in outbox()[sent:] if m["kind"] == "registration_changed"}
    assert set(new) == {"raul@example.org", "rafael@example.org"}
    assert ZOOM in new["raul@example.org"]["text"]
    assert "now registered online" in new["raul@example.org"]["text"]
    assert ZOOM not in new["rafael@example.org"]["text"]
    assert "waitlist at position 1" in new["rafael@example.org"]["text"]
    # One notice each for the moved: no second "Event updated" on top.
    updated = [m["to"] for m in outbox()[sent:] if m["kind"] == "event_changed"]
    assert "raul@example.org" not in updated and "rafael@example.org" not in updated


def test_cancel_tells_each_person_and_they_never_see_the_link(
        app, client, hybrid, registrations, outbox):
    sent = len(outbox())
    response = _edit(client, hybrid, format="in_person", zoom_join_url="",
                     dropped_registrations="cancel")
    assert response.status_code == 302
    people = _people(registrations, hybrid)
    assert people["rut@example.org"] == ("online", "cancelled")
    assert people["raul@example.org"] == ("in_person", "confirmed")
    [notice] = [m for m in outbox()[sent:] if m["to"] == "rut@example.org"]
    assert notice["kind"] == "registration_cancelled"
    assert "changed this event to in person only" in notice["text"]
    assert ZOOM not in notice["text"]


def test_people_already_waiting_get_free_seats_before_those_moved(
        app, client, hybrid, registrations, outbox, register_via_form):
    with app.app_context():
        slug = get(Event, hybrid).slug
    register_via_form(slug, name="Ana Waiting", email="wait1@example.org", mode="online")
    register_via_form(slug, name="Bea Waiting", email="wait2@example.org", mode="online")
    assert _people(registrations, hybrid)["wait2@example.org"] == ("online", "waitlisted")
    # One more online seat: it goes to the person in line, and the moved wait behind.
    client.post(f"/manage/events/{hybrid}/edit", data=event_form(
        format="online", capacity_online="3", dropped_registrations="move"))
    people = _people(registrations, hybrid)
    assert people["wait2@example.org"] == ("online", "confirmed")
    assert people["raul@example.org"] == ("online", "waitlisted")
    assert people["rafael@example.org"] == ("online", "waitlisted")
    with app.app_context():
        from roundtable.registration.services import waitlist_positions
        positions = waitlist_positions(hybrid)
    ids = {r["email"]: r["id"] for r in registrations(hybrid)}
    assert (positions[ids["raul@example.org"]], positions[ids["rafael@example.org"]]) == (1, 2)


def test_no_question_when_nobody_attends_the_dropped_way(
        app, client, make_user, registrations):
    sign_in(client, make_user)
    client.post("/manage/events/new", data=event_form())
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(format="online")).status_code == 302
    with app.app_context():
        assert get(Event, event_id).format == "online"

