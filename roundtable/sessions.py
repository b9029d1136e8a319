"""The session cookie, left off responses that shared caches may keep."""

from __future__ import annotations

from flask import g
from flask.sessions import SecureCookieSessionInterface


class PublicAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except on responses marked ``g.public_response``.

    Reading the session (Flask-Login does on every request) makes Flask add
    ``Vary: Cookie``, which stops shared caches from sharing public calendar
    feeds; those responses carry nothing from the session, so we neither vary
    on it nor set it.
    """

    def save_session(self, app, session, response) -> None:
        if g.get("public_response"):
            return
        super().save_session(app, session, response)
