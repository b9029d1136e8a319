"""Queries behind the calendar feeds: cheap validators first, full loads second."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload, selectinload

from roundtable.calendar.changes import site_version
from roundtable.calendar.ics import FORMAT_VERSION
from roundtable.calendar.models import CALENDARS_SCOPE
from roundtable.events.models import Event, EventSeries
from roundtable.events.services import PUBLIC_STATUSES, event_content_options
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.registration.models import Registration


@dataclass(frozen=True)
class Validators:
    """What HTTP caching needs, computed without building the calendar."""

    etag: str
    last_modified: datetime | None
    count: int  # events matched: 0 means there is nothing public to serve


def public_event_filter() -> ColumnElement[bool]:
    return Event.status.in_(PUBLIC_STATUSES)


def series_filter(series: EventSeries) -> ColumnElement[bool]:
    return (Event.series_id == series.id) & public_event_filter()


def organization_filter(org: Organization) -> ColumnElement[bool]:
    return Event.sponsors.any(EventSponsor.organization_id == org.id) & public_event_filter()


def event_filter(event_id: int) -> ColumnElement[bool]:
    return (Event.id == event_id) & public_event_filter()


def slug_filter(slug: str) -> ColumnElement[bool]:
    return (Event.slug == slug) & public_event_filter()


def load_events(where: ColumnElement[bool]) -> list[Event]:
    """Load the events matching ``where`` with sponsors and agenda, oldest first.

    As models: the reference ``ics.feed_components`` is built from (tests, bench).
    A build reads rows instead (``rows.load_rows``: one query per table, no ORM).
    """
    query = (
        select(Event)
        .where(where)
        .options(*event_content_options(), selectinload(Event.summary_record))
        .order_by(Event.starts_at, Event.id)
    )
    return list(db.session.scalars(query).unique())


def get_public_event(slug: str) -> Event | None:
    """Return a published or cancelled event with what its VEVENTs show, or None."""
    return db.session.scalar(
        select(Event)
        .where(Event.slug == slug, public_event_filter())
        .options(*event_content_options())
    )


def load_registration(registration_id: int) -> Registration | None:
    """Load a registration and its event with everything the private feed shows."""
    return db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .options(joinedload(Registration.event).options(*event_content_options()))
        .execution_options(populate_existing=True)
    )


def site_validators(*extra) -> Validators:
    """Validators of a public feed: the calendars' version, one primary-key lookup.

    The version moves in the same transaction as every change a public calendar
    shows, and only then (``stamps.py``), so nothing is aggregated on a poll.
    """
    version, changed_at = site_version(db.session, CALENDARS_SCOPE)
    return _validators((version, *extra), changed_at, 1)


def event_validators(where: ColumnElement[bool], *extra) -> Validators:
    """Validators of one event's calendars: the digest of what they show and when that
    last changed (calendar/stamps.py), one indexed lookup. An edit no calendar shows
    moves neither; an event from before its digest uses its content version."""
    row = db.session.execute(
        select(Event.id, Event.calendar_digest, Event.calendar_version,
               Event.calendar_changed_at).where(where)
    ).first()
    if row is None:
        return Validators("", None, 0)
    event_id, digest, version, changed_at = row
    return _validators((event_id, digest or f"v{version}", changed_at, *extra), changed_at, 1)


def registration_validators(registration: Registration, *extra) -> Validators:
    """Validators of a registrant's feed: their row plus their (public) event's version."""
    validators = event_validators(
        event_filter(registration.event_id),
        "registration",
        registration.id,
        registration.status,
        registration.mode,
        registration.updated_at,
        *extra,
    )
    if not validators.count:
        return validators
    stamp = max(validators.last_modified, registration.updated_at)
    return Validators(validators.etag, stamp, 1)


def _validators(values: tuple, last_modified: datetime | None, count: int) -> Validators:
    text = "|".join(_stable(v) for v in (FORMAT_VERSION, *values))
    return Validators(hashlib.sha256(text.encode()).hexdigest()[:32], last_modified, count)


def _stable(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
