"""Webhook deliveries queued from what the domains announce (roundtable/signals.py).

Receivers run inside the change's transaction and only add rows: a rolled-back
registration queues nothing, and no receiver is ever called from a request. The
deliverer (webhooks/delivery.py) posts them later, so a slow receiver never slows
a registration.
"""

from __future__ import annotations

import json
import uuid
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, or_, select

from roundtable.db_types import utcnow
from roundtable.events.models import event_organizers
from roundtable.extensions import db
from roundtable.signals import attendance_imported, event_changed, registration_changed
from roundtable.webhooks.models import PING, WebhookDelivery, WebhookEndpoint

REGISTRATION_KINDS = {
    "created": "registration.created",
    "walk_in": "registration.created",
    "cancelled": "registration.cancelled",
    "promoted": "registration.promoted",
    "mode_changed": "registration.mode_changed",
    "checked_in": "checkin.created",
    "admitted": "checkin.created",  # let in at the door: confirmed and checked in
}
EVENT_KINDS = {"updated": "event.updated", "cancelled": "event.cancelled"}


def _api(path: str) -> str:
    return f"{current_app.config['SITE_URL'].rstrip('/')}/api/v1{path}"


@cache
def _endpoints_statement():
    # Built once (functools.cache), run as Core: it is on the registration's hot path.
    organizers = (select(event_organizers.c.user_id)
                  .where(event_organizers.c.event_id == bindparam("event_id")))
    return select(WebhookEndpoint.id, WebhookEndpoint.kinds).where(
        WebhookEndpoint.active.is_(True),
        or_(WebhookEndpoint.event_id == bindparam("event_id"),
            WebhookEndpoint.event_id.is_(None) & WebhookEndpoint.user_id.in_(organizers)))


def endpoints_for(event_id: int, kind: str) -> list[int]:
    """Ids of the active endpoints for this event that want ``kind``: its own, and its
    organizers' all-events ones. One indexed statement."""
    rows = db.session.connection().execute(_endpoints_statement(), {"event_id": event_id})
    return [endpoint_id for endpoint_id, kinds in rows
            if kind == PING or kind in kinds.split()]


def body(kind: str, data: dict, links: dict) -> str:
    """The small JSON every receiver gets: ids, kind, time, links to the full resources."""
    return json.dumps({"id": str(uuid.uuid4()), "kind": kind,
                       "created_at": utcnow().isoformat(), "data": data, "links": links},
                      ensure_ascii=False)


def enqueue(endpoint_id: int, kind: str, text: str) -> WebhookDelivery:
    delivery = WebhookDelivery(endpoint_id=endpoint_id, kind=kind, body=text,
                               next_attempt_at=utcnow())
    db.session.add(delivery)
    return delivery


def _queue(event_id: int, kind: str, data: dict, links: dict) -> None:
    endpoints = endpoints_for(event_id, kind)
    if endpoints:
        text = body(kind, data, links)
        for endpoint_id in endpoints:
            enqueue(endpoint_id, kind, text)


@registration_changed.connect
def _registration_changed(registration, kind: str, before=None, **_extra) -> None:
    hook = REGISTRATION_KINDS.get(kind)
    if hook is None:
        return
    if kind == "walk_in":
        # A walk-in is registered and checked in at once: both are news.
        _registration_changed(registration, "created", before)
        hook = "checkin.created"
    event_id = registration.event_id
    data = {"event_id": event_id, "registration_id": registration.id,
            "status": str(registration.status), "mode": str(registration.mode)}
    if before is not None:
        data["before"] = {"status": before.status, "mode": before.mode}
    links = {"registration": _api(f"/manage/events/{event_id}/registrations/"
                                  f"{registration.id}")}
    _queue(event_id, hook, data, links)


@event_changed.connect
def _event_changed(event, kind: str, changes=(), **_extra) -> None:
    hook = EVENT_KINDS.get(kind)
    if hook is None:
        return
    data = {"event_id": event.id, "slug": event.slug, "changes": list(changes)}
    _queue(event.id, hook, data, {"event": _api(f"/events/{event.slug}")})


@attendance_imported.connect
def _attendance_imported(event, **_extra) -> None:
    _queue(event.id, "attendance.imported", {"event_id": event.id},
           {"attendance": _api(f"/manage/events/{event.id}/attendance")})
