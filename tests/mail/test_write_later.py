"""A registration's confirmation is written by the deliverer, from the registration as it is."""

import email
import email.policy

import pytest
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration import notify
from roundtable.registration import services as registration_services
from roundtable.registration.models import Registration
from tests.mail.conftest import ZOOM_SECRETS, calendar_part


@pytest.fixture
def app_config(app_config):
    """The production setting: the deliverer writes confirmations."""
    return {**app_config, "MAIL_WRITE_LATER": True}


@pytest.fixture
def event_id(make_event):
    return make_event(slug="rt", title="3rd Annual U.S.–Mexico Defense & Security Roundtable",
                      capacity_in_person=1, capacity_online=5)


def _message(app, email_address: str) -> OutboxMessage:
    """The first message queued for this address."""
    with app.app_context():
        return db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.recipient == email_address)
            .order_by(OutboxMessage.id).limit(1))


def _sent(smtp, address: str):
    for _, rcpt_tos, data in smtp.received:
        if rcpt_tos == [address]:
            return email.message_from_bytes(data, policy=email.policy.default)
    raise AssertionError(f"nothing sent to {address}")


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_request_leaves_the_writing_to_the_deliverer(app, event_id, register_via_form):
    assert register_via_form("rt", email="raul@example.org", mode="online").status_code == 302
    queued = _message(app, "raul@example.org")
    assert queued.to_write and queued.body_text == "" and queued.ics is None
    assert queued.subject.startswith("You are registered")


def test_the_deliverer_writes_what_the_request_would_have(app, smtp, deliver, event_id,
                                                          register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    report = deliver()
    assert (report.claimed, report.sent, report.failed) == (1, 1, 0)
    written = _message(app, "raul@example.org")
    assert written.to_write is None and written.status == "sent"
    with app.test_request_context():
        registration = db.session.scalar(select(Registration))
        with notify.in_language("en"):
            intro = f"Your place is confirmed ({registration.mode_phrase})."
            now = notify._written(written.kind, registration, intro)
    assert written.body_text == now["body_text"] and written.body_html == now["body_html"]
    assert written.ics_method == "REQUEST" and written.ics == now["ics"]
    sent = _sent(smtp, "raul@example.org")
    assert "Raúl Benítez Manaut" in _text(sent) and calendar_part(sent) is not None
    assert any(secret in _text(sent) for secret in ZOOM_SECRETS)


def test_written_in_the_language_the_registrant_chose(app, smtp, deliver, event_id, client):
    client.post("/events/rt/register?lang=es", data={
        "name": "Rafael Barceló Durazo", "email": "rafael@example.org", "mode": "online"})
    deliver()
    sent = _sent(smtp, "rafael@example.org")
    assert sent["Subject"].startswith("Su registro está confirmado: ")
    assert "Su lugar está confirmado" in _text(sent)
    assert "Your place is confirmed" not in _text(sent)


def test_a_registration_cancelled_before_sending_gets_no_invitation_or_zoom(
        app, smtp, deliver, event_id, register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    with app.test_request_context():
        registration = db.session.scalar(select(Registration))
        registration_services.cancel(registration)
        db.session.commit()
    deliver()
    confirmation = _message(app, "raul@example.org")
    assert confirmation.kind == "registration_confirmed" and confirmation.ics is None
    # Sent in order: the confirmation first, then the cancellation.
    first = email.message_from_bytes(smtp.received[0][2], policy=email.policy.default)
    assert first["Subject"].startswith("You are registered")
    assert calendar_part(first) is None
    assert not any(secret in _text(first) for secret in ZOOM_SECRETS)
    # It does not show "cancelled" as if the intro had announced it.
    assert "Your registration now: Online via Zoom, cancelled (it has changed since)." \
        in _text(first)
    assert "Your registration: " not in _text(first)


def test_a_registration_moved_before_sending_says_it_changed_in_spanish(
        app, smtp, deliver, event_id, client):
    """Registered in person in Spanish, moved online before the deliverer wrote the
    confirmation: 'confirmado (de manera presencial)' then 'Su registro ahora: En línea…'."""
    client.post("/events/rt/register?lang=es", data={
        "name": "Rafael Barceló Durazo", "email": "rafael@example.org", "mode": "in_person",
        "reception": "no"})
    with app.test_request_context():
        registration = db.session.scalar(select(Registration))
        registration_services.switch_mode(registration, "online")
        db.session.commit()
    deliver()
    first = email.message_from_bytes(smtp.received[0][2], policy=email.policy.default)
    assert first["Subject"].startswith("Su registro está confirmado")
    assert "Su registro ahora: En línea por Zoom, confirmado (cambió desde entonces)." \
        in _text(first)


def test_an_unchanged_registration_reads_as_before(app, smtp, deliver, event_id,
                                                   register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    deliver()
    text = _text(_sent(smtp, "raul@example.org"))
    assert "Your registration: Online via Zoom, confirmed" in text and "now:" not in text


def test_the_waitlist_position_is_the_one_at_registering(app, smtp, deliver, event_id,
                                                         register_via_form):
    register_via_form("rt", email="first@example.org", reception="no")
    register_via_form("rt", email="second@example.org", reception="no")
    register_via_form("rt", email="third@example.org", reception="no")
    deliver()
    assert "position 2" in _text(_sent(smtp, "third@example.org"))


def test_a_message_whose_registration_is_gone_fails_without_sending(
        app, smtp, deliver, event_id, register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    with app.app_context():
        db.session.delete(db.session.scalar(select(Registration)))
        db.session.commit()
    report = deliver()
    assert (report.sent, report.failed) == (0, 1) and smtp.received == []
    assert "no longer exists" in _message(app, "raul@example.org").last_error


def test_written_once_then_retried_as_written(app, deliver, event_id, register_via_form,
                                              monkeypatch):
    from roundtable.mail import delivery

    register_via_form("rt", email="raul@example.org", mode="online")

    def refuse(*args, **kwargs):
        raise delivery.ServerTrouble("421 try later")

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    monkeypatch.setattr(delivery.SMTPTransport, "send", refuse)
    report = deliver()
    assert report.retrying == 1
    kept = _message(app, "raul@example.org")
    assert kept.to_write is None and "Raúl Benítez Manaut" in kept.body_text


def test_a_message_that_cannot_be_written_does_not_hold_up_the_rest(
        app, smtp, deliver, event_id, register_via_form, monkeypatch):
    register_via_form("rt", email="first@example.org", mode="online")
    register_via_form("rt", email="second@example.org", mode="online")
    written = notify._written

    def broken_for_first(kind, registration, intro, **extra):
        if registration.email == "first@example.org":
            raise RuntimeError("a bug in a template")
        return written(kind, registration, intro, **extra)

    monkeypatch.setattr(notify, "_written", broken_for_first)
    report = deliver()
    assert (report.sent, report.retrying) == (1, 1)
    assert _sent(smtp, "second@example.org")
    first = _message(app, "first@example.org")
    assert first.status == "pending" and first.to_write
    assert "could not be written: RuntimeError" in first.last_error
