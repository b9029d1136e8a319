"""Read account links out of the outbox, as an organizer would from their inbox."""

import re

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage


def messages(app, kind: str, recipient: str | None = None) -> list[OutboxMessage]:
    """Every queued message of ``kind`` (to ``recipient``), oldest first."""
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.kind == kind)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        rows = list(db.session.scalars(query.order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def link(app, kind: str, recipient: str | None = None) -> str:
    """The path of the account link in the latest message of ``kind``."""
    found = messages(app, kind, recipient)
    assert found, f"no {kind} message queued"
    match = re.search(r"http://roundtable\.test(/account/[a-z-]+/[A-Za-z0-9_\-]+)",
                      found[-1].body_text)
    assert match, found[-1].body_text
    return match.group(1)
