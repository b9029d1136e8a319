"""Changing an event's capacity in the organizer's form moves the waitlist."""

from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import event_form, field_error, sign_in


def test_raising_capacity_promotes_and_lowering_below_confirmed_is_refused(
        app, client, make_user, make_event, register_via_form, registrations, outbox):
    organizer = sign_in(client, make_user)
    event_id = make_event(slug="cap", organizer_ids=[organizer], capacity_in_person=1)
    for letter in "abc":
        register_via_form("cap", email=f"{letter}@example.org")
    assert [r["status"] for r in registrations()] == ["confirmed", "waitlisted", "waitlisted"]

    response = client.post(f"/manage/events/{event_id}/edit",
                           data=event_form(slug="cap", capacity_in_person="2"))
    assert response.status_code == 302
    assert [r["status"] for r in registrations()] == ["confirmed", "confirmed", "waitlisted"]
    assert [m["to"] for m in outbox("registration_promoted")] == ["b@example.org"]

    response = client.post(f"/manage/events/{event_id}/edit",
                           data=event_form(slug="cap", capacity_in_person="1"))
    assert response.status_code == 200
    assert "2 people are already confirmed in person" in field_error(
        response.get_data(as_text=True), "capacity_in_person")
    with app.app_context():
        assert db.session.get(Event, event_id).capacity_in_person == 2

    client.post(f"/manage/events/{event_id}/edit",
                data=event_form(slug="cap", capacity_in_person=""))
    assert [r["status"] for r in registrations()] == ["confirmed"] * 3
