"""Per-recipient limits on mail that anyone can ask us to send to someone else."""

from datetime import timedelta

from sqlalchemy import func, select, text

from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage


def recipient_allows(recipient: str, kind: str, limit: int, window: timedelta) -> bool:
    """Return whether fewer than ``limit`` messages of ``kind`` went to ``recipient`` lately.

    Counted in the outbox itself, so the limit holds across processes and hosts
    whatever the client address, and needs no rate-limit store. Requests for one
    address and kind take turns until their transaction ends, so simultaneous ones
    cannot all count the same few rows and all queue.
    """
    _serialise(kind, recipient)
    since = utcnow() - window
    sent = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == kind,
            func.lower(OutboxMessage.recipient) == recipient.strip().lower(),
            OutboxMessage.created_at >= since,
        )
    )
    return sent < limit


# PostgreSQL: a transaction-scoped advisory lock on the (kind, address) pair.
# SQLite: a write that changes nothing takes the database's write lock (writers
# take turns there anyway; the driver begins the transaction at the first write).
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_SQLITE_WRITE_LOCK = text("UPDATE outbox_messages SET id = id WHERE 1 = 0")


def _serialise(kind: str, recipient: str) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(_ADVISORY_LOCK, {"key": f"{kind}:{recipient.strip().lower()}"})
    else:
        db.session.execute(_SQLITE_WRITE_LOCK)
