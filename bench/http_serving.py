"""Gunicorn over HTTP, on SQLite and PostgreSQL: requests/s, p50/p99, ratios to a baseline.

For each database: populate 1,000 events (the calendar benchmark's data) and one
event with 1,000 registrations, start gunicorn (gunicorn.conf.py, WEB_CONCURRENCY
workers, default 2) as a subprocess, and drive it with one client (Python, one request at
a time: latency), then CLIENTS connections (Debian's wrk, compiled, so the client is not
the limit: throughput; the Python threads when wrk is missing), for a few seconds per
request kind:

  /healthz                  the trivial route: routing, one SELECT 1
  /calendar.ics             one client: the first build ever (stores every
                            event's VEVENT), the first request after a restart,
                            the first after one event changed, a 304, a 200
  event page                /events/<slug> of the event with 1,000 registrations
  registration POST         a new email each time, with a real CSRF token

Ratios are to the trivial route in the same run: its one-client median latency,
and its throughput with CLIENTS threads (ROUNDS rounds of every kind in turn, each
ratio to its own round's baseline; the table gives their median).

Queries per request are counted in-process (Flask test client and a SQLAlchemy
before_cursor_execute listener). PostgreSQL runs in a private schema, dropped
after, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set or the local server
at 127.0.0.1:5432 answers. Prints; never asserts a time.

On PostgreSQL, then two hosts: two gunicorn instances on the one database with the
rate limits on and kept in Redis (a private redis-server, started here), driven at
once by one wrk each; a registration rush over both hosts must end exact (each
audience filled to its capacity, nobody twice), and one client's sign-in attempts
must be counted on both hosts together (the 11th in a minute refused).

Workers are not replaced during the run (GUNICORN_MAX_REQUESTS=0): a replacement
imports the app anew, and that second of CPU would fall in some request kind's window.

Environment: BENCH_SECONDS (per request kind, default 5), BENCH_ROUNDS (5), BENCH_CLIENTS (8),
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

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
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
    from bench.calendar_feed import add_content
    from roundtable.agenda.models import Person
    from roundtable.events.models import Event, EventSeries
    from roundtable.extensions import db
    from roundtable.orgs.models import Organization
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
        # The page as the demo's: a series, three co-sponsors, an agenda with speakers.
        series = db.session.scalar(sa.select(EventSeries))
        orgs = db.session.scalars(sa.select(Organization)).all()
        people = db.session.scalars(sa.select(Person).limit(6)).all()
        page = Event(title="Roundtable with 1,000 registrations", slug=PAGE_SLUG,
                     capacity_in_person=600, capacity_online=300,
                     summary="A conversation across the border, in person and on Zoom.",
                     description="Opening remarks, a keynote, a panel and a reception.",
                     contact_email="center@example.edu", contact_name="Center staff",
                     series=series, edition=1001, **common)
        add_content(page, orgs, people)
        rush = Event(title="Registration rush", slug=RUSH_SLUG, capacity_in_person=100,
                     capacity_online=100, **common)
        # Its confirmations carry an invitation listing this agenda and its sponsors.
        add_content(rush, orgs, people)
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
        _settle(db.engine)
        db.engine.dispose()
    return time.perf_counter() - t0


def _settle(engine) -> None:
    """What autovacuum does to freshly loaded tables before anyone reads them for long.

    Without it PostgreSQL has no statistics and no visibility map yet, so even the
    index-only seat counts would visit every row; SQLite gets its statistics.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql"
                             else "ANALYZE")


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


def _register(slug: str = RUSH_SLUG):
    """Each POST is a new registrant who has just loaded the form.

    The client does not follow the redirect (a browser would, and the manage page
    would show and clear the flash), so it goes back to the form's cookie each
    time rather than carry a pile of unread flashes into the next request.
    """
    path = f"/events/{slug}/register"
    run = uuid.uuid4().hex[:6]

    def setup(browser):
        token = browser.csrf_token(path)
        return token, dict(browser.cookies)

    def call(browser, state, index, n):
        token, cookies = state
        browser.cookies = dict(cookies)
        fields = {"csrf_token": token, "name": f"Rusher {index}-{n}",
                  "email": f"rush-{run}-{index}-{n}@example.org",
                  "mode": "in_person" if n % 2 else "online", "reception": "yes"}
        status, _, _ = browser.request("POST", path, urlencode(fields).encode(),
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"POST {path}: {status}")
        return status

    call.setup = setup
    return call


