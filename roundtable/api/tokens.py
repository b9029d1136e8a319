"""Personal API tokens: made for an organizer, shown once, kept as a SHA-256, revocable."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from roundtable.api.models import SCOPES, ApiToken
from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.security import token_digest
from roundtable.validation import FieldErrors

PREFIX = "rt_"
# Last use is written at most this often: a busy integration should not write on every read.
LAST_USED_EVERY = timedelta(minutes=1)


def create_token(user, name: str, scopes: list[str],
                 expires_in_days: int | None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token, which is never shown again."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, such as the tool that will use it.")
    if not scopes or any(scope not in SCOPES for scope in scopes):
        errors["scopes"] = _("Choose at least one thing the token may do.")
    if errors:
        raise FieldErrors(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name[:100], prefix=secret[:10], token_hash=token_digest(secret),
        scopes=" ".join(s for s in SCOPES if s in scopes),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones too: their history stays visible)."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(user, token_id: int) -> ApiToken | None:
    """Revoke one of ``user``'s tokens; None if they have no such token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return None
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def authenticate(header: str | None, now: datetime | None = None) -> ApiToken | None:
    """The usable token named by an ``Authorization: Bearer …`` header, else None."""
    scheme, _sep, secret = (header or "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    now = now or utcnow()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        token.last_used_at = now
        db.session.flush()
    return token
