"""Gunicorn over HTTP, on SQLite and PostgreSQL: requests/s, p50/p99, ratios to a baseline.

For each database: populate 1,000 events (the calendar benchmark's data) and one
event with 1,000 registrations, start gunicorn (gunicorn.conf.py, WEB_CONCURRENCY
workers, default 2) as a subprocess, and drive it from CLIENTS threads for a few
seconds per request kind:

  /healthz                  the baseline: routing, one SELECT 1
  event page                /events/<slug> of the event with 1,000 registrations
  /calendar.ics 200         1,000 events, full build (the built-feed cache is off)
  /calendar.ics 304         the same with If-None-Match
  registration POST         a new email each time, with a real CSRF token

Queries per request are counted in-process (Flask test client and a SQLAlchemy
before_cursor_execute listener). PostgreSQL runs in a private schema, dropped
after, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set or the local server
at 127.0.0.1:5432 answers. Prints; never asserts a time.

Environment: BENCH_SECONDS (per request kind, default 3), BENCH_CLIENTS (8),
WEB_CONCURRENCY (2), BENCH_EVENTS (1000), BENCH_DATABASES ("sqlite,postgresql").
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa

SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
REGISTRATIONS = 1000
PAGE_SLUG = "bench-page"
RUSH_SLUG = "bench-rush"
SECRET_KEY = "bench-secret"
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


# --- databases ---------------------------------------------------------------------------


def _postgres_base() -> str | None:
    for url in (os.environ.get("BENCH_DATABASE_URL"), os.environ.get("TEST_DATABASE_URL"),
                LOCAL_POSTGRES):
        if url and url.startswith("postgresql"):
            engine = sa.create_engine(url, connect_args={"connect_timeout": 2})
            try:
                with engine.connect() as conn:
                    conn.execute(sa.text("SELECT 1"))
                return url
            except sa.exc.OperationalError:
                continue
            finally:
                engine.dispose()
    return None


@contextmanager
def _database(kind: str):
    """Yield a database URL of this kind, empty and private to this run; remove it after."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    from tests.dbutil import schema_url

    base = _postgres_base()
    if base is None:
        yield None
        return
    schema = f"bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(schema_url(base, "public"))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema_url(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _app(url: str, **extra):
    from roundtable import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY,
                       "RATELIMIT_ENABLED": False, "SITE_URL": "https://roundtable.example",
                       **extra})


def _populate(url: str) -> float:
    from bench.calendar_feed import _populate as populate_feed
    from roundtable.events.models import Event
    from roundtable.extensions import db
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    app = _app(url)
    t0 = time.perf_counter()
    with app.app_context():
        db.create_all()
        populate_feed(db)
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        common = dict(format="hybrid", status="published", starts_at=starts,
                      ends_at=starts + timedelta(hours=3), timezone="America/Phoenix",
                      venue_name="Student Union Memorial Center",
                      zoom_join_url="https://zoom.us/j/1?pwd=secret")
        page = Event(title="Roundtable with 1,000 registrations", slug=PAGE_SLUG,
                     capacity_in_person=600, capacity_online=300, **common)
        rush = Event(title="Registration rush", slug=RUSH_SLUG, capacity_in_person=100,
                     capacity_online=100, **common)
        db.session.add_all([page, rush])
        db.session.flush()
        seats = {"in_person": page.capacity_in_person, "online": page.capacity_online}
        for n in range(REGISTRATIONS):
            mode = "in_person" if n % 3 else "online"
            seats[mode] -= 1
            full = seats[mode] < 0
            registration = Registration(
                event_id=page.id, name=f"Attendee {n}", email=f"attendee{n}@example.org",
                mode=mode, status="waitlisted" if full else "confirmed",
                waitlisted_at=starts - timedelta(days=1) if full else None,
                attends_reception=bool(n % 2) if mode == "in_person" else None,
            )
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()
        db.engine.dispose()
    return time.perf_counter() - t0


# --- load --------------------------------------------------------------------------------


def _drive(host, make_request, seconds: float, clients: int, min_requests: int = 5):
    """Run ``clients`` threads until ``seconds`` pass (and at least min_requests are done)."""
    from tests.gunicornutil import Browser

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int):
        browser = Browser(host, timeout=120)
        state = make_request.setup(browser) if hasattr(make_request, "setup") else None
        n = 0
        while True:
            with lock:
                done = len(latencies)
            if time.monotonic() >= deadline and done >= min_requests:
                break
            t0 = time.perf_counter()
            status = make_request(browser, state, index, n)
            elapsed = time.perf_counter() - t0
            n += 1
            with lock:
                latencies.append(elapsed)
                if status >= 500:
                    errors.append(str(status))
        browser.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return latencies, wall, errors


def _get(path, headers=None, expect=200):
    def call(browser, state, index, n):
        status, _, _ = browser.request("GET", path, headers=headers)
        if status != expect:
            raise RuntimeError(f"GET {path}: {status}, expected {expect}")
        return status

    return call


