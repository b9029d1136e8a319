"""Stored VEVENTs: each event serialized once per change, shared by every worker.

A feed reads its events' ids and versions together with their stored pieces in
one query; only events whose piece is missing or stale are loaded and built,
and their new pieces are written (committed by the caller) for everyone else.

A build costs a fixed number of queries whatever the number of events
(``tests/calendar/test_build_queries.py``): the events are loaded once as rows,
one query per table (``rows.load_rows``), by the feed's own filter when most of
them are missing (a first request after a release) and by their ids otherwise;
those without a digest get it in one UPDATE (``stamps.fill_missing_digests``);
each kind and language is then one DELETE and one INSERT. One
``ics.Batch`` serves every piece of a build and the garbage collector is paused
meanwhile (``gc_pause.py``); ``fill`` loads once for both kinds and languages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from datetime import datetime

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from roundtable.calendar import ics, stamps
from roundtable.calendar.fingerprint import calendar_fingerprint
from roundtable.calendar.models import CalendarComponent, CalendarState
from roundtable.calendar.rows import load_rows
from roundtable.calendar.services import public_event_filter
from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.gc_pause import gc_paused
from roundtable.i18n import DEFAULT, LANGUAGES, current, in_language

BUILDERS: dict[str, Callable[..., ics.Piece]] = {
    "event": ics.event_piece,
    "agenda": ics.agenda_piece,
}


def build_key(site_url: str) -> str:
    """What every stored piece depends on besides its event: the code and catalogs that
    render it (fingerprint.py), format, site, sender (the ORGANIZER), language."""
    sender = str(current_app.config.get("MAIL_DEFAULT_SENDER") or "")
    text = "|".join((calendar_fingerprint(), ics.FORMAT_VERSION, site_url, sender, current()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def build_since(key: str) -> datetime:
    """When calendars were first served under build ``key`` (recorded once for every worker).

    A release (new fingerprint) or a new ``MAIL_DEFAULT_SENDER`` changes the bytes of
    every calendar without touching its content version: Last-Modified must move too,
    or a client that sends only If-Modified-Since keeps the old text or ORGANIZER.
    """
    known = current_app.extensions.setdefault("roundtable.build_since", {})
    if key not in known:
        scope = f"build:{key}"
        since = db.session.scalar(select(CalendarState.changed_at).where(
            CalendarState.scope == scope))
        if since is None:
            _record_build(scope)
            since = db.session.scalar(select(CalendarState.changed_at).where(
                CalendarState.scope == scope))
        known[key] = since
    return known[key]


def _record_build(scope: str) -> None:
    """Insert the build's row unless another worker just did; committed at once."""
    dialect = db.session.get_bind().dialect.name
    insert_row = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CalendarState)
    try:
        db.session.execute(insert_row.values(scope=scope, version=0, changed_at=utcnow())
                           .on_conflict_do_nothing())
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()


def stored_kind(kind: str) -> str:
    """``event`` or ``agenda``, with ``.es`` for Spanish: each language keeps its own row."""
    lang = current()
    return kind if lang == DEFAULT else f"{kind}.{lang}"


def pieces(where: ColumnElement[bool], kind: str, *, site_url: str) -> list[ics.Piece]:
    """The pieces of the events matching ``where``, oldest first, building the missing ones."""
    key = build_key(site_url)
    stored = CalendarComponent
    rows = db.session.execute(
        select(Event.id, stored.body, stored.tzid, stored.year_from, stored.year_to)
        .outerjoin(
            stored,
            and_(
                stored.event_id == Event.id,
                stored.kind == stored_kind(kind),
                stored.build_key == key,
                stored.version == Event.calendar_version,
                stored.stamp == Event.calendar_changed_at,
            ),
        )
        .where(where)
        .order_by(Event.starts_at, Event.id)
    ).all()
    found: dict[int, ics.Piece | None] = {}
    for event_id, body, tzid, year_from, year_to in rows:
        if found.get(event_id) is None:
            years = (year_from, year_to) if year_from is not None else None
            found[event_id] = ics.Piece(body.encode(), tzid, years) if body is not None else None
    missing = [event_id for event_id, piece in found.items() if piece is None]
    if missing:
        variant = (current(), kind)
        found.update(_build(_scope(where, missing, len(found)), {variant: missing},
                            site_url)[variant])
        # An event that stopped matching ``where`` since the first query is still served.
        gone = [event_id for event_id in missing if found[event_id] is None]
        if gone:
            found.update(_build(Event.id.in_(gone), {variant: gone}, site_url)[variant])
    return [found[event_id] for event_id in found]


