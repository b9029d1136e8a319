"""Queueing Zoom work from what the domains announce (roundtable/signals.py).

Receivers run inside the transaction of the change and only add ZoomTask rows,
so a rolled-back registration queues nothing and a committed one is never
lost; the request that holds the event's row lock never calls Zoom. Without
Zoom credentials they return before touching the database.
"""

from __future__ import annotations

import json

from flask import current_app

from roundtable import signals
from roundtable.extensions import db
from roundtable.zoom.client import configured
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.models import ZoomTask

# Registration changes that cannot change who is on Zoom.
_NOT_ZOOM = {"checked_in", "check_in_undone", "walk_in"}
# Event fields the Zoom meeting shows.
MEETING_FIELDS = {"title", "starts_at", "ends_at", "timezone", "summary", "description"}
# Event changes after which every registrant is checked again (who may join changed).
_EVERYONE = {"format", "capacity_online", "status"}


def enqueue(kind: str, *, event_id: int | None = None, registration_id: int | None = None,
            payload: dict | None = None) -> ZoomTask:
    task = ZoomTask(kind=kind, event_id=event_id, registration_id=registration_id,
                    payload=json.dumps(payload) if payload is not None else None)
    db.session.add(task)
    return task


def _active() -> bool:
    return configured(current_app.config)


def on_registration_changed(registration, kind: str, before=None, **_) -> None:
    if kind in _NOT_ZOOM or not _active():
        return
    if managed_meeting(registration.event) is None:
        return
    was_online = before is not None and before.mode == "online" and before.status == "confirmed"
    if registration.may_see_zoom or was_online or registration.zoom is not None:
        enqueue("registrant", event_id=registration.event_id, registration_id=registration.id)


def on_event_changed(event, kind: str, changes=(), **_) -> None:
    if not _active() or managed_meeting(event) is None:
        return
    if kind == "updated" and MEETING_FIELDS & set(changes):
        enqueue("meeting", event_id=event.id)
    if kind in ("cancelled", "reinstated") or (kind == "updated" and _EVERYONE & set(changes)):
        enqueue("registrants", event_id=event.id)


def connect() -> None:
    """Subscribe once (weakly held functions would vanish; these are module-level)."""
    signals.registration_changed.connect(on_registration_changed)
    signals.event_changed.connect(on_event_changed)
