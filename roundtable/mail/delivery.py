"""Delivering the outbox: claim due rows, send them, record the outcome.

Run by ``flask roundtable mail deliver`` (never by a web request).

Claiming. One short transaction selects due pending rows (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so concurrent deliverers take different rows), then
moves them out of reach with a compare-and-set ``UPDATE ... WHERE status =
'pending' AND next_attempt_at <= now RETURNING id`` that pushes
``next_attempt_at`` a lease into the future, and commits before anything is
sent. Only the rows the UPDATE returned are ours: on SQLite the write lock
serializes the UPDATEs and the second one finds the condition false; on
PostgreSQL the row locks do.

Leases. A lease is short, 2 × ``MAIL_TIMEOUT``: enough for one message. Before
each message the deliverer renews the lease of the rows of its batch it has
not finished (and counts the attempt of the one it starts), comparing
``next_attempt_at`` with the lease it holds, so a row whose lease ran out and
was claimed by another deliverer is dropped, never renewed. If a deliverer is
killed, its unsent rows become due again within 2 × ``MAIL_TIMEOUT``, however
large the batch. A message is sent at least once and, barring a crash between
the SMTP server's "250" and our commit, exactly once (its Message-ID is
stable, so even then clients show one message).

Outcome. Accepted: ``sent``. The server refused this message temporarily
(4xx): retried after 1, 5, 25, 125 minutes, then every 6 hours, and ``failed``
after ``MAIL_MAX_ATTEMPTS`` attempts. Refused permanently (5xx) or impossible
to build: ``failed`` at once. The server unreachable or rejecting us as a
whole (connection, TLS, login, sender refused): the row stays ``pending`` with
the error and the same growing delay, and is never given up, because SMTP
being down must lose nothing. ``last_error`` and the log never hold a link:
URLs are masked, since bodies carry manage links and Zoom links.

Without ``MAIL_SERVER`` every message is written to ``MAIL_OUTBOX_DIR``
(``instance/outbox/``) as an ``.eml`` file instead, and logged.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import monotonic

from flask import current_app
from sqlalchemy import select, update

from roundtable.extensions import db
from roundtable.mail.compose import BadMessage, build_email
from roundtable.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger("roundtable.mail")

FIRST_DELAY = timedelta(minutes=1)
DELAY_FACTOR = 5
MAX_DELAY = timedelta(hours=6)
MIN_LEASE = timedelta(seconds=10)
ERROR_LENGTH = 500

_URL = re.compile(r"(?:https?|zoommtg|mailto):\S*", re.IGNORECASE)


@dataclass
class DeliveryReport:
    """What one ``deliver_due`` call did."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0


class ServerTrouble(Exception):
    """The SMTP server cannot take any message now; nothing about this message is wrong."""


class TemporaryRefusal(Exception):
    """The server refused this message with a 4xx reply: try again later."""


class PermanentRefusal(Exception):
    """The server refused this message with a 5xx reply: it will not take it."""


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 5, 25, 125 min, then 6 h."""
    delay = FIRST_DELAY
    for _ in range(max(attempts - 1, 0)):
        delay *= DELAY_FACTOR
        if delay >= MAX_DELAY:
            return MAX_DELAY
    return delay


def clean_error(text: str) -> str:
    """An error fit to store and log: one line, links masked, bounded."""
    text = _URL.sub("[link]", " ".join(str(text).split()))
    return text[:ERROR_LENGTH]


def redact_recipient(recipient: str) -> str:
    """'*@example.org': enough to tell domains apart in a log, not who."""
    return "*@" + recipient.rpartition("@")[2]


# --- claiming ---------------------------------------------------------------------


def lease_length() -> timedelta:
    """How long a claimed row stays ours without renewal: one message's worth."""
    timeout = current_app.config.get("MAIL_TIMEOUT", 30)
    return max(MIN_LEASE, timedelta(seconds=2 * timeout))


