"""The event page's hot path: one statement for what its header and cache key need.

The API's validators read the same glance (``versioned=True``, api/versions.py).

A public event page is kept whole for anonymous visitors (events/page_cache.py),
keyed by the event's content version, its series, its schedule and its seat
counts. Reading those as a full Event (every column, through the identity map)
and then counting seats in a second query cost more than the rest of a cached
page; this reads them in one Core statement, the counts as index-only subqueries.
The statement is built once: building it anew cost more than running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from roundtable.events.models import Event, EventSeries, Scheduled
from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus

SEATS = [(mode, status) for mode in AttendanceMode
         for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)]


@dataclass(frozen=True, eq=False)
class EventGlance(Scheduled):
    """An event row's schedule, content version, series and seat counts, read at once."""

    id: int
    slug: str
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
    series_key: tuple[int, str, str, str | None] | None
    counts: dict[tuple[str, str], int] | None
    # Read only with ``versioned=True`` (the API's validators, api/versions.py).
    updated_at: datetime | None = None
    registrations_changed_at: datetime | None = None

    def last_modified(self, now: datetime) -> datetime:
        """The latest of its content, its registrations and any schedule boundary passed
        (``versioned=True``)."""
        stamps = [self.updated_at, self.registrations_changed_at, self.registration_opens_at,
                  self.registration_closes_at, self.starts_at, self.ends_at]
        return max(s for s in stamps if s is not None and s <= now)


def _seats(mode: str, status: str):
    """A correlated count of the event's registrations in one (mode, status)."""
    return (
        select(func.count())
        .where(Registration.event_id == Event.id, Registration.mode == mode,
               Registration.status == status)
        .scalar_subquery()
    )


_COLUMNS = (Event.id, Event.slug, Event.status, Event.format, Event.timezone, Event.starts_at,
            Event.ends_at, Event.registration_opens_at, Event.registration_closes_at,
            Event.capacity_in_person, Event.capacity_online, Event.calendar_version)


@cache
def _query(seats: bool, versioned: bool = False):
    counts = [_seats(mode, status) for mode, status in SEATS] if seats else []
    stamps = []
    if versioned:
        stamps = [Event.updated_at,
                  select(func.max(Registration.updated_at))
                  .where(Registration.event_id == Event.id).scalar_subquery()]
    return (
        select(*_COLUMNS, EventSeries.id, EventSeries.slug, EventSeries.name,
               EventSeries.name_es, *stamps, *counts)
        .outerjoin(EventSeries, Event.series_id == EventSeries.id)
        .where(Event.slug == bindparam("slug"))
    )


def glance(slug: str, *, seats: bool = True, versioned: bool = False) -> EventGlance | None:
    """The event with this slug at a glance, whatever its status; None if there is none.

    ``seats=False`` leaves the counts out (``counts`` is None): a registration counts
    them again under the event's lock anyway. ``versioned=True`` also reads its
    ``updated_at`` and its registrations' latest change, for ``last_modified``.
    """
    # Core on the session's connection: same transaction, none of the ORM's bookkeeping.
    row = db.session.connection().execute(_query(seats, versioned), {"slug": slug}).first()
    if row is None:
        return None
    fields = row[:len(_COLUMNS)]
    at = len(_COLUMNS)
    series = tuple(row[at:at + 4])
    series = series if series[0] is not None else None
    at += 4
    stamps = {}
    if versioned:
        stamps = {"updated_at": row[at], "registrations_changed_at": row[at + 1]}
        at += 2
    counts = None
    if seats:
        found = zip(SEATS, row[at:], strict=True)
        counts = {key: n for key, n in found if n}
    return EventGlance(*fields, series_key=series, counts=counts, **stamps)