def _form_session(host, path: str) -> tuple[str, str]:
    """Load a form once: its CSRF token and the cookie header that goes with it."""
    from tests.gunicornutil import Browser

    browser = Browser(host, timeout=120)
    token = browser.csrf_token(path)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    browser.close()
    return token, cookie


def _load(hosts, key: str, etag: str, seconds: float, slug: str = RUSH_SLUG):
    """(requests, wall seconds, errors) of CLIENTS connections per host, all hosts at once."""
    from bench import _wrk

    path = {"baseline": "/healthz", "event": f"/events/{PAGE_SLUG}",
            "feed304": "/calendar.ics", "cached200": "/calendar.ics",
            "register": f"/events/{slug}/register"}[key]
    if not _wrk.available():
        call = _register(slug) if key == "register" else _get(
            path, {"If-None-Match": etag} if key == "feed304" else None,
            304 if key == "feed304" else 200)
        latencies, wall, errors = _drive(hosts[0], call, seconds, CLIENTS)
        return len(latencies), wall, len(errors)
    headers = {"If-None-Match": etag} if key == "feed304" else None
    jobs = []
    for host in hosts:
        script = None
        if key == "register":
            token, cookie = _form_session(host, path)
            script = _wrk.register_script(path, token, cookie, uuid.uuid4().hex[:8])
        url = f"http://{host[0]}:{host[1]}{path}"
        jobs.append((url, script))
    results: list = [None] * len(jobs)

    def drive(i):
        url, script = jobs[i]
        results[i] = _wrk.run(url, seconds=seconds, clients=CLIENTS, headers=headers,
                              script=script)

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = max(r.seconds for r in results)
    return sum(r.requests for r in results), wall, sum(r.bad for r in results)


def _count_queries(url: str, etag: str) -> dict[str, int]:
    """SQL statements per request, in-process, after one warm-up request each."""
    from sqlalchemy import event as sa_event

    from roundtable.extensions import db

    # The in-process cache off: a 200 is the version, then the stored VEVENTs.
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
        "cached200": lambda: client.get("/calendar.ics"),
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


def _once(host, path: str, headers=None, expect: int = 200) -> float:
    """One request on a new connection; its latency in seconds."""
    from tests.gunicornutil import Browser

    browser = Browser(host, timeout=120)
    t0 = time.perf_counter()
    status, _, _ = browser.request("GET", path, headers=headers)
    elapsed = time.perf_counter() - t0
    browser.close()
    if status != expect:
        raise RuntimeError(f"GET {path}: {status}, expected {expect}")
    return elapsed


def _change_one_event(url: str, n: int) -> None:
    """Rename one event through the ORM, as an organizer's edit would."""
    from roundtable.events.models import Event
    from roundtable.extensions import db

    app = _app(url)
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == f"event-{n}"))
        event.title = f"Renamed session {n} ({uuid.uuid4().hex[:6]})"
        db.session.commit()
        db.engine.dispose()


