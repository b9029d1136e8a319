"""Delivering the outbox over real SMTP: sending, retries, giving up, SMTP down, .eml files."""

import email
import email.policy
import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.mail.delivery import retry_delay
from roundtable.mail.models import OutboxMessage
from roundtable.mail.services import queue_message
from tests.mail.conftest import ZOOM_SECRETS, free_port, now


@pytest.fixture
def event_id(make_event):
    return make_event(slug="rt", title="3rd Annual U.S.–Mexico Defense & Security Roundtable")


def _queue(app, n, prefix="person"):
    with app.app_context():
        for i in range(n):
            queue_message(kind="test", recipient=f"{prefix}{i}@example.org",
                          recipient_name=f"Persona Número {i}", subject=f"Mensaje {i}",
                          body_text=f"Hola {i}")
        db.session.commit()


def test_confirmation_is_delivered_once_and_marked_sent(
        app, smtp, deliver, rows, event_id, register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    report = deliver()
    assert (report.claimed, report.sent, report.retrying, report.failed) == (1, 1, 0, 0)
    [(mail_from, rcpt_tos, _)] = smtp.received
    assert mail_from == "events@roundtable.test" and rcpt_tos == ["raul@example.org"]
    [row] = rows()
    assert row["status"] == "sent" and row["attempts"] == 1 and row["sent_at"] is not None
    assert row["error"] is None
    assert deliver().claimed == 0 and len(smtp.received) == 1


def test_refused_then_accepted_is_retried_with_growing_delays(app, smtp, deliver, rows):
    _queue(app, 1)
    smtp.handler.replies = ["451 4.3.0 Try again later"] * 3
    t = now()
    waits = []
    for expected_attempt in (1, 2, 3):
        report = deliver(now=t)
        assert report.retrying == 1 and report.sent == 0
        [row] = rows()
        assert row["status"] == "pending" and row["attempts"] == expected_attempt
        assert "451" in row["error"]
        waits.append(row["next"] - t)
        # Not due again before its time.
        assert deliver(now=t + waits[-1] - timedelta(seconds=1)).claimed == 0
        t = row["next"]
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25)]
    assert deliver(now=t).sent == 1
    [row] = rows()
    assert row["status"] == "sent" and row["attempts"] == 4 and row["error"] is None
    assert len(smtp.received) == 1


def test_retry_delays_are_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=m) for m in (1, 5, 25, 125)]
    assert retry_delay(5) == retry_delay(50) == timedelta(hours=6)


def test_gives_up_after_the_limit_keeping_the_error(app, smtp, deliver, rows):
    _queue(app, 1)
    smtp.handler.refuse_all = "452 4.2.2 Mailbox full"
    t = now()
    for _ in range(app.config["MAIL_MAX_ATTEMPTS"]):
        deliver(now=t)
        t += timedelta(days=1)
    [row] = rows()
    assert row["status"] == "failed" and row["attempts"] == app.config["MAIL_MAX_ATTEMPTS"]
    assert "452" in row["error"] and "Mailbox full" in row["error"]
    assert deliver(now=t + timedelta(days=30)).claimed == 0
    assert smtp.received == []


def test_permanent_refusal_fails_at_once(app, smtp, deliver, rows):
    _queue(app, 1)
    smtp.handler.refuse_all = "550 5.1.1 No such user"
    report = deliver()
    assert report.failed == 1
    [row] = rows()
    assert row["status"] == "failed" and row["attempts"] == 1 and "550" in row["error"]


def test_smtp_down_loses_nothing(app, smtp, deliver, rows, event_id, register_via_form):
    register_via_form("rt", email="raul@example.org", mode="online")
    _queue(app, 2)
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    t = now()
    for _ in range(app.config["MAIL_MAX_ATTEMPTS"] + 3):
        report = deliver(now=t)
        assert report.retrying == 3 and report.sent == report.failed == 0
        t += timedelta(days=1)
    for row in rows():
        assert row["status"] == "pending", row
        assert "Connection" in row["error"] or "refused" in row["error"].lower()
        assert not any(secret in row["error"] for secret in ZOOM_SECRETS)
    app.config["MAIL_PORT"] = smtp.port
    assert deliver(now=t).sent == 3
    assert {row["status"] for row in rows()} == {"sent"}
    assert len(smtp.received) == 3


def test_errors_never_store_links(app, smtp, deliver, rows):
    _queue(app, 1)
    smtp.handler.refuse_all = "451 4.7.1 see https://zoom.us/j/99911122233?pwd=secretpwd"
    deliver()
    [row] = rows()
    assert "451" in row["error"] and "zoom" not in row["error"] and "[link]" in row["error"]


def test_without_a_server_messages_become_eml_files_and_one_log_line(
        app, deliver, rows, event_id, register_via_form, token_of, registrations, caplog,
        eml_dir):
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org",
                      mode="online")
    token = token_of(registrations()[0]["id"])
    with caplog.at_level(logging.INFO, logger="roundtable.mail"):
        assert deliver().sent == 1
    files = list(eml_dir.glob("*.eml"))
    assert len(files) == 1 and files[0].name.endswith("-registration_confirmed.eml")
    assert files[0].stat().st_mode & 0o077 == 0
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].display_name == "Raúl Benítez Manaut"
    assert token in message.get_body(("plain",)).get_content()
    lines = [r.getMessage() for r in caplog.records if r.name == "roundtable.mail"]
    assert len(lines) == 1 and "*@example.org" in lines[0] and "raul" not in lines[0]
    assert token not in lines[0] and "zoom" not in lines[0].lower()
    assert rows()[0]["status"] == "sent"


def test_deliver_command(app, runner, event_id, register_via_form, eml_dir):
    register_via_form("rt", email="raul@example.org")
    result = runner.invoke(args=["roundtable", "mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Sent 1, to retry 0, failed 0." in result.output
    assert len(list(eml_dir.glob("*.eml"))) == 1
    result = runner.invoke(args=["roundtable", "mail", "deliver"])
    assert "Sent 0" in result.output


def test_two_concurrent_deliverers_never_send_a_message_twice(app, smtp, rows):
    """Two deliverers race over the same outbox; each message goes out exactly once."""
    from roundtable.mail.delivery import deliver_due

    total = 60
    _queue(app, total)
    smtp.handler.delay = 0.005
    barrier = threading.Barrier(2)
    errors = []
    claimed = [0, 0]

    def worker(index):
        try:
            with app.app_context():
                barrier.wait()
                # Until nothing is pending: a pass may claim nothing because the
                # other deliverer took those rows first.
                while db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                        .where(OutboxMessage.status == "pending")):
                    claimed[index] += deliver_due(batch=4).claimed
                db.session.remove()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    recipients = [rcpt for _, [rcpt], _ in smtp.received]
    assert len(recipients) == total and len(set(recipients)) == total
    assert sum(claimed) == total and all(claimed), claimed
    assert {row["status"] for row in rows()} == {"sent"}
    assert {row["attempts"] for row in rows()} == {1}
