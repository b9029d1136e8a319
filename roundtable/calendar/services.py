"""Queries behind the calendar feeds: cheap fingerprints first, full loads second."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import joinedload

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.calendar.ics import FORMAT_VERSION
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
    """Load the events matching ``where`` with sponsors and agenda, oldest first."""
    query = (
        select(Event)
        .where(where)
        .options(*event_content_options())
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


def fingerprint(
    where: ColumnElement[bool], *, extra: tuple = (), extra_stamps: tuple = ()
) -> Validators:
    """Return an ETag and Last-Modified for the events matching ``where``, in one query.

    Covers the events (count, ids, newest update, sequences), their agenda items,
    the people on them, and their sponsors. EventSponsor and AgendaRole rows carry
    no timestamp, so their ids, order and role names go into the sums.
    """
    ids = select(Event.id).where(where).scalar_subquery()
    events = select(
        func.count(Event.id),
        func.coalesce(func.sum(Event.id), 0),
        func.coalesce(func.sum(Event.sequence * 1000003 + Event.id), 0),
        func.max(Event.updated_at),
    ).where(where)
    items = select(
        func.count(AgendaItem.id),
        func.coalesce(func.sum(AgendaItem.id), 0),
        func.max(AgendaItem.updated_at),
    ).where(AgendaItem.event_id.in_(ids))
    roles = (
        select(
            func.count(AgendaRole.id),
            func.coalesce(
                func.sum(
                    AgendaRole.id * (func.length(AgendaRole.role) + 7 * AgendaRole.sort_order)
                    + AgendaRole.person_id
                ),
                0,
            ),
            func.max(Person.updated_at),
        )
        .join(Person, Person.id == AgendaRole.person_id)
        .join(AgendaItem, AgendaItem.id == AgendaRole.agenda_item_id)
        .where(AgendaItem.event_id.in_(ids))
    )
    sponsors = (
        select(
            func.count(EventSponsor.id),
            func.coalesce(
                func.sum(
                    EventSponsor.id * (func.length(EventSponsor.role) + 7 * EventSponsor.sort_order)
                    + EventSponsor.organization_id
                ),
                0,
            ),
            func.max(Organization.updated_at),
        )
        .join(Organization, Organization.id == EventSponsor.organization_id)
        .where(EventSponsor.event_id.in_(ids))
    )
    # One round trip: four one-row aggregates joined side by side.
    subs = [q.subquery() for q in (events, items, roles, sponsors)]
    joined = subs[0]
    for sub in subs[1:]:
        joined = joined.join(sub, true())
    columns, stamp_positions = [], []
    for sub in subs:
        columns += list(sub.c)
        stamp_positions.append(len(columns) - 1)  # each group ends with its newest update
    row = db.session.execute(select(*columns).select_from(joined)).one()
    stamps = [row[i] for i in stamp_positions] + list(extra_stamps)
    stamps = [s for s in stamps if s is not None]
    return _validators((*row, *extra), max(stamps) if stamps else None, row[0])


def registration_fingerprint(registration: Registration) -> Validators:
    """Validators for a registrant's feed: their row plus their (public) event's."""
    return fingerprint(
        event_filter(registration.event_id),
        extra=(
            "registration",
            registration.id,
            registration.status,
            registration.mode,
            registration.updated_at,
        ),
        extra_stamps=(registration.updated_at,),
    )


def _validators(values: tuple, last_modified: datetime | None, count: int) -> Validators:
    text = "|".join(_stable(v) for v in (FORMAT_VERSION, *values))
    return Validators(hashlib.sha256(text.encode()).hexdigest()[:32], last_modified, count)


def _stable(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
