"""One statement per public read says whether the client's copy is current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from roundtable.calendar.changes import site_version
from roundtable.events.glance import SEATS
from roundtable.events.models import Event, Scheduled
from roundtable.events.services import PUBLIC_STATUSES
from roundtable.extensions import db
from roundtable.registration.models import Registration


def site() -> tuple[int, datetime | None]:
    """The public content version and when it moved (calendar/changes.py)."""
    return site_version(db.session)


@dataclass(frozen=True, eq=False)
class EventVersion(Scheduled):
    """An event's row as far as validators and seat counts need it."""

    id: int
    status: str
    format: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    capacity_in_person: int | None
    capacity_online: int | None
    calendar_version: int
    updated_at: datetime
    registrations_changed_at: datetime | None
    counts: dict

    def last_modified(self, now: datetime) -> datetime:
        """The latest of its content, its registrations and any schedule boundary passed."""
        stamps = [self.updated_at, self.registrations_changed_at, self.registration_opens_at,
                  self.registration_closes_at, self.starts_at, self.ends_at]
        return max(s for s in stamps if s is not None and s <= now)


def _seats(mode: str, status: str):
    return (select(func.count())
            .where(Registration.event_id == Event.id, Registration.mode == mode,
                   Registration.status == status)
            .scalar_subquery())


_COLUMNS = (Event.id, Event.status, Event.format, Event.timezone, Event.starts_at,
            Event.ends_at, Event.registration_opens_at, Event.registration_closes_at,
            Event.capacity_in_person, Event.capacity_online, Event.calendar_version,
            Event.updated_at)


@cache
def _event_statement():
    changed = (select(func.max(Registration.updated_at))
               .where(Registration.event_id == Event.id).scalar_subquery())
    return (select(*_COLUMNS, changed, *(_seats(m, s) for m, s in SEATS))
            .where(Event.slug == bindparam("slug"), Event.status.in_(PUBLIC_STATUSES)))


def event(slug: str) -> EventVersion | None:
    """A public event's version and seat counts in one statement; None if not public."""
    row = db.session.connection().execute(_event_statement(), {"slug": slug}).first()
    if row is None:
        return None
    fields = row[:len(_COLUMNS) + 1]
    counts = {key: n for key, n in zip(SEATS, row[len(_COLUMNS) + 1:], strict=True) if n}
    return EventVersion(*fields, counts=counts)
