"""Manage-link tokens: derived from the secret key, stored only as a hash."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.registration.models import Registration

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(registration: Registration) -> str:
    """Give a new registration its nonce and token hash; return the token.

    The token is an HMAC of a random nonce, so the same link can be sent again
    later (a repeated registration resends it) while the database holds only
    the nonce and a hash: a database dump alone never yields a working link.
    """
    registration.token_nonce = secrets.token_hex(16)
    token = token_for(registration)
    registration.manage_token_hash = _hash(token)
    return token


def token_for(registration: Registration) -> str:
    """Recompute a registration's manage token."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"manage:{registration.token_nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def find_registration(token: str) -> Registration | None:
    """Return the registration this token manages, or None for unknown or tampered tokens."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.manage_token_hash == _hash(token))
    )