def _register():
    path = f"/events/{RUSH_SLUG}/register"
    run = uuid.uuid4().hex[:6]

    def call(browser, token, index, n):
        fields = {"csrf_token": token, "name": f"Rusher {index}-{n}",
                  "email": f"rush-{run}-{index}-{n}@example.org",
                  "mode": "in_person" if n % 2 else "online", "reception": "yes"}
        status, _, _ = browser.request("POST", path, urlencode(fields).encode(),
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"POST {path}: {status}")
        return status

    call.setup = lambda browser: browser.csrf_token(path)
    return call


def _count_queries(url: str, etag: str) -> dict[str, int]:
    """SQL statements per request, in-process, after one warm-up request each."""
    from sqlalchemy import event as sa_event

    from roundtable.extensions import db

    app = _app(url, WTF_CSRF_ENABLED=False, CALENDAR_CACHE_BYTES=0)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    form = {"name": "Counter", "mode": "online"}
    requests = {
        "baseline": lambda: client.get("/healthz"),
        "event": lambda: client.get(f"/events/{PAGE_SLUG}"),
        "feed200": lambda: client.get("/calendar.ics"),
        "feed304": lambda: client.get("/calendar.ics", headers={"If-None-Match": etag}),
        "register": lambda: client.post(f"/events/{RUSH_SLUG}/register",
                                        data={**form, "email": f"q{uuid.uuid4().hex}@x.org"}),
    }
    counts = {}
    for key, call in requests.items():
        call()
        sa_event.listen(engine, "before_cursor_execute", count)
        try:
            statements.clear()
            call()
            counts[key] = len(statements)
        finally:
            sa_event.remove(engine, "before_cursor_execute", count)
    with app.app_context():
        db.engine.dispose()
    return counts


def _run(kind: str, url: str) -> list[tuple]:
    from tests.gunicornutil import Browser, start_servers

    populate_s = _populate(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "RATELIMIT_ENABLED": "0",
           "SITE_URL": "https://roundtable.example"}
    # The built-feed cache off, so that a 200 is a full build every time.
    (server,) = start_servers(1, env, workers=WORKERS, app="roundtable:create_app("
                              "{'CALENDAR_CACHE_BYTES': 0})")
    try:
        probe = Browser(server.host, timeout=120)
        status, headers, body = probe.request("GET", "/calendar.ics")
        probe.close()
        assert status == 200, status
        etag = headers["ETag"]
        rows = []
        # A full feed build takes seconds: one client per worker, so that its
        # latency is the build and not the queue behind other builds.
        plan = [
            ("baseline", "/healthz (baseline)", _get("/healthz"), CLIENTS),
            ("event", "event page, 1,000 registrations", _get(f"/events/{PAGE_SLUG}"),
             CLIENTS),
            ("feed200", "/calendar.ics 200, 1,000 events", _get("/calendar.ics"), WORKERS),
            ("feed304", "/calendar.ics 304", _get("/calendar.ics", {"If-None-Match": etag}, 304),
             CLIENTS),
            ("register", "registration POST", _register(), CLIENTS),
        ]
        for key, label, call, clients in plan:
            latencies, wall, errors = _drive(server.host, call, SECONDS, clients)
            rows.append((key, label, latencies, wall, errors))
    finally:
        server.cleanup()
    queries = _count_queries(url, etag)
    print(f"-- {kind}: populated in {populate_s:.1f} s; feed {len(body) / 1024:.0f} KiB; "
          f"gunicorn {WORKERS} sync workers, {CLIENTS} client threads ({WORKERS} for the "
          f"feed build), ~{SECONDS:.0f} s each")
    _print(rows, queries)
    return rows


def _print(rows, queries) -> None:
    base = next(r for r in rows if r[0] == "baseline")
    base_rps = len(base[2]) / base[3]
    base_p50 = statistics.median(base[2])
    print(f"{'request':<34} {'n':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'x base req/s':>13} {'x base p50':>11} {'queries':>8} {'5xx':>4}")
    for key, label, latencies, wall, errors in rows:
        ordered = sorted(latencies)
        rps = len(ordered) / wall
        p50 = statistics.median(ordered)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"{label:<34} {len(ordered):>5} {rps:>8.1f} {p50 * 1000:>8.1f} {p99 * 1000:>8.1f}"
              f" {rps / base_rps:>13.3f} {p50 / base_p50:>11.1f} {queries.get(key, '-'):>8}"
              f" {len(errors):>4}")


def main() -> None:
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    t0 = time.perf_counter()
    for kind in ("sqlite", "postgresql"):
        if kind not in wanted:
            continue
        with _database(kind) as url:
            if url is None:
                print(f"-- {kind}: skipped (no server; set BENCH_DATABASE_URL)")
                continue
            _run(kind, url)
        print()
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
