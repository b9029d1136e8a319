"""Event queries and rules shared by pages, feeds and the CLI."""

from functools import cache

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload, selectinload

from roundtable.agenda.models import AgendaItem, AgendaKind, AgendaRole
from roundtable.db_types import utcnow
from roundtable.events.models import Event, EventSeries, EventStatus
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def event_content_options():
    """Loader options for what an event shows (series, sponsors, agenda, people), in a
    fixed number of queries; shared by the pages and the calendar feeds."""
    return (
        joinedload(Event.series),  # many-to-one: in the same query
        selectinload(Event.sponsors).selectinload(EventSponsor.organization),
        selectinload(Event.agenda_items)
        .selectinload(AgendaItem.roles)
        .selectinload(AgendaRole.person),
    )


def full_event_options():
    """Loader options for an event's page: its content and its organizers."""
    return (*event_content_options(), selectinload(Event.organizers))


def public_events():
    """Select published and cancelled events with what their listings show."""
    return (
        select(Event)
        .where(Event.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Event.series), selectinload(Event.sponsors).selectinload(
            EventSponsor.organization
        ))
    )


def upcoming_and_past() -> tuple[list[Event], list[Event]]:
    """Return public events that have not ended (soonest first) and past ones (latest first)."""
    now = utcnow()
    upcoming = db.session.scalars(
        public_events().where(Event.ends_at >= now).order_by(Event.starts_at)
    ).all()
    past = db.session.scalars(
        public_events().where(Event.ends_at < now).order_by(Event.starts_at.desc())
    ).all()
    return list(upcoming), list(past)


def get_event_by_slug(slug: str) -> Event | None:
    """Return the event with this slug and its series, whatever its status.

    Not its agenda, sponsors or organizers: the event page's body comes from
    events/page_cache.py (which loads them on a miss), and this is the hot path.
    """
    return db.session.scalar(_event_by_slug(), {"slug": slug})


# Built once (functools.cache): on the hot paths, building a statement and its cache
# key cost as much as running it.
@cache
def _event_by_slug():
    return select(Event).where(Event.slug == bindparam("slug")).options(joinedload(Event.series))


def load_content(event: Event) -> Event:
    """Load what ``event`` shows (sponsors, agenda, people) where not loaded yet.

    A fixed number of queries, where reading them one by one would cost one per
    agenda item and person: pages, calendar entries and invitations call this first.
    Already loaded (a bulk notice writes one invitation per registrant), it queries nothing.
    """
    if not {"sponsors", "agenda_items"} & inspect(event).unloaded:
        return event
    return db.session.scalar(
        select(Event).where(Event.id == event.id).options(*event_content_options())
    )


def agenda_has_reception(event_id: int) -> bool:
    """Whether the event's agenda has a reception, without loading the agenda."""
    reception = select(AgendaItem.id).where(AgendaItem.event_id == event_id,
                                            AgendaItem.kind == AgendaKind.RECEPTION)
    return bool(db.session.scalar(select(reception.exists())))


def get_public_event(slug: str) -> Event | None:
    """Return the event if the public may see it."""
    event = get_event_by_slug(slug)
    return event if event is not None and event.is_public else None


def get_series_by_slug(slug: str) -> EventSeries | None:
    """Return a series by slug."""
    return db.session.scalar(select(EventSeries).where(EventSeries.slug == slug))


def public_editions(series: EventSeries) -> list[Event]:
    """Return a series' public editions, newest first."""
    return list(
        db.session.scalars(
            public_events().where(Event.series_id == series.id).order_by(Event.starts_at.desc())
        )
    )


def events_managed_by(user) -> list[Event]:
    """Return the events this organizer manages (admins: all), upcoming first."""
    query = select(Event).options(selectinload(Event.series))
    if not user.is_admin:
        query = query.where(Event.organizers.any(id=user.id))
    events = list(db.session.scalars(query.order_by(Event.starts_at)))
    now = utcnow()
    upcoming = [e for e in events if e.ends_at >= now]
    past = sorted((e for e in events if e.ends_at < now), key=lambda e: e.starts_at, reverse=True)
    return upcoming + past


def get_event_with_details(event_id: int) -> Event | None:
    """Return an event by id with series, sponsors, agenda and organizers loaded."""
    return db.session.scalar(
        select(Event).where(Event.id == event_id).options(*full_event_options())
    )
