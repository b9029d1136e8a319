"""A large Zoom report: its import, and the attendance page of 14,500 participants.

Issue 21 (item 4) measured an import of 6,500 rows at 15.5 s and the attendance page
with 14,500 participants at 27.7 MB. In one run, on SQLite, through the Flask test
client signed in as the event's organizer:

  baseline        Python's csv module reading the same file (decode + csv.reader)
  parse           attendance/zoom.parse of the file (every cell checked and bounded)
  upload          the upload route: parse, match, store, commit (the organizer's wait)
  re-upload       the same file again (nothing new; every row found and compared)
  API import      import_report of 14,500 rows, as the Zoom API's report feeds it
  page            /manage/events/<id>/attendance with 14,500 participants (first page
                  of 100; figures, charts and follow-up counts over everyone): time,
                  bytes and queries, and a later page, filtered and sorted

Times are ratios to the csv baseline of the same run (a machine twice as fast halves
both). Prints; never asserts a time (tests/attendance/test_participants_page.py
asserts rows per page, query counts and bounded bytes).

Environment: BENCH_ROWS (6500), BENCH_PARTICIPANTS (14500), BENCH_REGISTRATIONS (2000).
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

ROWS = int(os.environ.get("BENCH_ROWS", "6500"))
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "14500"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "2000"))
START = datetime(2024, 11, 21, 23, 0, tzinfo=UTC)  # 16:00 in Phoenix
PASSWORD = "bench-password-long-enough"
TIME_FORMAT = "%m/%d/%Y %I:%M:%S %p"


def zoom_csv(rows: int, people: int | None = None) -> bytes:
    """A Zoom participant report of ``rows`` joins by ``people`` people (a third rejoin):
    two in three with an email, one in five renamed in the meeting."""
    people = people or max(1, rows * 2 // 3)
    lines = ["Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
             "855 1234 5678,Roundtable,11/21/2024 03:52:10 PM,11/21/2024 05:41:02 PM,"
             "host@example.org,109,6", "",
             "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    local = START - timedelta(hours=7)
    for n in range(rows):
        p = n % people
        email = f"p{p}@example.org" if p % 3 else ""
        name = f"Person {p}" if p % 5 else f"Renamed {p} (Person {p})"
        joined = local + timedelta(minutes=n % 60, seconds=n % 50) + timedelta(
            minutes=40 * (n // people))
        left = joined + timedelta(minutes=30)
        lines.append(f"{name},{email},{joined.strftime(TIME_FORMAT)},"
                     f"{left.strftime(TIME_FORMAT)},30,Yes")
    return ("\n".join(lines) + "\n").encode()


def _time(call, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t0)
    return samples


def _event(db, slug: str) -> int:
    from roundtable.auth.models import User
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    event = Event(title=f"Bench roundtable {slug}", slug=slug, format="hybrid",
                  status="published", starts_at=START, ends_at=START + timedelta(hours=2),
                  timezone="America/Phoenix", venue_name="Student Union",
                  zoom_meeting_id="855 1234 5678")
    event.organizers = list(db.session.scalars(db.select(User)))
    db.session.add(event)
    db.session.flush()
    for n in range(REGISTRATIONS):
        # Half of them share an email with the report, the others a name.
        registration = Registration(event_id=event.id, name=f"Person {2 * n}",
                                    email=f"p{2 * n + 1}@example.org",
                                    mode="online" if n % 4 else "in_person",
                                    status="confirmed")
        issue_token(registration)
        db.session.add(registration)
    db.session.commit()
    return event.id


def _upload(client, event_id: int, data: bytes):
    return client.post(f"/manage/events/{event_id}/attendance/zoom",
                       data={"report": (io.BytesIO(data), "participants.csv")},
                       content_type="multipart/form-data")


def main() -> None:
    import sqlalchemy as sa

    from roundtable import create_app
    from roundtable.attendance import services, zoom
    from roundtable.auth.services import create_organizer
    from roundtable.events.models import Event
    from roundtable.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench",
            "SITE_URL": "https://roundtable.example", "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        })
        with app.app_context():
            db.create_all()
            create_organizer("bench@example.org", "Bench Organizer", PASSWORD)
            db.session.commit()
            upload_ids = [_event(db, f"upload-{n}") for n in range(3)]
            page_id = _event(db, "page")
        client = app.test_client()
        assert client.post("/login", data={"email": "bench@example.org",
                                           "password": PASSWORD}).status_code == 302

        data = zoom_csv(ROWS)
        assert len(data) <= zoom.MAX_BYTES, (len(data), zoom.MAX_BYTES)

        def baseline():
            list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

        def parse():
            zoom.parse(data, "America/Phoenix")

        uploads = iter(upload_ids)

        def upload():
            assert _upload(client, next(uploads), data).status_code == 302

        def reupload():
            assert _upload(client, upload_ids[0], data).status_code == 302

        big = zoom.parse(zoom_csv(PARTICIPANTS, PARTICIPANTS), "America/Phoenix")

        def api_import():
            with app.app_context():
                services.import_report(db.session.get(Event, page_id), big)
                db.session.commit()

        baseline()  # warm up
        rows = [("csv module (baseline)", _time(baseline, 20)),
                ("zoom.parse", _time(parse, 5)),
                (f"upload of {ROWS:,} rows", _time(upload, 3)),
                ("the same file again", _time(reupload, 3)),
                (f"API import of {PARTICIPANTS:,} people", _time(api_import, 1))]

        url = f"/manage/events/{page_id}/attendance"
        later = url + "?status=unmatched&sort=name&page=40"
        sizes, queries = {}, {}

        def page_of(target):
            def call():
                statements = []

                def count(*_args):
                    statements.append(1)

                with app.app_context():
                    engine = db.engine
                sa.event.listen(engine, "before_cursor_execute", count)
                try:
                    response = client.get(target)
                finally:
                    sa.event.remove(engine, "before_cursor_execute", count)
                assert response.status_code == 200
                sizes[target], queries[target] = len(response.data), len(statements)
            return call

        page_of(url)()  # warm up: templates, caches
        rows += [(f"page, {PARTICIPANTS:,} participants", _time(page_of(url), 5)),
                 ("page 40, waiting, by name", _time(page_of(later), 5))]
        with app.app_context():
            db.engine.dispose()

    base = statistics.median(rows[0][1])
    print(f"{ROWS:,}-row report ({len(data) / 1024:.0f} KiB), {REGISTRATIONS:,} registrations "
          f"per event; SQLite, Flask test client")
    print(f"{'step':<34} {'runs':>5} {'median ms':>10} {'min ms':>9} {'x csv':>8}")
    for label, samples in rows:
        median = statistics.median(samples)
        print(f"{label:<34} {len(samples):>5} {median * 1000:>10.1f} {min(samples) * 1000:>9.1f}"
              f" {median / base:>8.1f}")
    print(f"page bytes: first {sizes[url] / 1024:.0f} KiB ({queries[url]} queries), "
          f"page 40 {sizes[later] / 1024:.0f} KiB ({queries[later]} queries); "
          f"issue 21 measured 27.7 MB for the whole table")


if __name__ == "__main__":
    main()
