"""Per-recipient limits on mail that anyone can ask us to send to someone else."""

from datetime import timedelta

from sqlalchemy import func, select

from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage


def recipient_allows(recipient: str, kind: str, limit: int, window: timedelta) -> bool:
    """Return whether fewer than ``limit`` messages of ``kind`` went to ``recipient`` lately.

    Counted in the outbox itself, so the limit holds across processes and hosts
    whatever the client address, and needs no rate-limit store.
    """
    since = utcnow() - window
    sent = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == kind,
            func.lower(OutboxMessage.recipient) == recipient.strip().lower(),
            OutboxMessage.created_at >= since,
        )
    )
    return sent < limit
