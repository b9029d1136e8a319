"""A registration rush over HTTP: two gunicorn servers, three workers each, one PostgreSQL.

Capacity is enforced by the event-row lock inside the database, so it must hold
across processes and hosts, not only across threads of one process. With the rate
limits in Redis (as with several hosts in production) the rush stays exact, and a
limit counts one client's requests on both hosts together.
"""

import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from roundtable import create_app
from roundtable.extensions import db
from tests import dbutil, redisutil
from tests.gunicornutil import ROOT, Browser, start_servers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not dbutil.on_postgres(), reason="needs TEST_DATABASE_URL (PostgreSQL)"),
]

CAPACITY = {"in_person": 25, "online": 15}
PEOPLE = 160  # distinct emails, half per mode
DUPLICATES = 40  # the same person submitting twice, to the other server
SECRET_KEY = "race-secret-shared-by-every-host"
SLUG = "rush"


@pytest.fixture
def race_database():
    """A private schema migrated with `flask db upgrade`, holding one small hybrid event."""
    schema = dbutil.new_schema_name("race")
    url = dbutil.create_schema(schema)
    try:
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
        with app.app_context():
            from roundtable.events.models import Event

            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=14)
            event = Event(title="Rush", slug=SLUG, format="hybrid", status="published",
                          starts_at=starts, ends_at=starts + timedelta(hours=2),
                          timezone="America/Phoenix", venue_name="Student Union",
                          capacity_in_person=CAPACITY["in_person"],
                          capacity_online=CAPACITY["online"])
            db.session.add(event)
            db.session.commit()
            event_id = event.id
        yield app, url, event_id
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        dbutil.drop_schema(schema)


def _attempts() -> list[tuple[str, str, int]]:
    """(email, mode, server index) for every POST; duplicates go to the other server."""
    people = [(f"person{n}@example.org", "in_person" if n % 2 else "online", n % 2)
              for n in range(PEOPLE)]
    # Same person, different capitalisation, other server: still one registration.
    dupes = [(email.upper(), mode, 1 - server) for email, mode, server in people[:DUPLICATES]]
    return people + dupes


@pytest.fixture
def redis_url():
    """A private redis-server (started here; skipped only when absent and CI is unset)."""
    if not redisutil.available():
        if os.environ.get("CI"):
            pytest.fail("redis-server not found: apt-get install redis-server")
        pytest.skip("redis-server not found")
    with redisutil.redis_server() as url:
        yield url


@pytest.fixture(params=["off", "redis"])
def limits(request):
    """Server settings: limits off, or on in Redis behind one proxy (X-Forwarded-For)."""
    if request.param == "off":
        return {"RATELIMIT_ENABLED": "0"}
    return {"RATELIMIT_ENABLED": "1", "PROXY_FIX_HOPS": "1",
            "RATELIMIT_STORAGE_URI": request.getfixturevalue("redis_url")}


def _client_address(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 + 1}"


def test_two_gunicorn_servers_never_overbook(race_database, limits):
    app, url, event_id = race_database
    servers = start_servers(2, {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, **limits},
                            workers=3)
    try:
        attempts = _attempts()
        browsers = [Browser(servers[server].host) for _, _, server in attempts]
        # Each person from their own address (the proxy says so): no limit is reached.
        for n, browser in enumerate(browsers):
            browser.headers["X-Forwarded-For"] = _client_address(n % PEOPLE)
        form_path = f"/events/{SLUG}/register"
        with ThreadPoolExecutor(max_workers=32) as pool:
            # First every client loads the form (session cookie + CSRF token) ...
            tokens = list(pool.map(lambda b: b.csrf_token(form_path), browsers))

            # ... then everyone submits at once.
            def submit(i):
                email, mode, _ = attempts[i]
                fields = {"csrf_token": tokens[i], "name": f"Person {i}", "email": email,
                          "mode": mode}
                if mode == "in_person":
                    fields["reception"] = "yes"
                status, headers, body = browsers[i].request(
                    "POST", form_path, urlencode(fields).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"})
                return status, headers.get("Location", ""), body

            started = time.monotonic()
            results = list(pool.map(submit, range(len(attempts))))
            assert time.monotonic() - started < 120  # a hang, not a speed check
        for browser in browsers:
            browser.close()
    finally:
        logs = [server.output() for server in servers]
        for server in servers:
            server.cleanup()

    statuses = Counter(status for status, _, _ in results)
    assert all(status < 500 for status in statuses), (statuses, logs)
    assert statuses == {302: len(attempts)}, (statuses, [b[:300] for s, _, b in results
                                                         if s != 302][:3])
    new = [loc for _, loc, _ in results if "/registrations/" in loc]
    existing = [loc for _, loc, _ in results if loc.endswith("/register/check-email")]
    assert len(new) == PEOPLE and len(existing) == DUPLICATES  # every attempt accounted for
    assert len(set(new)) == PEOPLE  # one private link each

    from roundtable.registration.models import Registration

    with app.app_context():
        rows = db.session.execute(
            select(Registration.email, Registration.mode, Registration.status)
            .where(Registration.event_id == event_id)
        ).all()
    assert len(rows) == PEOPLE
    assert {email for email, _, _ in rows} == {email for email, _, _ in _attempts()[:PEOPLE]}
    counts = Counter((mode, status) for _, mode, status in rows)
    for mode, capacity in CAPACITY.items():
        assert counts[(mode, "confirmed")] == capacity
        assert counts[(mode, "waitlisted")] == PEOPLE // 2 - capacity
    assert sum(counts.values()) == PEOPLE
    for log in logs:
        assert "Traceback" not in log, log


def test_a_rate_limit_counts_both_hosts_together(race_database, redis_url):
    """Sign-in allows 10 POSTs a minute per client: 5 on each host, then both refuse."""
    _app, url, _event_id = race_database
    servers = start_servers(2, {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                                "RATELIMIT_ENABLED": "1", "PROXY_FIX_HOPS": "1",
                                "RATELIMIT_STORAGE_URI": redis_url}, workers=2)
    try:
        statuses = []
        for n in range(12):
            browser = Browser(servers[n % 2].host)
            browser.headers["X-Forwarded-For"] = "203.0.113.7"
            token = browser.csrf_token("/login")
            body = urlencode({"csrf_token": token, "email": "nobody@example.org",
                              "password": "not the password"}).encode()
            status, _, _ = browser.request(
                "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
            statuses.append(status)
            browser.close()
        # Another client is not affected.
        other = Browser(servers[0].host)
        other.headers["X-Forwarded-For"] = "203.0.113.8"
        token = other.csrf_token("/login")
        other_status, _, _ = other.request(
            "POST", "/login", urlencode({"csrf_token": token, "email": "nobody@example.org",
                                         "password": "x"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        other.close()
    finally:
        for server in servers:
            server.cleanup()
    # Each host saw 5 before the 11th: a per-host count would still allow 5 more on each.
    assert 429 not in statuses[:10], statuses
    assert statuses[10:] == [429, 429], statuses
    assert other_status != 429
