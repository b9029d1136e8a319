"""Idempotency-Key: a write sent again with the same key gets the first answer again.

The key is kept per token with the first successful answer, in the same transaction
as the write, so a write and its kept answer commit (or roll back) together. Two
requests racing with one key: the second's insert hits the unique constraint, its
whole transaction (its write included) rolls back, and it replays the first answer.
A key reused for another request (method, path or body) is refused.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import timedelta

from flask import Response, current_app, g, request
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from roundtable.api.models import IdempotentAnswer
from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.validation import FieldErrors

HEADER = "Idempotency-Key"
# How long a key is remembered: a client retrying after a day is sending something new.
KEPT_FOR = timedelta(days=1)
DOC = {"in": "header", "name": HEADER, "required": False,
       "schema": {"type": "string", "maxLength": 255},
       "description": "Any unique string (a UUID): sending the same write again with the same "
                      "key answers with the first answer instead of writing twice."}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.get_data()):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _kept(key: str) -> IdempotentAnswer | None:
    return db.session.scalar(select(IdempotentAnswer).where(
        IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.key == key,
        IdempotentAnswer.created_at > utcnow() - KEPT_FOR))


def _forget_old() -> None:
    # The token's keys older than a day go as it writes new ones: the table stays small.
    db.session.execute(delete(IdempotentAnswer).where(
        IdempotentAnswer.token_id == g.api_token.id,
        IdempotentAnswer.created_at <= utcnow() - KEPT_FOR))


def _replay(kept: IdempotentAnswer) -> Response:
    if kept.fingerprint != _fingerprint():
        abort(422, code="idempotency_key_reused",
              message=_("This Idempotency-Key was used for another request."))
    response = current_app.response_class(kept.body, status=kept.status,
                                          mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view):
    """Commit the view's write; with an Idempotency-Key, keep or replay its answer."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if len(key) > 255:
            abort(400, code="bad_request",
                  message=_("An Idempotency-Key has at most 255 characters."))
        if key and (kept := _kept(key)) is not None:
            return _replay(kept)
        try:
            response = view(*args, **kwargs)
            if key and response.status_code < 500:
                _forget_old()
                db.session.add(IdempotentAnswer(
                    token_id=g.api_token.id, key=key, fingerprint=_fingerprint(),
                    status=response.status_code, body=response.get_data(as_text=True)))
            db.session.commit()
        except FieldErrors as exc:
            # A rule the models enforce on flush (single-line text, ...): nothing is written.
            db.session.rollback()
            abort(422, code="invalid_input", message=_("Some values are not valid."),
                  fields={name: [message] for name, message in exc.errors.items()})
        except IntegrityError:
            db.session.rollback()
            kept = _kept(key) if key else None
            if kept is None:
                raise
            return _replay(kept)
        return response

    return wrapper
