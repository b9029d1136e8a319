"""Calendar stamps move only when what a calendar shows changes.

``changes.py`` notes every event whose calendars *may* have changed in a flush (any
change to it, its agenda, roles, people, sponsors, organizations, summary...). After
that flush, this module builds each such event's calendars as they now are -- the
public VEVENT and the agenda VEVENTs, in every language, with a fixed DTSTAMP -- and
hashes them with what decides which feeds list the event and what its registrants'
copies add (status, series, sponsors, the Zoom meeting). When the hash differs from
``Event.calendar_digest``, the event's ``calendar_changed_at`` (its VEVENTs' DTSTAMP and
LAST-MODIFIED, its files' Last-Modified) moves to now and the calendars' version row
(``CALENDARS_SCOPE``: every feed's ETag and Last-Modified) is raised; the site's
content version (the API's lists) moves with every change, as before. A speaker's bio,
which the event page shows but no calendar does, changes no byte: every feed keeps its
bytes and validators, and clients polling with If-None-Match or If-Modified-Since get 304.

A new event keeps the stamp of its insertion and gets its digest at its first build
(``fill_missing_digests``, from ``store._build`` or ``flask roundtable calendar build``); until
then an event without one counts as changed when next edited.

It runs after the flush (``after_flush_postexec``), so anything written later in the
same transaction -- an "event changed" invitation -- carries the new stamp. The bytes
hashed are the calendars' own, so the check cannot drift from what ``ics.py`` writes.
The events are read as a build reads them (``rows.load_rows``, in the flush's own
transaction) and digested with one ``ics.Batch``: the same bytes as from their models
(``tests/calendar/test_restamp_rows.py``), for a fixed number of queries.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from flask import current_app, has_app_context
from sqlalchemy import bindparam, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from roundtable.calendar import ics
from roundtable.calendar.changes import ADDED, TO_CHECK, bump_site_version
from roundtable.calendar.models import CALENDARS_SCOPE
from roundtable.calendar.rows import load_rows
from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.gc_pause import gc_paused
from roundtable.i18n import LANGUAGES, in_language

# Any fixed instant: only the content is compared.
FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


def calendar_digest(event: Event, site_url: str, batch: ics.Batch | None = None) -> str:
    """A hash of everything the event's calendars show, and of which calendars show it.

    ``batch``: a build's (``store.py``), when many events are digested at once."""
    batch = batch or ics.Batch()
    digest = hashlib.sha256()
    for language in LANGUAGES:
        with in_language(language):
            digest.update(ics.event_piece(event, site_url=site_url, stamp=FIXED_STAMP,
                                          batch=batch).body)
            digest.update(ics.agenda_piece(event, site_url=site_url, stamp=FIXED_STAMP,
                                           batch=batch).body)
    # Not in the public bytes: which feeds list it, and a registrant's Zoom details.
    where = (event.status, event.series_id, sorted(s.organization_id for s in event.sponsors),
             _meeting_mac(event))
    digest.update(repr(where).encode())
    return digest.hexdigest()


def _meeting_mac(event: Event) -> str:
    """The Zoom details, keyed with SECRET_KEY.

    The digest is stored and public validators follow it: with the plain details in it,
    anyone who learned a digest could test guessed passcodes against it offline."""
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    details = repr((event.zoom_join_url, event.zoom_meeting_id, event.zoom_passcode))
    return hmac.new(key, details.encode(), hashlib.sha256).hexdigest()


def restamp(session: Session, event_ids: set[int]) -> bool:
    """Compare these events' calendars with their digests; move the stamps of those that
    changed. Returns whether any feed may have changed (a changed or removed event).

    The events are read as a build reads them (``rows.load_rows``: seven queries in this
    transaction, so after the flush, whatever their number) and digested with one
    ``ics.Batch``; the changed ones are stamped in one UPDATE. An organization shown by
    1,000 events costs one pass over 1,000 rows, not 1,000 ORM builds."""
    site_url = current_app.config["SITE_URL"].rstrip("/")
    table = Event.__table__
    with gc_paused():
        events = load_rows(Event.id.in_(sorted(event_ids)), session)
        batch = ics.Batch()
        values = [{"event_id": event.id, "digest": digest} for event in events
                  if (digest := calendar_digest(event, site_url, batch)) != event.calendar_digest]
        removed = len(events) < len(event_ids)
        del events, batch
    if values:
        # In SQL, without dirtying the events (their updated_at, their versions stay).
        session.execute(
            update(table).where(table.c.id == bindparam("event_id"))
            .values(calendar_digest=bindparam("digest"), calendar_changed_at=utcnow(),
                    updated_at=table.c.updated_at),
            values)
        for value in values:  # a loaded model reads its new stamp again
            loaded = session.identity_map.get(Session.identity_key(Event, value["event_id"]))
            if loaded is not None:
                session.expire(loaded, ["calendar_digest", "calendar_changed_at"])
    return removed or bool(values)


@sa_event.listens_for(Session, "after_flush_postexec")
def _after_flush(session: Session, _context) -> None:
    event_ids = session.info.pop(TO_CHECK, None)
    added = session.info.pop(ADDED, False)
    if not (event_ids or added) or not has_app_context():
        return
    with session.no_autoflush:
        # A new event is stamped when inserted; its digest waits for its first build
        # (``fill_missing_digests``), so creating a thousand events builds nothing.
        changed = restamp(session, event_ids) if event_ids else False
        if changed or added:
            bump_site_version(session, CALENDARS_SCOPE)


def fill_missing_digests(session: Session, events, site_url: str, batch: ics.Batch) -> int:
    """Record the digest of those of a build's ``events`` (``rows.py``) that have none,
    keeping their stamps, in one statement whatever their number. Returns how many.

    An event has none from its creation (or migration 0024) until its first build or
    change. Until then nothing its calendars show has changed since its stamp -- any
    change would have gone through ``restamp``, which records one -- so the stamp stands.
    Only while it is still empty: a change committed meanwhile has recorded its own.
    """
    table = Event.__table__
    values = [{"event_id": event.id, "digest": calendar_digest(event, site_url, batch)}
              for event in events if event.calendar_digest is None]
    if values:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("event_id"), table.c.calendar_digest.is_(None))
            .values(calendar_digest=bindparam("digest"), updated_at=table.c.updated_at),
            values)
    return len(values)


def fill_digests(session: Session) -> int:
    """Give every event without a digest its digest, keeping its stamp
    (``fill_missing_digests``).
    Returns how many."""
    site_url = current_app.config["SITE_URL"].rstrip("/")
    with gc_paused():
        events = load_rows(Event.calendar_digest.is_(None), session)
        return fill_missing_digests(session, events, site_url, ics.Batch())
