"""Bump content versions in the same transaction as every change public calendars show.

One place for it: SQLAlchemy session events. Before a flush, every event whose
VEVENTs or page may change (itself, its agenda items and their roles, its sponsors,
the people and organizations shown, its summary) gets ``calendar_version`` raised
and a new ``updated_at``. Its recording and materials raise it as well: no calendar
shows them, but the event page's cached body does (events/page_cache.py), and this
version is its key. Such events are noted (``TO_CHECK``); after the flush,
calendar/stamps.py compares what their calendars now show with their
``calendar_digest`` and moves ``calendar_changed_at`` (DTSTAMP, LAST-MODIFIED,
Last-Modified) and the calendars' version row (``CALENDARS_SCOPE``, the feeds'
validators) only when it changed. After the flush, the site's content version row
(``SITE_SCOPE``, the API's lists) is raised for every change. The rows come last,
so a writer never holds them while waiting for an event row lock.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import bindparam, insert, inspect, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.calendar.models import SITE_SCOPE, CalendarState
from roundtable.db_types import utcnow
from roundtable.events.models import Event, EventSeries
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.recap.models import EventMaterial, EventRecording, EventSummary, SummaryQuote

WATCHED = (Event, EventSeries, AgendaItem, AgendaRole, Person, EventSponsor, Organization,
           EventSummary, SummaryQuote, EventRecording, EventMaterial)
_PENDING = "roundtable.calendar.bump"
_BUMPED = "roundtable.calendar.bumped"
# Whether a flush added events: the feeds that list them change (calendar/stamps.py).
ADDED = "roundtable.calendar.added"


# Attributes no public calendar shows: adding a registration must not touch the
# version row (it would serialise every registration behind it). The calendar stamp
# and digest are written from the calendars (calendar/stamps.py), not shown by them.
UNSHOWN = frozenset({"registrations", "organizers", "calendar_changed_at", "calendar_digest"})
# Events whose calendars may have changed in this transaction: calendar/stamps.py
# compares their digests at commit and moves their stamps and the site's version.
TO_CHECK = "roundtable.calendar.to_check"


def _modified(obj) -> bool:
    """True if an attribute a public calendar may show has changed."""
    return any(
        attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in UNSHOWN
    )


def _changed(session: Session) -> list:
    """Watched objects this flush inserts, updates or deletes."""
    dirty = [o for o in session.dirty if isinstance(o, WATCHED) and _modified(o)]
    return [o for o in chain(session.new, dirty, session.deleted) if isinstance(o, WATCHED)]


def _original(obj, name: str):
    """An attribute's value, or the one loaded from the database if it was cleared."""
    value = getattr(obj, name)
    if value is None:
        history = inspect(obj).attrs[name].history
        value = next(iter(history.deleted or ()), None)
    return value


def _event_of(session: Session, obj) -> Event | int | None:
    """The event (or its id) whose VEVENTs show ``obj``."""
    if isinstance(obj, Event):
        return obj
    if isinstance(obj, (AgendaItem, EventSponsor, EventSummary, SummaryQuote)):
        return _original(obj, "event") or _original(obj, "event_id")
    if isinstance(obj, (EventRecording, EventMaterial)):
        return _original(obj, "event_id")
    if isinstance(obj, AgendaRole):
        item = _original(obj, "agenda_item")
        if item is not None:
            return _original(item, "event") or _original(item, "event_id")
        item_id = _original(obj, "agenda_item_id")
        if item_id is not None:
            return session.scalar(select(AgendaItem.event_id).where(AgendaItem.id == item_id))
    return None


def _events_showing(session: Session, people: set[int], orgs: set[int]) -> set[int]:
    """Ids of the events whose VEVENTs show these people or organizations."""
    ids: set[int] = set()
    if people:
        ids |= set(session.scalars(
            select(AgendaItem.event_id)
            .join(AgendaRole, AgendaRole.agenda_item_id == AgendaItem.id)
            .where(AgendaRole.person_id.in_(people))
        ))
    if orgs:
        ids |= set(session.scalars(
            select(EventSponsor.event_id).where(EventSponsor.organization_id.in_(orgs))
        ))
    return ids


