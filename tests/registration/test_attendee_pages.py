"""What an attendee sees before and after registering: seats, human words, cancelled states."""

import re

import pytest

from roundtable.extensions import db
from roundtable.registration.models import Registration


@pytest.fixture
def make_agenda_item(app):
    """Add an agenda item (e.g. the reception) at the end of an event."""
    from datetime import timedelta

    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event

    def add(event_id, kind, title):
        with app.app_context():
            event = db.session.get(Event, event_id)
            event.agenda_items.append(AgendaItem(
                kind=kind, title=title, starts_at=event.ends_at,
                ends_at=event.ends_at + timedelta(hours=1), in_person_only=True))
            db.session.commit()

    return add


@pytest.fixture
def event_id(make_event):
    return make_event(slug="rt", capacity_in_person=8, capacity_online=1)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _fill(register_via_form, mode, n, start=0):
    for i in range(start, start + n):
        register_via_form("rt", name=f"Persona {i}", email=f"{mode}{i}@example.org", mode=mode,
                          reception="yes")


def test_event_page_and_form_show_seats_per_audience(client, event_id, register_via_form):
    page = _text(client.get("/events/rt"))
    # Nobody has registered: "1 seat left" of 1 is not news yet.
    assert "In person: 8 seats left" in page and "Online via Zoom: 1 seat left" in page
    assert "Only" not in page
    _fill(register_via_form, "in_person", 4)
    _fill(register_via_form, "online", 3)  # one confirmed, two on the Zoom waitlist
    page = _text(client.get("/events/rt"))
    assert "In person: 4 seats left" in page
    assert "Online via Zoom: Full — join the waitlist (2 waiting)" in page
    assert "Join the waitlist </a>" not in page  # the room still has seats
    form = client.get("/events/rt/register").get_data(as_text=True)
    assert 'id="mode-0-hint">4 seats left' in form
    _fill(register_via_form, "in_person", 3, start=4)  # 1 of 8 left: now it is news
    assert "In person: Only 1 seat left" in _text(client.get("/events/rt"))
    assert "Full — join the waitlist (2 waiting)" in form
    assert 'aria-describedby="mode-1-hint"' in form


def test_everything_full_says_join_the_waitlist(client, make_event, register_via_form):
    make_event(slug="rt", capacity_in_person=1, capacity_online=1)
    _fill(register_via_form, "in_person", 1)
    _fill(register_via_form, "online", 1)
    page = _text(client.get("/events/rt"))
    assert "Join the waitlist" in page and "Register to attend" not in page
    form = _text(client.get("/events/rt/register"))
    assert form.count("Join the waitlist") >= 2 and "Every seat is taken" in form


def test_unlimited_audience_says_seats_available(client, make_event):
    make_event(slug="open", capacity_in_person=None, capacity_online=None)
    assert "In person: Seats available" in _text(client.get("/events/open"))


def test_online_registration_ignores_a_reception_answer(
        client, make_event, register_via_form, registrations, make_agenda_item):
    event_id = make_event(slug="rt")
    make_agenda_item(event_id, kind="reception", title="Reception")
    form = client.get("/events/rt/register").get_data(as_text=True)
    assert 'data-for-mode="in_person"' in form and "/static/forms.js" in form
    response = register_via_form("rt", mode="online", reception="yes")
    assert response.status_code == 302
    assert registrations()[0]["reception"] is None


def test_labels_are_human_on_pages(client, app, event_id, register_via_form, token_of,
                                   registrations):
    _fill(register_via_form, "online", 2)
    waiting = registrations()[1]
    page = _text(client.get(f"/registrations/{token_of(waiting['id'])}"))
    assert "Online via Zoom" in page and "Waitlisted" in page
    assert "number 1 on the Zoom waitlist" in page
    for code in ("online via zoom", "in_person", "waitlisted "):
        assert code not in page


def test_cancelled_event_page_offers_no_calendar(client, app, make_event):
    make_event(slug="off", status="cancelled", cancellation_reason="The storm.")
    page = client.get("/events/off").get_data(as_text=True)
    assert "This event has been cancelled." in page and "The storm." in page
    for offer in ("Add to calendar", "Google Calendar", "Outlook.com", "webcal://", "Subscribe"):
        assert offer not in page


def test_cancelled_registration_page_shows_no_reception_nor_subscribe(
        client, app, make_event, register_via_form, registrations, token_of, make_agenda_item):
    event_id = make_event(slug="rt")
    make_agenda_item(event_id, kind="reception", title="Reception")
    register_via_form("rt", mode="in_person", reception="yes")
    reg = registrations()[0]
    token = token_of(reg["id"])
    assert "Subscribe to your registration" in client.get(f"/registrations/{token}").get_data(
        as_text=True)
    client.post(f"/registrations/{token}/cancel")
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "Cancelled" in page
    for gone in ("Reception", "Subscribe", "webcal://", "Check-in code"):
        assert gone not in page
    with app.app_context():
        assert db.session.get(Registration, reg["id"]).attends_reception is True


def test_manage_page_shows_seats_in_the_other_audience(client, event_id, register_via_form,
                                                       registrations, token_of):
    _fill(register_via_form, "in_person", 1)
    token = token_of(registrations()[0]["id"])
    assert "(1 seat left)" in _text(client.get(f"/registrations/{token}"))
    _fill(register_via_form, "online", 1)
    assert "(full: switching is not possible)" in _text(client.get(f"/registrations/{token}"))


def test_waitlist_flash_names_the_audience(client, make_event, register_via_form):
    make_event(slug="rt", capacity_online=0)
    response = register_via_form("rt", mode="online")
    page = _text(client.get(response.location))
    assert "The Zoom audience is full: you are on its waitlist." in page


def test_cancelled_event_page_says_it_once(client, make_event):
    make_event(slug="off", status="cancelled")
    assert _text(client.get("/events/off")).count("This event has been cancelled.") == 1


def test_the_cancel_question_says_what_cancelling_does(client, event_id, register_via_form,
                                                       registrations, token_of):
    """A seat goes to the next person only if someone waits; a waitlisted person has no
    seat to give, they leave the waitlist (in English and in Spanish)."""
    _fill(register_via_form, "online", 1)
    seated = token_of(registrations()[0]["id"])
    page = _text(client.get(f"/registrations/{seated}/cancel"))
    assert "your seat is freed for someone else" in page and "next person" not in page
    _fill(register_via_form, "online", 1, start=1)
    waiting = token_of(registrations()[1]["id"])
    page = _text(client.get(f"/registrations/{seated}/cancel"))
    assert "If you cancel, your seat goes to the next person on the waitlist." in page
    page = _text(client.get(f"/registrations/{waiting}/cancel"))
    assert "You are on the Zoom waitlist for" in page
    assert "If you cancel, you leave the waitlist." in page and "your seat" not in page
    page = _text(client.get(f"/registrations/{waiting}/cancel?lang=es"))
    assert "Está en la lista de espera Zoom de “" in page
    assert "Si cancela, sale de la lista de espera." in page and "su lugar" not in page
    page = _text(client.get(f"/registrations/{seated}/cancel?lang=es"))
    assert "Si cancela, su lugar pasará a la siguiente persona de la lista de espera." in page
