"""Zoom for real: meetings from events, personal join links, webhooks, attendance.

Configured by ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (a
Server-to-Server OAuth app); without them events keep a pasted link and
nothing here calls Zoom. Work is queued (queue.py) in the transaction of the
change behind it and done by ``flask roundtable zoom sync`` (worker.py).
"""

from flask import Blueprint

bp = Blueprint("zoom", __name__)


def register(app) -> None:
    """Template helpers, and the signal receivers that queue Zoom work."""
    from roundtable.zoom import queue
    from roundtable.zoom.client import configured
    from roundtable.zoom.links import join_link

    app.jinja_env.globals["zoom_join_link"] = join_link
    app.jinja_env.globals["zoom_configured"] = lambda: configured(app.config)
    queue.connect()