def _run(kind: str, url: str) -> None:
    from tests.gunicornutil import start_servers

    populate_s = _populate(url)
    # Workers are never replaced mid-run: a new worker imports the app (a second or
    # more of CPU here), which would land in whichever request kind's window it hits.
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "RATELIMIT_ENABLED": "0",
           "SITE_URL": "https://roundtable.example", "GUNICORN_MAX_REQUESTS": "0"}
    single: dict[str, list[float]] = {}
    rows = []
    (server,) = start_servers(1, env, workers=WORKERS)
    try:
        # The very first request builds and stores all 1,000 VEVENTs.
        single["first_build"] = [_once(server.host, "/calendar.ics")]
        etag = _etag(server.host)
        one_client = [
            ("baseline", _get("/healthz")),
            ("feed304", _get("/calendar.ics", {"If-None-Match": etag}, 304)),
            ("cached200", _get("/calendar.ics")),
        ]
        for key, call in one_client:
            latencies, _, _ = _drive(server.host, call, SECONDS / 2, 1)
            single[key] = latencies
        single["changed"] = []
        for n in range(1, 6):
            _change_one_event(url, n)
            single["changed"].append(_once(server.host, "/calendar.ics"))
        etag = _etag(server.host)
        # Rounds of every kind in turn, each with its own baseline: a machine whose
        # speed drifts (other jobs, a shared VM) moves a round's baseline with it.
        for _ in range(ROUNDS):
            for key in ("baseline", "event", "feed304", "cached200", "register"):
                rows.append((key, *_load([server.host], key, etag, SECONDS / ROUNDS)))
    finally:
        server.cleanup()
    single["restart"] = []
    for _ in range(3):
        (server,) = start_servers(1, env, workers=WORKERS)
        try:
            single["restart"].append(_once(server.host, "/calendar.ics"))
        finally:
            server.cleanup()
    queries = _count_queries(url, etag)
    print(f"-- {kind}: populated in {populate_s:.1f} s; "
          f"gunicorn {WORKERS} sync workers (never replaced); one client, "
          f"then {CLIENTS} connections ({_generator()}), {ROUNDS} rounds of "
          f"{SECONDS / ROUNDS:.0f} s")
    _print(single, rows, queries)
    if kind == "postgresql":
        _run_two_hosts(url, env, etag)


def _generator() -> str:
    from bench import _wrk

    return _wrk.version() if _wrk.available() else "Python threads: wrk is not installed"


def _add_rush_event(url: str, capacity: int) -> int:
    from roundtable.events.models import Event
    from roundtable.extensions import db

    app = _app(url)
    with app.app_context():
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        event = Event(title="Two-host rush", slug="bench-two-hosts", format="hybrid",
                      status="published", starts_at=starts, ends_at=starts + timedelta(hours=2),
                      timezone="America/Phoenix", venue_name="Student Union",
                      capacity_in_person=capacity, capacity_online=capacity)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return event_id


def _rush_counts(url: str, event_id: int) -> tuple[dict, int, int]:
    """Registrations per (mode, status), how many rows, how many distinct emails."""
    from roundtable.extensions import db
    from roundtable.registration.models import Registration

    app = _app(url)
    with app.app_context():
        rows = db.session.execute(sa.select(Registration.mode, Registration.status,
                                            Registration.email)
                                  .where(Registration.event_id == event_id)).all()
        db.engine.dispose()
    counts: dict = {}
    for mode, status, _ in rows:
        counts[(str(mode), str(status))] = counts.get((str(mode), str(status)), 0) + 1
    return counts, len(rows), len({email for _, _, email in rows})


