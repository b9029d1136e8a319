"""A seat freed after the event has ended opens nothing: nobody is promoted or emailed."""

from datetime import timedelta

from roundtable.extensions import db


def test_cancelling_after_the_end_promotes_nobody(app, make_event, register_via_form,
                                                  registrations, outbox):
    from roundtable.db_types import utcnow
    from roundtable.events.models import Event
    from roundtable.registration import services
    from roundtable.registration.models import Registration

    event_id = make_event(slug="rt", capacity_online=1)
    register_via_form("rt", email="a@example.org", mode="online")
    register_via_form("rt", email="b@example.org", mode="online")
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        event.starts_at = utcnow() - timedelta(hours=3)
        event.ends_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        first = db.session.scalar(db.select(Registration).where(
            Registration.email == "a@example.org"))
        assert services.cancel(first, by_organizer=True) == []
        db.session.commit()
    assert {r["email"]: r["status"] for r in registrations()} == {
        "a@example.org": "cancelled", "b@example.org": "waitlisted"}
    assert outbox("registration_promoted") == []


def test_cancelling_before_the_end_still_promotes(app, make_event, register_via_form,
                                                  registrations, outbox):
    from roundtable.registration import services
    from roundtable.registration.models import Registration

    make_event(slug="rt", capacity_online=1)
    register_via_form("rt", email="a@example.org", mode="online")
    register_via_form("rt", email="b@example.org", mode="online")
    with app.test_request_context():
        first = db.session.scalar(db.select(Registration).where(
            Registration.email == "a@example.org"))
        assert [r.email for r in services.cancel(first)] == ["b@example.org"]
        db.session.commit()
    assert [m["to"] for m in outbox("registration_promoted")] == ["b@example.org"]
