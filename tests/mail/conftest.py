"""A real SMTP server on a free loopback port, and helpers to read what it received."""

import asyncio
import email
import email.policy
import shutil
import socket
import threading
from datetime import UTC, datetime

import icalendar
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from tests.registration.conftest import (  # noqa: F401  (fixtures shared with registration)
    outbox,
    register_via_form,
    registrations,
    token_of,
)

SENDER = "Roundtable Tucson <events@roundtable.test>"
ZOOM_SECRETS = ("zoom.us/j/99911122233", "secretpwd", "999 1112 2233", "s3cretpass")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingHandler:
    """Accept messages and keep them, unless told to refuse the next few first."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.replies: list[str] = []  # replies to the next DATA commands, then 250
        self.refuse_all: str | None = None
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refuse_all:
                return self.refuse_all
            if self.replies:
                return self.replies.pop(0)
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Message accepted"


class SMTPServer:
    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True
        )

    @property
    def received(self):
        return self.handler.received

    def messages(self):
        """The received messages, parsed back with the email package."""
        return [email.message_from_bytes(raw, policy=email.policy.default)
                for _, _, raw in self.received]


@pytest.fixture(scope="session")
def outbox_dir(tmp_path_factory):
    """The worker's .eml folder, one path for every test so that their app can be reused."""
    return tmp_path_factory.mktemp("mail") / "outbox"


@pytest.fixture
def eml_dir(outbox_dir):
    """The .eml folder, empty at the start of the test."""
    shutil.rmtree(outbox_dir, ignore_errors=True)
    return outbox_dir


@pytest.fixture
def app_config(app_config, eml_dir):
    """Mail settings for tests: a named sender, the .eml folder in tmp, no server yet."""
    return {
        **app_config,
        "MAIL_SERVER": "",
        "MAIL_DEFAULT_SENDER": SENDER,
        "MAIL_OUTBOX_DIR": str(eml_dir),
        "MAIL_TIMEOUT": 5,
        "MAIL_MAX_ATTEMPTS": 4,
    }


@pytest.fixture
def smtp(app):
    """Start an SMTP server on 127.0.0.1 and point the app at it."""
    server = SMTPServer()
    server.controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    server.controller.stop()


@pytest.fixture
def deliver(app):
    """Run one delivery pass, optionally at a given time; return its report."""
    from roundtable.mail.delivery import deliver_due

    def run(now=None, batch=50):
        with app.app_context():
            return deliver_due(batch, now=now)

    return run


@pytest.fixture
def rows(app):
    """The outbox rows as plain dicts, oldest first."""

    def fetch(**filters):
        with app.app_context():
            query = select(OutboxMessage).order_by(OutboxMessage.id).filter_by(**filters)
            return [
                {"id": m.id, "kind": m.kind, "to": m.recipient, "status": m.status,
                 "attempts": m.attempts, "next": m.next_attempt_at, "error": m.last_error,
                 "sent_at": m.sent_at, "ics_method": m.ics_method}
                for m in db.session.scalars(query)
            ]

    return fetch


def now() -> datetime:
    return datetime.now(UTC)


def calendar_part(message):
    """The text/calendar part of a message (inside multipart/alternative), or None."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part
    return None


def parse_calendar(part) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(part.get_content())


def all_text(message) -> str:
    """Every decoded text part of a message, and its headers, as one string."""
    out = [str(k) + ": " + str(v) for k, v in message.items()]
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "image":
            continue
        content = part.get_content()
        out.append(content.decode("utf-8") if isinstance(content, bytes) else content)
    return "\n".join(out)
