"""Helpers for calendar tests: two independent parsers, a query counter, rich events."""

import io
import itertools
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject

from roundtable.extensions import db
from tests.dbutil import recorded_statements

_counter = itertools.count(1)

ZOOM_SECRETS = ("https://zoom.us/j/99911122233?pwd=secretpwd", "999 1112 2233", "s3cretpass")


def unfold(data: bytes) -> str:
    """The logical content lines, for substring checks that folding would hide."""
    return data.decode("utf-8").replace("\r\n ", "")


def check_lines(data: bytes) -> None:
    """Every physical line ends with CRLF and is at most 75 octets long."""
    assert data.endswith(b"\r\n")
    body = data[:-2]
    assert b"\n" not in body.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "bare CR"
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character


def parse_icalendar(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def parse_vobject(data: bytes):
    return vobject.readOne(io.StringIO(data.decode("utf-8")))


def vobject_events(data: bytes) -> list:
    cal = parse_vobject(data)
    return list(getattr(cal, "vevent_list", []))


def vobject_utc(data: bytes, prop: str = "dtstart") -> list[datetime]:
    """Each VEVENT's instant in UTC, resolved through the file's own VTIMEZONE by dateutil."""
    cal = parse_vobject(data)
    zones = {tz.tzid.value: tz.gettzinfo() for tz in getattr(cal, "vtimezone_list", [])}
    out = []
    for vevent in cal.vevent_list:
        line = getattr(vevent, prop)
        value = line.value
        tzid = line.params.get("TZID", [None])[0]
        if tzid is not None:
            value = value.replace(tzinfo=zones[tzid])
        out.append(value.astimezone(UTC))
    return out


def icalendar_utc(data: bytes, prop: str = "DTSTART") -> list[datetime]:
    """Each VEVENT's instant in UTC as the icalendar package reads it."""
    cal = parse_icalendar(data)
    return [ev[prop].dt.astimezone(UTC) for ev in cal.walk("VEVENT")]


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside the block: ``with count_queries() as n: ...; n()``."""

    @contextmanager
    def counter():
        with app.app_context():
            engine = db.engine
        with recorded_statements(engine) as statements:
            yield lambda: len(statements)

    return counter


@pytest.fixture
def make_registration(app):
    """Create a registration directly with the model; return (id, token)."""
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    def factory(event_id, mode="online", status="confirmed", name=None, email=None, **values):
        n = next(_counter)
        with app.app_context():
            registration = Registration(
                event_id=event_id,
                name=name or f"Registrant {n}",
                email=email or f"registrant{n}@example.org",
                mode=mode,
                status=status,
                **values,
            )
            token = issue_token(registration)
            db.session.add(registration)
            db.session.commit()
            return registration.id, token

    return factory


@pytest.fixture
def make_full_event(app, make_event, make_org, make_person):
    """An event with a series, two sponsors and a four-part agenda with speakers."""
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import EventSponsor

    def factory(agenda_items=4, series_slug=None, org_ids=None, **values):
        event_id = make_event(**values)
        if org_ids is None:
            org_ids = [make_org(), make_org()]
        people = [make_person(honorific="Dr.", position="Professor", affiliation="UNAM")
                  for _ in range(2)]
        with app.app_context():
            event = db.session.get(Event, event_id)
            if series_slug is not None:
                series = db.session.scalar(
                    db.select(EventSeries).where(EventSeries.slug == series_slug)
                )
                if series is None:
                    series = EventSeries(name=f"Series {series_slug}", slug=series_slug)
                    db.session.add(series)
                event.series = series
                event.edition = 3
            for order, org_id in enumerate(org_ids):
                db.session.add(
                    EventSponsor(
                        event_id=event_id, organization_id=org_id, role="co_sponsor",
                        sort_order=order,
                    )
                )
            kinds = ["opening_remarks", "keynote", "panel", "reception", "qa", "break", "other"]
            start = event.starts_at
            for i in range(agenda_items):
                kind = kinds[i % len(kinds)]
                item = AgendaItem(
                    event_id=event_id,
                    kind=kind,
                    title=f"Part {i + 1}",
                    starts_at=start + timedelta(minutes=15 * i),
                    ends_at=start + timedelta(minutes=15 * (i + 1)),
                    location="Lobby" if kind == "reception" else None,
                    in_person_only=kind == "reception",
                    sort_order=i,
                )
                item.roles = [
                    AgendaRole(person_id=people[i % 2], role="speaker", sort_order=0)
                ]
                db.session.add(item)
            db.session.commit()
        return event_id

    return factory


def at(year, month, day, hour=17, minute=0) -> datetime:
    """A UTC instant, for readable test data."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def settled_clock(monkeypatch):
    """Serve calendars as if a few seconds had passed since the last change.

    Within the second of a change, feeds send no Last-Modified (see
    ``calendar.routes._settled``); tests that read it right after a change use this.
    """
    from roundtable.calendar import routes

    monkeypatch.setattr(routes, "utcnow", lambda: datetime.now(UTC) + timedelta(seconds=5))