def _login_limit_shared(hosts) -> list[int]:
    """Statuses of 12 failed sign-ins from one address, alternating between the hosts."""
    from tests.gunicornutil import Browser

    statuses = []
    for n in range(12):
        browser = Browser(hosts[n % 2], timeout=60)
        browser.headers["X-Forwarded-For"] = "203.0.113.77"
        token = browser.csrf_token("/login")
        status, _, _ = browser.request(
            "POST", "/login", urlencode({"csrf_token": token, "email": "nobody@example.org",
                                         "password": "wrong"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        statuses.append(status)
        browser.close()
    return statuses


def _run_two_hosts(url: str, env: dict, etag: str) -> None:
    """Two gunicorn hosts on one PostgreSQL, rate limits on and kept in Redis."""
    from tests import redisutil
    from tests.gunicornutil import start_servers

    if not redisutil.available():
        print("-- two hosts: skipped (redis-server is not installed)")
        return
    capacity = 100
    event_id = _add_rush_event(url, capacity)
    rows = []
    with redisutil.redis_server() as redis_url:
        host_env = {**env, "RATELIMIT_ENABLED": "1", "RATELIMIT_STORAGE_URI": redis_url,
                    "PROXY_FIX_HOPS": "1"}
        servers = start_servers(2, host_env, workers=WORKERS)
        try:
            hosts = [server.host for server in servers]
            for _ in range(ROUNDS):
                for key in ("baseline", "event", "register"):
                    rows.append((key, *_load(hosts, key, etag, SECONDS / ROUNDS,
                                             slug="bench-two-hosts")))
            statuses = _login_limit_shared(hosts)
        finally:
            for server in servers:
                server.cleanup()
    counts, total, distinct = _rush_counts(url, event_id)
    print(f"-- postgresql, two hosts: 2 x gunicorn {WORKERS} workers, rate limits in Redis; "
          f"{CLIENTS} connections per host ({_generator()})")
    _print_throughput(rows)
    # Exact: no audience over its capacity, no seat left empty while someone waits for
    # it, nobody twice.
    exact = total == distinct and all(
        counts.get((mode, "confirmed"), 0)
        == min(capacity, counts.get((mode, "confirmed"), 0) + counts.get((mode, "waitlisted"), 0))
        for mode in ("in_person", "online"))
    print(f"registration rush over both hosts: {total} registrations, {distinct} emails, "
          f"confirmed {counts.get(('in_person', 'confirmed'), 0)} in person and "
          f"{counts.get(('online', 'confirmed'), 0)} online of {capacity} each: "
          f"{'exact' if exact else 'NOT EXACT'}")
    shared = 429 not in statuses[:10] and statuses[10:] == [429, 429]
    print(f"sign-in limit (10 a minute per client) over both hosts: statuses {statuses}: "
          f"{'shared' if shared else 'NOT SHARED'}")


def _print_throughput(rows) -> None:
    base = {}
    ratios: dict[str, list[float]] = {}
    totals: dict[str, tuple[int, float, int]] = {}
    for key, done, wall, errors in rows:
        rps = done / wall if wall else 0.0
        if key == "baseline":
            base = rps
        ratios.setdefault(key, []).append(rps / base if base else 0.0)
        n, spent, failed = totals.get(key, (0, 0.0, 0))
        totals[key] = (n + done, spent + wall, failed + errors)
    print(f"{'request':<46} {'req/s, both hosts':>17} {'x trivial':>10} {'non-2xx/3xx':>12}")
    for key, (done, spent, errors) in totals.items():
        print(f"{LABELS[key]:<46} {done / spent:>17.1f} {statistics.median(ratios[key]):>10.2f}"
              f" {errors:>12}")


def _etag(host) -> str:
    from tests.gunicornutil import Browser

    browser = Browser(host, timeout=120)
    status, headers, _ = browser.request("GET", "/calendar.ics")
    browser.close()
    assert status == 200, status
    return headers["ETag"]


LABELS = {
    "baseline": "/healthz (the trivial route)",
    "first_build": "/calendar.ics, 1,000 events, first build ever",
    "restart": "/calendar.ics, first after a restart",
    "changed": "/calendar.ics, first after one event changed",
    "feed304": "/calendar.ics 304 (If-None-Match)",
    "cached200": "/calendar.ics 200, unchanged",
    "event": "event page, 1,000 registrations",
    "register": "registration POST (CSRF, row lock)",
}


def _print(single, rows, queries) -> None:
    """One table: one-client p50 and its ratio, CLIENTS-thread throughput and its ratio.

    Throughput is over all rounds; its ratio is the median of the rounds' ratios,
    each to the baseline of its own round.
    """
    base_p50 = statistics.median(single["baseline"])
    totals: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    base_rps = None
    for key, count, wall, errors in rows:
        rps = count / wall
        if key == "baseline":
            base_rps = rps
        done, spent, failed = totals.get(key, (0, 0.0, 0))
        totals[key] = (done + count, spent + wall, failed + errors)
        ratios.setdefault(key, []).append(rps / base_rps)
    print(f"{'request':<46} {'1 client p50 ms':>15} {'x trivial':>10} "
          f"{f'{CLIENTS} clients req/s':>17} {'x trivial':>10} {'queries':>8} {'bad':>4}")
    for key, label in LABELS.items():
        p50 = statistics.median(single[key]) if key in single else None
        done, spent, errors = totals.get(key, (0, 0.0, 0))
        one = f"{p50 * 1000:>15.1f} {p50 / base_p50:>10.1f}" if p50 else f"{'-':>15} {'-':>10}"
        many = (f"{done / spent:>17.1f} {statistics.median(ratios[key]):>10.2f}" if done
                else f"{'-':>17} {'-':>10}")
        print(f"{label:<46} {one} {many} {queries.get(key, '-'):>8} {errors:>4}")


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
