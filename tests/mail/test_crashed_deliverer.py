"""A deliverer killed mid-batch holds its unsent mail for about 2 × MAIL_TIMEOUT, not an hour."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.mail.services import queue_message
from tests.mail.conftest import now

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20
TOTAL, BEFORE_KILL = 20, 5


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_TIMEOUT": TIMEOUT}


def _queue(app, n):
    with app.app_context():
        for i in range(n):
            queue_message(kind="test", recipient=f"persona{i}@example.org",
                          recipient_name=f"Persona Número {i}", subject=f"Mensaje {i}",
                          body_text=f"Hola {i}")
        db.session.commit()


def _pending(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status == "pending"))


def _hang_after(handler, accepted: int, hanging: threading.Event):
    """Make the SMTP server accept ``accepted`` messages, then hold the next one open."""
    original = handler.handle_DATA

    async def handle_DATA(server, session, envelope):
        if len(handler.received) >= accepted:
            hanging.set()
            await asyncio.sleep(3600)
        return await original(server, session, envelope)

    handler.handle_DATA = handle_DATA
    return original


def _deliverer(app, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_TIMEOUT": str(TIMEOUT),
        "MAIL_DEFAULT_SENDER": app.config["MAIL_DEFAULT_SENDER"],
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "roundtable", "mail", "deliver",
         "--batch", "50"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def test_killed_deliverer_releases_its_batch_within_two_timeouts(app, smtp, deliver, rows):
    _queue(app, TOTAL)
    hanging = threading.Event()
    original = _hang_after(smtp.handler, BEFORE_KILL, hanging)
    process = _deliverer(app, smtp.port)
    try:
        assert hanging.wait(120), "the deliverer never reached the sixth message"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert len(smtp.received) == BEFORE_KILL
    assert _pending(app) == TOTAL - BEFORE_KILL

    # Still leased right after the crash: nobody else sends the message in flight yet.
    smtp.handler.handle_DATA = original
    assert deliver(now=now()).claimed == 0
    # Once two timeouts have passed, every unsent message is due again and goes out once.
    report = deliver(now=now() + timedelta(seconds=2 * TIMEOUT + 5))
    assert report.claimed == TOTAL - BEFORE_KILL
    assert report.sent == TOTAL - BEFORE_KILL
    recipients = [rcpt for _, [rcpt], _ in smtp.received]
    assert sorted(recipients) == sorted(f"persona{i}@example.org" for i in range(TOTAL))
    # Messages the crashed deliverer never started were not charged an attempt.
    assert {row["attempts"] for row in rows()} == {1, 2}
    assert sum(row["attempts"] == 2 for row in rows()) == 1


def test_leases_are_renewed_as_a_long_batch_progresses(app, smtp, rows, monkeypatch):
    """A slow but healthy batch keeps its rows: each renewal moves the rest's lease on."""
    from roundtable.mail import delivery

    _queue(app, 4)
    clock = [0.0]
    monkeypatch.setattr(delivery, "monotonic", lambda: clock[0])
    seen = []
    send = delivery.SMTPTransport.send

    def slow_send(self, email, sender, recipient):
        # Each message "takes" one full timeout; by the last, the first lease is long gone.
        clock[0] += TIMEOUT
        with app.app_context():
            seen.append(db.session.scalars(
                select(OutboxMessage.next_attempt_at).where(OutboxMessage.status == "pending")
                .order_by(OutboxMessage.id)).all())
        return send(self, email, sender, recipient)

    monkeypatch.setattr(delivery.SMTPTransport, "send", slow_send)
    start = now()
    with app.app_context():
        report = delivery.deliver_due(50, now=start)
    assert report.sent == 4
    # Before the n-th send every unfinished row was leased until ~n timeouts after start.
    for n, leases in enumerate(seen):
        assert all(lease >= start + timedelta(seconds=TIMEOUT * (n + 2)) for lease in leases)
