"""Zoom's webhook: who may call it, and how fast it answers.

Zoom signs each delivery: ``x-zm-signature`` is ``v0=`` + HMAC-SHA256 (keyed by
the app's secret token) of ``v0:{x-zm-request-timestamp}:{body}``. A delivery
is accepted only when that matches (compared in constant time) and the
timestamp is within 5 minutes; anything else gets 401 and changes nothing.
The ``endpoint.url_validation`` challenge is answered with the HMAC of its
``plainToken``. An accepted delivery is only recorded (its digest, so a replay
changes nothing) and queued: the worker does the work, well within Zoom's 3
seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.zoom.models import ZoomDelivery
from roundtable.zoom.queue import enqueue

MAX_SKEW = 300  # seconds

HANDLED = {
    f"{kind}.{what}" for kind in ("meeting", "webinar")
    for what in ("participant_joined", "participant_left", "ended", "updated", "deleted")
}


class Refused(Exception):
    """Not from Zoom, stale or malformed: answer 401, change nothing."""


def sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, timestamp: str | None, signature: str | None,
           now: float | None = None) -> None:
    if not secret or not timestamp or not signature:
        raise Refused("unsigned")
    try:
        sent = int(timestamp)
    except ValueError:
        raise Refused("bad timestamp") from None
    # Zoom sends seconds; accept milliseconds too.
    if sent > 10**11:
        sent //= 1000
    if abs((now if now is not None else time.time()) - sent) > MAX_SKEW:
        raise Refused("stale")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("not UTF-8") from None
    expected = "v0=" + sign(secret, f"v0:{timestamp}:{text}")
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise Refused("bad signature")


def receive(secret: str, body: bytes, headers) -> dict | None:
    """Check and queue one delivery; the challenge's answer, or None. Raises Refused."""
    verify(secret, body, headers.get("x-zm-request-timestamp"), headers.get("x-zm-signature"))
    try:
        data = json.loads(body)
    except ValueError:
        raise Refused("not JSON") from None
    if not isinstance(data, dict):
        raise Refused("not an object")
    name = data.get("event")
    if name == "endpoint.url_validation":
        plain = str((data.get("payload") or {}).get("plainToken", ""))
        return {"plainToken": plain, "encryptedToken": sign(secret, plain)}
    digest = hashlib.sha256(body).hexdigest()
    if db.session.scalar(select(ZoomDelivery.id).where(ZoomDelivery.digest == digest)):
        return None  # a replay: already queued once
    db.session.add(ZoomDelivery(digest=digest))
    if name in HANDLED:
        enqueue("webhook", payload=data)
    return None