def _bump_events(session: Session, changed: list) -> None:
    loaded: dict[int, Event] = {}
    ids: set[int] = set()
    people = {o.id for o in changed if isinstance(o, Person) and o.id is not None}
    orgs = {o.id for o in changed if isinstance(o, Organization) and o.id is not None}
    for obj in changed:
        target = _event_of(session, obj)
        if isinstance(target, Event):
            if target.id is not None:
                loaded[target.id] = target
        elif target is not None:
            ids.add(target)
    ids |= _events_showing(session, people, orgs)
    for event_id, event in list(loaded.items()):
        if event in session.deleted:
            loaded.pop(event_id)
    session.info.setdefault(_BUMPED, set()).update(ids | set(loaded))
    to_check = session.info.setdefault(TO_CHECK, set())
    to_check.update(ids | set(loaded))
    # An event removed: its calendars are gone, the feeds that showed it change.
    to_check.update(o.id for o in session.deleted if isinstance(o, Event) and o.id is not None)
    if any(isinstance(o, Event) for o in session.new):
        session.info[ADDED] = True
    for event in loaded.values():
        # In SQL: the copy in memory may be stale after a bulk bump below.
        event.calendar_version = Event.calendar_version + 1
    others = ids - set(loaded)
    if others:
        session.execute(
            update(Event)
            .where(Event.id.in_(others))
            .values(calendar_version=Event.calendar_version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )


# What an agenda item's VEVENT shows of it that a client must replace (RFC 5545
# 3.8.7.4: SEQUENCE rises with every significant revision). Its SEQUENCE is the
# event's, so the event's rises.
REVISED_ITEM_FIELDS = ("starts_at", "ends_at", "location", "location_es", "title", "title_es",
                       "in_person_only")


def _raise_sequences(session: Session) -> None:
    """Raise the sequence of every event whose agenda items' times or places change."""
    event_ids = set()
    for item in session.dirty:
        if isinstance(item, AgendaItem) and any(
                inspect(item).attrs[name].history.has_changes() for name in REVISED_ITEM_FIELDS):
            event_ids.add(_original(item, "event_id"))
    event_ids.discard(None)
    if event_ids:
        session.execute(
            update(Event).where(Event.id.in_(event_ids))
            .values(sequence=Event.sequence + 1)
            .execution_options(synchronize_session=False)
        )
        for event in session.identity_map.values():
            if (isinstance(event, Event) and event.id in event_ids
                    and not inspect(event).attrs.sequence.history.has_changes()):
                session.expire(event, ["sequence"])  # the copy in memory is one behind


@sa_event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    changed = _changed(session)
    if changed:
        session.info[_PENDING] = True
        _raise_sequences(session)
        _bump_events(session, changed)


@sa_event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if session.info.pop(_PENDING, False):
        bump_site_version(session)


@sa_event.listens_for(Session, "after_commit")
@sa_event.listens_for(Session, "after_rollback")
def _transaction_ended(session: Session) -> None:
    session.info.pop(_BUMPED, None)
    session.info.pop(TO_CHECK, None)
    session.info.pop(ADDED, None)


def changed_in_transaction(session: Session, event_id: int) -> bool:
    """Whether this transaction changed what ``event_id``'s calendar entries show.

    Its version then names content that may yet be rolled back: nothing built
    from it may be kept beyond the transaction.
    """
    return event_id in session.info.get(_BUMPED, ())


def bump_site_version(session: Session, scope: str = SITE_SCOPE) -> None:
    """Raise the public content version (creating its row the first time); with
    ``CALENDARS_SCOPE``, the public calendars' version (calendar/stamps.py)."""
    now = utcnow()
    result = session.execute(
        update(CalendarState)
        .where(CalendarState.scope == scope)
        .values(version=CalendarState.version + 1, changed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        session.execute(insert(CalendarState).values(scope=scope, version=1, changed_at=now))


def site_version(session: Session, scope: str = SITE_SCOPE) -> tuple[int, object]:
    """The content version and when it last moved: one primary-key lookup."""
    # Every feed poll asks: Core on the session's connection, the statement built once.
    row = session.connection().execute(_SITE_VERSION, {"scope": scope}).first()
    return (row[0], row[1]) if row else (0, None)


_SITE_VERSION = select(CalendarState.version, CalendarState.changed_at).where(
    CalendarState.scope == bindparam("scope"))
