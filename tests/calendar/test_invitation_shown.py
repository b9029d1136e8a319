"""Invitations write the agenda, speakers and sponsors from a copy kept per content version."""

import pytest

from roundtable import create_app
from roundtable.agenda.models import AgendaItem, Person
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration
from tests.calendar.conftest import unfold


def _register(client, event_id: int, email: str, mode: str = "online", lang: str = "en"):
    with client.application.app_context():
        slug = db.session.get(Event, event_id).slug
    response = client.post(f"/events/{slug}/register?lang={lang}", data={
        "name": "Raúl Benítez Manaut", "email": email, "mode": mode, "reception": "no"})
    assert response.status_code == 302


def _invitation(app, email: str) -> str:
    with app.app_context():
        message = db.session.scalar(
            db.select(OutboxMessage).where(OutboxMessage.recipient == email,
                                           OutboxMessage.ics.is_not(None)))
        return unfold(message.ics.encode())


def _without_stamps(ics: str) -> list[str]:
    # UIDs, ATTENDEE and stamps are the registrant's own; the rest is the event's.
    personal = ("UID:", "ATTENDEE", "DTSTAMP:", "LAST-MODIFIED:", "CREATED:")
    return [line for line in ics.splitlines() if not line.startswith(personal)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_invitation_from_the_kept_copy_is_the_one_read_afresh(app, app_config, client,
                                                                 make_full_event, lang):
    event_id = make_full_event(agenda_items=5)
    _register(client, event_id, "first@example.org", lang=lang)  # keeps the copy
    _register(client, event_id, "second@example.org", lang=lang)  # writes from it
    uncached = create_app({**app_config, "INVITATION_CACHE_BYTES": 0})
    _register(uncached.test_client(), event_id, "third@example.org", lang=lang)
    with uncached.app_context():
        db.engine.dispose()
    second, third = (_invitation(app, e) for e in ("second@example.org", "third@example.org"))
    assert "roundtable.calendar.shown" not in uncached.extensions
    assert "Part 5" in second and "Sponsors" in second or "Patrocin" in second
    assert _without_stamps(second) == _without_stamps(third)


def test_a_changed_agenda_reaches_the_next_invitation(app, client, make_full_event):
    event_id = make_full_event()
    _register(client, event_id, "before@example.org")
    with app.app_context():
        item = db.session.scalar(db.select(AgendaItem).where(AgendaItem.event_id == event_id,
                                                             AgendaItem.title == "Part 2"))
        item.title = "Keynote on water and the border"
        person = db.session.get(Person, item.roles[0].person_id)
        person.name = "Rafael Fernández de Castro"
        db.session.commit()
    _register(client, event_id, "after@example.org")
    after = _invitation(app, "after@example.org")
    assert "Keynote on water and the border" in after
    assert "Rafael Fernández de Castro" in after


def test_nothing_is_kept_from_a_transaction_that_rolls_back(app, make_full_event):
    from roundtable.registration import notify
    from roundtable.registration.tokens import issue_token

    event_id = make_full_event()
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        event.agenda_items[0].title = "A title that was never saved"
        db.session.flush()
        registration = Registration(event=event, name="Ana", email="ana@example.org",
                                    mode="online", status="confirmed")
        issue_token(registration)
        db.session.add(registration)
        db.session.flush()
        assert "never saved" in unfold(notify.invitation(registration, "REQUEST").encode())
        db.session.rollback()
    kept = app.extensions.get("roundtable.calendar.shown")
    assert kept is None or not any("never saved" in (shown.agenda or "")
                                   for shown in kept._items.values())
    with app.test_request_context():
        registration = Registration(event_id=event_id, name="Bea", email="bea@example.org",
                                    mode="online", status="confirmed")
        issue_token(registration)
        db.session.add(registration)
        db.session.flush()
        ics = unfold(notify.invitation(registration, "REQUEST").encode())
        assert "never saved" not in ics and "Part 1" in ics
        db.session.rollback()


def test_an_unflushed_change_is_not_hidden_by_the_kept_copy(app, client, make_full_event):
    from roundtable.registration import notify

    event_id = make_full_event()
    _register(client, event_id, "warm@example.org")  # the copy is kept
    with app.test_request_context():
        registration = db.session.scalar(
            db.select(Registration).where(Registration.email == "warm@example.org"))
        registration.event.agenda_items[0].title = "Changed just now"  # not flushed
        ics = unfold(notify.invitation(registration, "REQUEST").encode())
        assert "Changed just now" in ics
        db.session.rollback()