def claim_due(batch: int, now: datetime) -> tuple[list[int], datetime]:
    """Claim up to ``batch`` due pending rows; commit; return their ids and the lease."""
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    lease = now + lease_length()
    try:
        ids = list(db.session.scalars(due))
        if not ids:
            db.session.commit()
            return [], lease
        claimed = db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .where(OutboxMessage.next_attempt_at <= now)
            .values(next_attempt_at=lease)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sorted(claimed), lease


def renew_lease(ids: list[int], held: datetime, until: datetime) -> list[int]:
    """Extend the lease of the rows still ours (leased until ``held``), counting an attempt
    for the first, which is about to be tried; commit; return the rows still ours."""
    try:
        renewed = sorted(db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .where(OutboxMessage.next_attempt_at == held)
            .values(next_attempt_at=until)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all())
        if renewed:
            # Committed before sending, so a crash mid-send still counts the attempt.
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == renewed[0])
                .values(attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return renewed


# --- sending ----------------------------------------------------------------------


class SMTPTransport:
    """One SMTP connection, opened on first use and reused for a batch."""

    def __init__(self, config) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        host, port, timeout = c["MAIL_SERVER"], int(c["MAIL_PORT"]), c.get("MAIL_TIMEOUT", 30)
        context = ssl.create_default_context()
        if c.get("MAIL_USE_SSL"):
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if c.get("MAIL_USE_TLS") and not c.get("MAIL_USE_SSL"):
                smtp.starttls(context=context)
            if c.get("MAIL_USERNAME"):
                smtp.login(c["MAIL_USERNAME"], c.get("MAIL_PASSWORD", ""))
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, email, sender: str, recipient: str) -> None:
        """Send one message; raise ServerTrouble, TemporaryRefusal or PermanentRefusal."""
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(email, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _refusal(code, reply) from None
        except smtplib.SMTPSenderRefused as exc:
            # The server will not take mail from us at all: a configuration problem.
            self.close()
            reply = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            raise ServerTrouble(f"sender refused: {reply}") from None
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise ServerTrouble(f"login failed: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPDataError as exc:
            raise _refusal(exc.smtp_code, exc.smtp_error) from None
        except (smtplib.SMTPException, OSError) as exc:
            # Connection refused or dropped, timeouts, TLS, HELO: the server, not the message.
            self.close()
            raise ServerTrouble(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _refusal(code: int, reply) -> Exception:
    text = f"{code} {_text(reply)}"
    return PermanentRefusal(text) if 500 <= code < 600 else TemporaryRefusal(text)


def write_eml(email, message: OutboxMessage, directory: str) -> Path:
    """Write the message as an .eml file, atomically, readable by its owner only."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (message.created_at or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{message.id:06d}-{message.kind}.eml"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".eml")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(email.as_bytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- the loop ---------------------------------------------------------------------


def deliver_due(batch: int = 50, now: datetime | None = None) -> DeliveryReport:
    """Send the outbox rows that are due, at most ``batch``; record each outcome."""
    config = current_app.config
    now = now or datetime.now(UTC)
    started = monotonic()
    report = DeliveryReport()
    ids, lease = claim_due(batch, now)
    report.claimed = len(ids)
    if not ids:
        return report
    sender = config["MAIL_DEFAULT_SENDER"]
    transport = SMTPTransport(config) if config.get("MAIL_SERVER") else None
    trouble: str | None = None
    pending = list(ids)
    try:
        while pending:
            # Renew before every message: a killed deliverer holds its rows for one
            # lease at most. Time runs on from ``now`` (which tests may set).
            elapsed = timedelta(seconds=monotonic() - started)
            held, lease = lease, now + elapsed + lease_length()
            pending = renew_lease(pending, held, lease)
            if not pending:
                break
            message_id = pending.pop(0)
            message = db.session.get(OutboxMessage, message_id, populate_existing=True)
            if message is None or message.status != OutboxStatus.PENDING:
                continue
            if message.to_write and not _written(message, now, report):
                db.session.commit()
                continue
            trouble = _deliver_one(message, now, transport, sender, trouble, report)
            # One commit per message: a crash loses at most the outcome of one send.
            db.session.commit()
    finally:
        if transport is not None:
            transport.close()
    return report


def _written(message: OutboxMessage, now: datetime, report: DeliveryReport) -> bool:
    """Write a message the request left to us; saved before sending, so a retry reuses it.

    One message that cannot be written is retried later (and in the end given up),
    never allowed to stop the deliverer and the mail queued behind it.
    """
    from roundtable.mail.services import LATER_WRITERS, CannotWrite
    from roundtable.registration.notify import write_pending

    try:
        LATER_WRITERS.get(message.kind, write_pending)(message)
    except CannotWrite as exc:
        _fail(message, str(exc), report)
        return False
    except Exception as exc:  # a bug in writing it: keep the queue moving
        db.session.rollback()
        log.exception("outbox %s %s: could not be written", message.id, message.kind)
        message = db.session.get(OutboxMessage, message.id, populate_existing=True)
        _retry(message, now, clean_error(f"could not be written: {type(exc).__name__}"),
               give_up=True, report=report)
        return False
    db.session.commit()
    return True


def _language_of(message: OutboxMessage) -> str:
    """The registrant's language, which names the attachments; English for other mail."""
    from roundtable.registration.models import Registration

    if message.registration_id is None:
        return "en"
    return db.session.scalar(
        select(Registration.language).where(Registration.id == message.registration_id)
    ) or "en"


def _deliver_one(message: OutboxMessage, now: datetime, transport, sender: str,
                 trouble: str | None, report: DeliveryReport) -> str | None:
    """Send one claimed message and record the outcome; return the server trouble, if any."""
    config = current_app.config
    if trouble is not None:
        # The server is down: do not knock again for every row of the batch.
        _retry(message, now, trouble, give_up=False, report=report)
        return trouble
    try:
        email = build_email(message, sender=sender, now=now, language=_language_of(message))
        if transport is None:
            path = write_eml(email, message, config["MAIL_OUTBOX_DIR"])
            where = f"written to {path.name}"
        else:
            transport.send(email, email["From"].addresses[0].addr_spec, message.recipient)
            where = "sent"
    except ServerTrouble as exc:
        trouble = clean_error(str(exc))
        _retry(message, now, trouble, give_up=False, report=report)
    except TemporaryRefusal as exc:
        _retry(message, now, clean_error(str(exc)), give_up=True, report=report)
    except (PermanentRefusal, BadMessage) as exc:
        _fail(message, clean_error(str(exc)), report)
    except OSError as exc:
        # Writing the .eml file failed (disk full, permissions): try again later.
        _retry(message, now, clean_error(f"{type(exc).__name__}: {exc}"),
               give_up=False, report=report)
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = datetime.now(UTC)
        message.last_error = None
        report.sent += 1
        log.info("outbox %s %s to %s: %s", message.id, message.kind,
                 redact_recipient(message.recipient), where)
    return trouble


def _retry(message: OutboxMessage, now: datetime, error: str, *, give_up: bool,
           report: DeliveryReport) -> None:
    max_attempts = current_app.config.get("MAIL_MAX_ATTEMPTS", 8)
    if give_up and message.attempts >= max_attempts:
        _fail(message, error, report)
        return
    message.last_error = error
    message.next_attempt_at = now + retry_delay(message.attempts)
    report.retrying += 1
    log.warning("outbox %s %s to %s: attempt %s failed, retrying after %s: %s",
                message.id, message.kind, redact_recipient(message.recipient),
                message.attempts, message.next_attempt_at.isoformat(timespec="seconds"), error)


def _fail(message: OutboxMessage, error: str, report: DeliveryReport) -> None:
    message.status = OutboxStatus.FAILED
    message.last_error = error
    report.failed += 1
    log.error("outbox %s %s to %s: given up after %s attempts: %s",
              message.id, message.kind, redact_recipient(message.recipient),
              message.attempts, error)
