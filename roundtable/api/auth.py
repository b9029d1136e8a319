"""Token authentication for the organizer API: ``Authorization: Bearer rt_…`` only.

Session cookies never authenticate here: these views never read ``current_user``,
and CSRF does not apply (the blueprint is exempt), since a browser does not send
the header by itself.
"""

from __future__ import annotations

import functools

from flask import g, request
from flask_babel import gettext as _
from flask_smorest import abort

from roundtable.api import tokens
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.security import token_digest

BEARER = [{"bearerAuth": []}]


def rate_key() -> str:
    """Rate limits count per token (by its hash), or per address without one."""
    header = request.headers.get("Authorization", "")
    if header:
        return "token:" + token_digest(header)[:32]
    return "addr:" + (request.remote_addr or "")


def token_required(scope: str):
    """Let the view run only for a usable token that carries ``scope``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            token = tokens.authenticate(request.headers.get("Authorization"))
            if token is None:
                db.session.commit()  # nothing to keep, but end the read transaction
                abort(401, code="unauthorized",
                      message=_("A valid API token is required."),
                      headers={"WWW-Authenticate": 'Bearer realm="roundtable"'})
            # Last use is kept even when the request itself fails later.
            db.session.commit()
            if scope and not token.allows(scope):
                abort(403, code="insufficient_scope",
                      message=_("This token may not do that: it needs the “%(scope)s” scope.",
                                scope=scope))
            g.api_token = token
            g.api_user = token.user
            return view(*args, **kwargs)

        return wrapper

    return decorate


def managed_event_or_404(event_id: int) -> Event:
    """The event if the token's organizer manages it; 404 otherwise, as on the web."""
    event = db.session.get(Event, event_id)
    if event is None or not event.is_organized_by(g.api_user):
        abort(404, code="not_found", message=_("You organize no event with this id."))
    return event
