"""Serve /calendar.ics for 1,000 events with 5 agenda items each.

Measures, in one run and through the Flask test client: the feed assembled from
stored VEVENTs (in-process cache emptied), the same after one event changed, a
200 from the in-process cache, a 304 (If-None-Match), and a trivial Flask route
as the yardstick; prints a table with ratios to the trivial route. Also an edit
of an organization every event shows (its commit digests them all,
``stamps.restamp``), with that restamp's digests from rows and one batch against
the same digests from ORM models (what restamp did before), in the same run.

Then the full build (issue 26): the first /calendar.ics with an empty store —
load every event, build and store every VEVENT, assemble — against icalendar's
own serialization of the same components: ``to_ical`` of the Calendar that
``ics.feed_components`` builds, checked byte for byte equal to the feed served.
The two are timed in turns (the machine may be shared), wall clock and this
process's CPU time, medians. Never asserts a time.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
ITEMS_PER_EVENT = 5
ZONES = ("America/Phoenix", "America/Mexico_City", "America/New_York")


def _populate(db) -> None:
    from roundtable.agenda.models import Person
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import Organization

    series = EventSeries(name="U.S.–Mexico Defense & Security Roundtable", slug="roundtable")
    orgs = [Organization(name=f"Organization {i}", slug=f"org-{i}") for i in range(3)]
    people = [
        Person(honorific="Dr.", name=f"Speaker {i}", position="Professor", affiliation="UNAM")
        for i in range(20)
    ]
    db.session.add_all([series, *orgs, *people])
    db.session.flush()
    start = datetime(2024, 1, 10, 17, tzinfo=UTC)
    for n in range(EVENTS):
        starts = start + timedelta(days=n % 1500, hours=n % 5)
        event = Event(
            title=f"Roundtable session {n}: security, migration; trade",
            slug=f"event-{n}",
            summary="A conversation across the border, in person and on Zoom.",
            # Each event its own text, as in life: no cache keyed by text flatters a build.
            description=f"Session {n}: opening remarks, a keynote, a panel and a reception.\n\n"
            * 3,
            format="hybrid",
            status="cancelled" if n % 50 == 0 else "published",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            timezone=ZONES[n % len(ZONES)],
            venue_name="Student Union Memorial Center",
            venue_room="Grand Ballroom",
            venue_address="1303 E University Blvd, Tucson, AZ 85719",
            zoom_join_url="https://zoom.us/j/99911122233?pwd=secret",
            series=series,
            edition=n + 1,
        )
        add_content(event, orgs, people, n)
        db.session.add(event)
    db.session.commit()


def add_content(event, orgs, people, n: int = 0) -> None:
    """Give ``event`` the demo's shape: three co-sponsors, five agenda items, two people each."""
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.orgs.models import EventSponsor

    kinds = ("opening_remarks", "keynote", "panel", "qa", "reception")
    event.sponsors = [
        EventSponsor(organization=org, role="co_sponsor", sort_order=i)
        for i, org in enumerate(orgs)
    ]
    for i, kind in enumerate(kinds):
        item = AgendaItem(
            kind=kind,
            title=f"{kind.replace('_', ' ').title()} {i}",
            starts_at=event.starts_at + timedelta(minutes=30 * i),
            ends_at=event.starts_at + timedelta(minutes=30 * (i + 1)),
            location="Lobby" if kind == "reception" else None,
            in_person_only=kind == "reception",
            sort_order=i,
        )
        item.roles = [
            AgendaRole(person=people[(n + i) % len(people)], role="speaker", sort_order=0),
            AgendaRole(person=people[(n + i + 1) % len(people)], role="moderator", sort_order=1),
        ]
        event.agenda_items.append(item)


def _time(call, repeat: int) -> list[float]:
    call()  # warm up: imports, caches, first connection
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t0)
    return samples


