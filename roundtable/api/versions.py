"""One statement per public read says whether the client's copy is current."""

from __future__ import annotations

from datetime import datetime

from roundtable.calendar.changes import site_version
from roundtable.events.glance import EventGlance, glance
from roundtable.events.services import PUBLIC_STATUSES
from roundtable.extensions import db

# An event's row as far as validators and seat counts need it: the event page's glance
# (events/glance.py) with its content and registrations' stamps (``last_modified``).
EventVersion = EventGlance


def site() -> tuple[int, datetime | None]:
    """The public content version and when it moved (calendar/changes.py)."""
    return site_version(db.session)


def event(slug: str) -> EventVersion | None:
    """A public event's version and seat counts in one statement; None if not public."""
    seen = glance(slug, versioned=True)
    if seen is None or seen.status not in PUBLIC_STATUSES:
        return None
    return seen