Variant = tuple[str, str]  # (language, kind)


def _scope(where: ColumnElement[bool], missing: Collection[int], matched: int):
    """What to load: ``where`` itself when most of its events are missing (after a
    release, a query that does not grow with them), else the missing ids."""
    return where if 2 * len(missing) > matched else Event.id.in_(sorted(missing))


def _build(
    scope: ColumnElement[bool], wanted: dict[Variant, Collection[int]], site_url: str
) -> dict[Variant, dict[int, ics.Piece]]:
    """Build and store (replacing older ones) the ``wanted`` pieces: event ids per
    language and kind, all matching ``scope``, which is loaded once for all of them."""
    built: dict[Variant, dict[int, ics.Piece]] = {}
    batch = ics.Batch()
    with gc_paused():
        events = load_rows(scope)
        # An event's first build records what it shows (calendar/stamps.py).
        stamps.fill_missing_digests(db.session, events, site_url, batch)
        for (language, kind), ids in wanted.items():
            with in_language(language):
                built[language, kind] = _store(events, kind, ids, site_url, batch)
        # Freed now, by reference counting, rather than walked once by the collector.
        del events, batch
    return built


def _store(
    events: list[Event], kind: str, ids: Collection[int], site_url: str, batch: ics.Batch
) -> dict[int, ics.Piece]:
    """Build and store the ``kind`` pieces of those ``events`` in ``ids``, in the current
    language."""
    key = build_key(site_url)
    stored = stored_kind(kind)
    db.session.execute(
        delete(CalendarComponent).where(
            CalendarComponent.event_id.in_(ids), CalendarComponent.kind == stored
        )
    )
    ids = set(ids)
    build = BUILDERS[kind]
    built = {}
    rows = []
    for event in events:
        if event.id not in ids:
            continue
        piece = build(event, site_url=site_url, batch=batch)
        built[event.id] = piece
        rows.append({
            "event_id": event.id,
            "kind": stored,
            "build_key": key,
            "version": event.calendar_version,
            "stamp": event.calendar_changed_at,
            "tzid": piece.tzid,
            "year_from": piece.years[0] if piece.years else None,
            "year_to": piece.years[1] if piece.years else None,
            "body": piece.body.decode(),
        })
    if rows:
        db.session.execute(insert(CalendarComponent.__table__), rows)  # Core: no ORM bulk work
    return built


def fill(*, site_url: str) -> dict[str, int]:
    """Store every piece a public calendar can ask for, in every language.

    The feeds (site, organization, series) and the event files read ``event``
    pieces of public events, the agenda files their ``agenda`` pieces. Run at
    release (``flask roundtable calendar build``), after ``flask db upgrade``,
    so that no request pays for a full build. Returns how many pieces were built
    and how many were stored already; the caller commits.
    """
    stamps.fill_digests(db.session)  # events without a digest yet: stamps kept
    where = public_event_filter()
    total = db.session.scalar(select(db.func.count()).select_from(Event).where(where)) or 0
    wanted: dict[Variant, list[int]] = {}
    for language in LANGUAGES:
        with in_language(language):
            key = build_key(site_url)
            for kind in BUILDERS:
                missing = _missing(where, kind, key)
                if missing:
                    wanted[language, kind] = missing
    built = 0
    if wanted:
        scope = _scope(where, set().union(*wanted.values()), total)
        built = sum(len(pieces) for pieces in _build(scope, wanted, site_url).values())
    return {"built": built, "stored": total * len(LANGUAGES) * len(BUILDERS) - built}


def _missing(where: ColumnElement[bool], kind: str, key: str) -> list[int]:
    """Ids of the events matching ``where`` whose ``kind`` piece is absent or stale."""
    stored = CalendarComponent
    current_piece = select(stored.id).where(
        stored.event_id == Event.id,
        stored.kind == stored_kind(kind),
        stored.build_key == key,
        stored.version == Event.calendar_version,
        stored.stamp == Event.calendar_changed_at,
    )
    return list(db.session.scalars(select(Event.id).where(where, ~current_piece.exists())))
