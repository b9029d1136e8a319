"""What the offline door keeps on the device, and nothing more."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for

from roundtable.events.models import Event
from roundtable.registration import door, services

# The only fields of a person the device stores (IndexedDB); the rest stays on the server.
STORED_FIELDS = ("id", "name", "affiliation", "status", "action", "question", "rule",
                 "expected", "walk_in", "checked_in", "code_hash")


def door_payload(event: Event) -> dict:
    """The event's door list and what the device needs to act on it offline."""
    counter = door.counter(event)
    return {
        "event": {
            "id": event.id,
            "title": event.title,
            "capacity": event.capacity_in_person,
            # Asked on the device before a check-in before the event's own day (in its
            # zone), as the server asks: the device compares its today with local_day.
            "early_question": services.early_question(
                event, event.starts_at - timedelta(days=1)) or "",
            "local_day": event.local_start.date().isoformat(),
            "timezone": event.timezone,
            "cancelled": event.is_cancelled,
        },
        "urls": {
            "sync": url_for("registration.door_sync_actions", event_id=event.id),
            "shell": url_for("registration.checkin_shell", event_id=event.id),
        },
        "counter": counter.as_json(),
        # The email is searched while online; the device does not keep it (STORED_FIELDS).
        "people": [{**_stored(entry.as_json()), "email": entry.registration.email}
                   for entry in door.entries(event, everyone=True)],
    }


def _stored(entry: dict) -> dict:
    return {key: entry[key] for key in STORED_FIELDS}