def _turns(calls: dict, repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    """Time each call in turn, ``repeat`` rounds: (wall, CPU) seconds per call.

    ``calls`` maps a name to (prepare, call); only ``call`` is timed.
    """
    times = {name: ([], []) for name in calls}
    for _ in range(repeat):
        for name, (prepare, call) in calls.items():
            prepare()
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            times[name][0].append(time.perf_counter() - wall)
            times[name][1].append(time.process_time() - cpu)
    return times


def main() -> None:
    from sqlalchemy.orm import selectinload

    from roundtable import create_app
    from roundtable.calendar import ics, services, stamps
    from roundtable.calendar.models import CalendarComponent
    from roundtable.calendar.routes import CACHE_KEY
    from roundtable.calendar.rows import load_rows
    from roundtable.events.models import Event
    from roundtable.events.services import event_content_options
    from roundtable.extensions import db
    from roundtable.gc_pause import gc_paused
    from roundtable.orgs.models import EventSponsor, Organization

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "SECRET_KEY": "bench",
                "SITE_URL": "https://roundtable.example",
                "RATELIMIT_ENABLED": False,
            }
        )
        SITE = app.config["SITE_URL"].rstrip("/")  # noqa: N806
        app.add_url_rule("/__bench/trivial", "bench_trivial", lambda: "ok")
        with app.app_context():
            db.create_all()
            t0 = time.perf_counter()
            _populate(db)
            populate_s = time.perf_counter() - t0

        client = app.test_client()
        first = client.get("/calendar.ics")
        assert first.status_code == 200, first.status_code
        etag = first.headers["ETag"]
        size = len(first.data)

        def assembled():
            # Empty the in-process cache: the feed is assembled from stored VEVENTs.
            app.extensions[CACHE_KEY].clear()
            response = client.get("/calendar.ics")
            response.data  # noqa: B018  (read the body)

        def changed():
            # One event changed: one VEVENT is serialized again, the rest are read back.
            with app.app_context():
                event = db.session.scalar(db.select(Event).where(Event.slug == "event-1"))
                event.title = f"Renamed {time.perf_counter()}"
                db.session.commit()
            assembled()

        def org_edited():
            # Organization 0 sponsors every event: one commit digests them all (stamps.py).
            with app.test_request_context():
                org = db.session.scalar(db.select(Organization).where(Organization.slug == "org-0"))
                org.name = f"Organization 0, renamed {time.perf_counter()}"
                db.session.commit()

        def from_rows():
            # What that commit's restamp costs, without the commit: every event's digest
            # from rows and one batch, the collector paused (stamps.restamp now)...
            with app.test_request_context(), gc_paused():
                batch = ics.Batch()
                for event in load_rows(Event.id.in_(sponsored)):
                    stamps.calendar_digest(event, SITE, batch)
                db.session.remove()

        def from_models():
            # ... and from ORM models, a batch each (what it did before: the baseline).
            with app.test_request_context():
                for event in db.session.scalars(
                    db.select(Event).where(Event.id.in_(sponsored))
                    .options(*event_content_options(), selectinload(Event.summary_record))
                ).unique():
                    stamps.calendar_digest(event, SITE)
                db.session.remove()

        with app.app_context():
            sponsored = db.session.scalars(
                db.select(EventSponsor.event_id).join(Organization)
                .where(Organization.slug == "org-0")).all()

        def empty_store():
            # After a release: an empty store, so the first request builds every piece.
            with app.app_context():
                db.session.execute(db.delete(CalendarComponent))
                db.session.commit()
            app.extensions[CACHE_KEY].clear()

        def first_build():
            response = client.get("/calendar.ics")
            assert response.status_code == 200
            return response.data

        def cached():
            response = client.get("/calendar.ics")
            response.data  # noqa: B018

        def not_modified():
            client.get("/calendar.ics", headers={"If-None-Match": etag})

        def trivial():
            client.get("/__bench/trivial")

        rows = [
            ("trivial Flask route", _time(trivial, 200)),
            ("/calendar.ics 304 (If-None-Match)", _time(not_modified, 100)),
            ("/calendar.ics 200 from built cache", _time(cached, 50)),
            ("/calendar.ics assembled from store", _time(assembled, 10)),
            ("/calendar.ics, one event changed", _time(changed, 10)),
            (f"org shown by {EVENTS} events edited", _time(org_edited, 3)),
            ("  its restamp: digests from rows", _time(from_rows, 3)),
            ("  before: digests from ORM models", _time(from_models, 3)),
        ]
        # The same components as icalendar objects, and icalendar's own to_ical of them
        # (made after the table above: its many objects would slow every collection).
        empty_store()
        built = first_build()
        with app.test_request_context("/calendar.ics"):
            from flask import url_for
            from flask_babel import gettext

            site = app.config["SITE_URL"]
            reference = ics.feed_components(
                services.load_events(services.public_event_filter()),
                site_url=site, name=gettext("Roundtable events"),
                description=gettext(
                    "Every published event on Roundtable. Cancelled events are marked so."),
                source_url=site + "/calendar.ics", url=site + url_for("events.index"),
            )
            db.session.remove()
        assert reference.to_ical(sorted=False) == built, "the feed is not icalendar's bytes"

        turns = _turns({
            "full": (empty_store, first_build),
            "to_ical": (lambda: None, lambda: reference.to_ical(sorted=False)),
        }, int(os.environ.get("BENCH_BUILDS", "7")))
        with app.app_context():
            db.engine.dispose()

    baseline = statistics.median(rows[0][1])
    print(
        f"{EVENTS} events x {ITEMS_PER_EVENT} agenda items; feed {size / 1024:.0f} KiB; "
        f"populated in {populate_s:.1f} s (SQLite, Flask test client)"
    )
    print(f"{'request':<36} {'runs':>5} {'median ms':>10} {'min ms':>9} {'x trivial':>10}")
    for label, samples in rows:
        median = statistics.median(samples)
        print(
            f"{label:<36} {len(samples):>5} {median * 1000:>10.2f} {min(samples) * 1000:>9.2f}"
            f" {median / baseline:>10.1f}"
        )

    print()
    print(f"Full build of /calendar.ics ({EVENTS} events, empty store: load, build and store "
          "every VEVENT, assemble)")
    print("against icalendar's to_ical of the same components (the same bytes), timed in turns:")
    print(f"{'':<36} {'runs':>5} {'wall ms':>10} {'CPU ms':>9}")
    labels = {"full": "full build (first request)", "to_ical": "icalendar Calendar.to_ical"}
    medians = {}
    for name, (wall, cpu) in turns.items():
        medians[name] = statistics.median(wall), statistics.median(cpu)
        print(f"{labels[name]:<36} {len(wall):>5} {medians[name][0] * 1000:>10.1f}"
              f" {medians[name][1] * 1000:>9.1f}")
    wall_ratio = medians["full"][0] / medians["to_ical"][0]
    cpu_ratio = medians["full"][1] / medians["to_ical"][1]
    print(f"{'ratio, full build / to_ical':<36} {'':>5} {wall_ratio:>9.2f}x {cpu_ratio:>8.2f}x"
          "   (target: 1.5x or less)")


if __name__ == "__main__":
    main()
