"""Single-use, expiring account links (invitation, password reset, email change)."""

import secrets
from datetime import timedelta

from sqlalchemy import select, update

from roundtable.auth.models import AccountToken, TokenPurpose
from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.security import token_digest

LIFETIMES = {
    TokenPurpose.INVITATION: timedelta(days=7),
    TokenPurpose.RESET: timedelta(hours=1),
    TokenPurpose.EMAIL: timedelta(hours=24),
}


def issue(purpose: TokenPurpose, email: str, **fields) -> tuple[AccountToken, str]:
    """Store a new link's hash and return the row and the secret to email."""
    token = secrets.token_urlsafe(32)
    row = AccountToken(
        purpose=purpose,
        token_hash=token_digest(token),
        email=email,
        expires_at=utcnow() + LIFETIMES[purpose],
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row, token


def find_usable(purpose: TokenPurpose, token: str) -> AccountToken | None:
    """Return the unused, unexpired link for this secret, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == token_digest(token), AccountToken.purpose == purpose
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def consume(row: AccountToken) -> bool:
    """Mark a link used; False if another request used it first (single use under races)."""
    result = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    return result.rowcount == 1


def retire_account_links(user_id: int) -> None:
    """Retire every outstanding reset and email-change link of an account.

    Called whenever the credentials they protect change: a new password (set by
    any path, a reset link included) or a new email address.
    """
    for purpose in (TokenPurpose.RESET, TokenPurpose.EMAIL):
        retire(purpose, user_id=user_id)


def retire(purpose: TokenPurpose, *, user_id: int | None = None, email: str | None = None) -> None:
    """Mark every unused link of a purpose for this account or address used."""
    query = update(AccountToken).where(
        AccountToken.purpose == purpose, AccountToken.used_at.is_(None)
    )
    if user_id is not None:
        query = query.where(AccountToken.user_id == user_id)
    if email is not None:
        query = query.where(AccountToken.email == email)
    db.session.execute(query.values(used_at=utcnow()).execution_options(synchronize_session=False))
