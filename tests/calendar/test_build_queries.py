"""A full build: queries that do not grow with the events, and icalendar's own bytes.

``store.py`` builds from plain rows (``calendar/rows.py``) and writes VEVENTs
itself (``calendar/lines.py``); the reference is the models, built into icalendar
components and serialized by icalendar (``ics.feed_components``).
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import strategies

from roundtable.extensions import db


@pytest.fixture
def no_selectin_batches(monkeypatch):
    """A ``selectinload`` would now cost a query per row: the build must not use one.

    (It sends ids 500 at a time: the queries would grow past 500 events only.)
    """
    loader = getattr(strategies, "_SelectInLoader", None) or strategies.SelectInLoader
    monkeypatch.setattr(loader, "_chunksize", 1)


def _events(app, make_full_event, make_person, count, start):
    """``count`` rich events: sponsors, agenda, people, Spanish text, a summary, a cancellation."""
    from roundtable.agenda.models import AgendaRole, Person
    from roundtable.events.models import Event
    from roundtable.recap.models import EventSummary

    shared = make_person(name="Ana Ruiz", honorific="Dra.", position="Professor",
                         position_es="Profesora", affiliation="UNAM")
    ids = []
    for n in range(start, start + count):
        ids.append(make_full_event(
            agenda_items=3 + n % 3,
            title=f"Session {n}: C:\\Notes; a, b",
            title_es=f"Sesión {n}" if n % 2 else None,
            description=f"**Bold** [link](https://example.org/{n}) and\u2028\n\n- one\n- two {n}",
            venue_room="Sala 1, piso 2" if n % 2 else None,
            timezone=("America/New_York", "UTC", "America/Mexico_City")[n % 3],
            status="cancelled" if n % 4 == 3 else "published",
            cancellation_reason="Rain; sorry" if n % 4 == 3 else None,
            contact_name=f"Contact {n % 2}", contact_email=f"contact{n % 2}@example.org",
        ))
    with app.app_context():
        for event_id in ids:
            event = db.session.get(Event, event_id)
            item = event.agenda_items[0]
            item.roles.append(AgendaRole(person=db.session.get(Person, shared), role="moderator",
                                         sort_order=5))
            if event_id % 2:
                event.summary_record = EventSummary(body="What was said.")
                item.location, item.location_es = "Room A, floor 2", "Sala A; piso 2"
        # One at 1:30 on the night New York's clocks go back: written in UTC.
        event = db.session.get(Event, ids[0])
        event.starts_at = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
        event.ends_at = event.starts_at + timedelta(hours=2)
        db.session.commit()
    return ids


def _empty_store(app):
    """As after migration 0024: no stored piece, and no event's digest (stamps.py) yet."""
    from roundtable.calendar.models import CalendarComponent
    from roundtable.events.models import Event

    with app.app_context():
        db.session.execute(db.delete(CalendarComponent))
        db.session.execute(db.update(Event).values(calendar_digest=None,
                                                   updated_at=Event.updated_at)
                           .execution_options(synchronize_session=False))
        db.session.commit()
    app.extensions.pop("roundtable.calendar.built", None)


def test_a_full_build_costs_the_same_queries_for_any_number_of_events(
    app, client, runner, make_full_event, make_person, count_queries, no_selectin_batches
):
    requests, commands = [], []
    start = 0
    for count in (2, 7):
        _events(app, make_full_event, make_person, count - start, start)
        start = count
        for lang in ("en", "es"):  # each build's first serve is recorded once (build_since)
            client.get(f"/calendar.ics?lang={lang}")
        _empty_store(app)
        with count_queries() as n:
            for lang in ("en", "es"):
                assert client.get(f"/calendar.ics?lang={lang}").status_code == 200
        requests.append(n())
        _empty_store(app)
        with count_queries() as n:
            result = runner.invoke(args=["roundtable", "calendar", "build"])
        assert result.exit_code == 0 and f"{count * 4} built" in result.output
        commands.append(n())
    assert requests[0] == requests[1], requests
    assert commands[0] == commands[1], commands


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_full_build_writes_the_bytes_icalendar_writes(
    app, make_full_event, make_person, lang, no_selectin_batches
):
    from roundtable.calendar import ics, services
    from roundtable.calendar.rows import load_rows
    from roundtable.i18n import in_language

    _events(app, make_full_event, make_person, 6, 0)
    site = app.config["SITE_URL"].rstrip("/")
    header = dict(site_url=site, name="Events; all, of them", description="Every\nevent",
                  source_url=f"{site}/calendar.ics")
    with app.test_request_context(), in_language(lang):
        where = services.public_event_filter()
        models, rows = services.load_events(where), load_rows(where)
        assert [row.id for row in rows] == [model.id for model in models]
        reference = ics.feed_components(models, **header).to_ical(sorted=False)
        assert ics.feed_calendar(rows, **header) == reference
        assert ics.feed_calendar(models, **header) == reference
        batch = ics.Batch()
        for model, row in zip(models, rows, strict=True):
            items = b"".join(
                ics._agenda_item_component(item, model, site, ics._Zones()).to_ical(sorted=False)
                for item in model.agenda_items)
            assert ics.agenda_piece(row, site_url=site, batch=batch).body == items
            assert ics.event_piece(row, site_url=site, batch=batch).body == \
                ics._event_component(model, site, ics._Zones()).to_ical(sorted=False)
