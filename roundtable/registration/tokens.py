"""Manage-link tokens: derived from the secret key, stored only as a hash."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.security import token_digest

TOKEN_BYTES = 32


def _sign(key: str, nonce: str) -> str:
    digest = hmac.new(key.encode(), f"manage:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def signing_keys() -> list[str]:
    """SECRET_KEY, then SECRET_KEY_FALLBACKS newest first (Flask lists them oldest first)."""
    config = current_app.config
    return [config["SECRET_KEY"], *reversed(config.get("SECRET_KEY_FALLBACKS") or [])]


def issue_token(registration: Registration) -> str:
    """Give a registration a new nonce and token hash; return the token.

    The token is an HMAC of a random nonce, so the same link can be sent again
    later (a repeated registration resends it) while the database holds only
    the nonce and a hash: a database dump alone never yields a working link.
    Issuing again replaces the hash, so the previous link stops working.
    """
    registration.token_nonce = secrets.token_hex(16)
    token = _sign(current_app.config["SECRET_KEY"], registration.token_nonce)
    registration.manage_token_hash = token_digest(token)
    return token


def token_for(registration: Registration) -> str:
    """Recompute a registration's manage token: the link it already has, whatever the key.

    After a key rotation the link was signed with a key now in SECRET_KEY_FALLBACKS:
    recompute it with that key, so later emails carry the link that works (and the
    link already sent keeps working). Once that key is gone the link cannot be
    recomputed, so a new one is issued under the current key.
    """
    for key in signing_keys():
        token = _sign(key, registration.token_nonce)
        if hmac.compare_digest(token_digest(token), registration.manage_token_hash or ""):
            return token
    return issue_token(registration)


def find_registration(token: str) -> Registration | None:
    """Return the registration this token manages, or None for unknown or tampered tokens."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.manage_token_hash == token_digest(token))
    )
