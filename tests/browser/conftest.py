"""A live server and a headless Chromium page, for tests that drive a real browser.

Reuse them: ``live_server`` is the base URL (a str) with ``.app`` for the
application and ``.make_organizer()`` for an account; ``page`` is a fresh
Playwright page whose screenshot lands in tests/browser/artifacts/ when a test fails.
"""

import os
import re
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from roundtable import create_app
from roundtable.extensions import db
from tests import dbutil
from tests.browser.a11y import AxeWatch
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class LiveServer(str):
    """The server's base URL, with the app it serves attached."""

    app = None

    def url(self, path: str = "/") -> str:
        return f"{self}{path}"

    def make_organizer(self, email="organizer@example.org", name="Ana Organizer",
                       password=PASSWORD, is_admin=False) -> int:
        from roundtable.auth.services import create_organizer

        with self.app.app_context():
            user = create_organizer(email, name, password, is_admin=is_admin)
            db.session.commit()
            return user.id

    def make_event(self, organizer_id: int, **values) -> int:
        """A published hybrid roundtable in ten days, 90 minutes, organized by one account."""
        from roundtable.auth.models import User
        from roundtable.events.models import Event

        starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=10)
        fields = dict(title="3rd Annual U.S.–Mexico Defense & Security Roundtable", slug="rt",
                      format="hybrid", status="published", starts_at=starts,
                      ends_at=starts + timedelta(minutes=90), timezone="America/Phoenix",
                      venue_name="Student Union Memorial Center")
        with self.app.app_context():
            event = Event(**{**fields, **values})
            event.organizers = [db.session.get(User, organizer_id)]
            db.session.add(event)
            db.session.commit()
            return event.id


    def make_event_under_way(self, organizer_id: int, people=(), **values) -> int:
        """An event that began ten minutes ago, with ``people`` (name, email) registered in
        person while it was still ahead (registration closes once an event starts)."""
        from roundtable.events.models import Event
        from roundtable.registration import services

        event_id = self.make_event(organizer_id, **values)
        with self.app.app_context():
            event = db.session.get(Event, event_id)
            for name, email in people:
                services.register(event, name=name, email=email, mode="in_person")
            event.starts_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
            event.ends_at = event.starts_at + timedelta(minutes=90)
            db.session.commit()
        return event_id


def sign_in_page(page, live_server, email="organizer@example.org", password=PASSWORD):
    """Sign ``page`` in through the real form and wait for the organizer's pages."""
    page.goto(live_server.url("/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/manage/"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(tmp_path, sqlite_template):
    """Serve the app on a free 127.0.0.1 port, SQLite in a temp dir, CSRF on as in production."""
    dbutil.copy_sqlite(sqlite_template, tmp_path / "live.db")
    app = create_app({
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        db.create_all()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{port}")
    live.app = app
    yield live
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; skipped only when absent and CI is unset."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is a failure, not a skip)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def axe(browser, monkeypatch):
    """axe-core runs on every page load of every context a test opens; 0 violations allowed."""
    watch = AxeWatch()
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        watch.watch(context)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield watch
    assert watch.violations == [], "accessibility violations:\n" + "\n".join(watch.violations)


@pytest.fixture
def page(browser, axe, request):
    """A fresh browser page (own cookies), checked by axe; screenshot saved if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def sign_in(live_server, page):
    """Return a function that signs ``page`` in through the real form."""

    def sign_in_as(email="organizer@example.org", password=PASSWORD):
        sign_in_page(page, live_server, email, password)

    return sign_in_as
