"""Fixtures in the style of the Flask tutorial, plus factories that return callables."""

import atexit
import itertools
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from roundtable import create_app
from roundtable.extensions import db, limiter
from tests import dbutil

PASSWORD = "correct horse battery"
# Mail the deliverer writes as .eml files (no MAIL_SERVER) lands here, not in the
# checkout's instance/outbox, which `make run` uses. One per worker process.
OUTBOX = tempfile.mkdtemp(prefix="roundtable-test-outbox-")
atexit.register(shutil.rmtree, OUTBOX, ignore_errors=True)
_counter = itertools.count(1)


def base_config(url: str) -> dict:
    """Settings for a test app on ``url``: no CSRF, no rate limits, cheap hashing."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SITE_URL": "http://roundtable.test",
        "SERVER_NAME": None,
        # Hashing cost is not under test; scrypt would dominate the suite's run time.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Tests read a confirmation straight after registering; the deliverer writing
        # it (the default) is tested in tests/mail/test_write_later.py.
        "MAIL_WRITE_LATER": False,
        "MAIL_OUTBOX_DIR": OUTBOX,
    }


def _create_tables(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """A private schema on the test PostgreSQL server for this worker, dropped after."""
    if not dbutil.on_postgres():
        yield None
        return
    schema = dbutil.new_schema_name()
    url = dbutil.create_schema(schema)
    _create_tables(url)
    yield url
    dbutil.drop_schema(schema)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """An SQLite file with every table, created once per worker and copied per test."""
    path = tmp_path_factory.mktemp("template") / "tables.db"
    _create_tables(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def sqlite_path(tmp_path_factory):
    """The worker's SQLite file: every test starts from a fresh copy of the template in it.

    One path for every test, so that the app made for it can be reused (see running_app).
    """
    return tmp_path_factory.mktemp("db") / "test.db"


@pytest.fixture
def app_config(sqlite_path, postgres_url, sqlite_template):
    """Settings for a test app: its own database with every table, no CSRF, no rate limits."""
    if postgres_url:
        return base_config(postgres_url)
    dbutil.copy_sqlite(sqlite_template, sqlite_path)
    return base_config(f"sqlite:///{sqlite_path}")


# The apps this worker has made, by their settings. Making an app costs more than most
# tests (about 60 ms: every URL rule is compiled, the OpenAPI document is built), so a
# test whose settings an earlier test used gets that app back, with its settings and
# per-app caches as they were when it was made.
_apps: dict[str, tuple[Flask, dict, set]] = {}


def _settings_key(config: dict) -> str | None:
    # Rate limits are kept by the one module-level limiter, whose storage and on/off switch
    # follow the app made last: an app that limits is always made afresh.
    if config.get("RATELIMIT_ENABLED", True):
        return None
    return repr(sorted(config.items()))


def _app_for(config: dict) -> tuple[Flask, str | None]:
    key = _settings_key(config)
    if key is None:
        return create_app(config), None
    if key not in _apps:
        app = create_app(config)
        _apps[key] = (app, dict(app.config), set(app.extensions))
    app = _apps[key][0]
    # The limiter's on/off switch is module-level: set it back to this app's (off).
    limiter.init_app(app)
    return app, key


def _as_made(app: Flask, key: str) -> None:
    """Put back the settings and per-app caches a test may have changed."""
    _, settings, extensions = _apps[key]
    app.config.clear()
    app.config.update(settings)
    for name in set(app.extensions) - extensions:
        del app.extensions[name]


@contextmanager
def running_app(config):
    """Yield an app on a database with every table; empty the database afterwards.

    The tables exist already (app_config copies them, or the worker's PostgreSQL schema
    has them); create_all() only checks that, for configurations built by hand.
    """
    app, key = _app_for(config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            # The worker's PostgreSQL schema is shared by its tests; an SQLite file is not.
            if db.engine.dialect.name == "postgresql":
                dbutil.empty_postgres(db.engine, db.metadata)
            db.engine.dispose()
        if key is not None:
            _as_made(app, key)


@pytest.fixture
def app(app_config):
    """The application with an empty database, cleaned after the test."""
    with running_app(app_config) as app:
        yield app


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory, postgres_url, sqlite_template):
    """The demo loaded once per worker: an SQLite file, or a PostgreSQL schema of its own."""
    if postgres_url:
        schema = dbutil.new_schema_name("rtdemo")
        url = dbutil.create_schema(schema)
        _create_tables(url)
        _load_demo(url)
        yield schema
        dbutil.drop_schema(schema)
        return
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    dbutil.copy_sqlite(sqlite_template, path)
    _load_demo(f"sqlite:///{path}")
    yield path


def _load_demo(url: str) -> None:
    from roundtable.demo import load_demo

    app = create_app(base_config(url))
    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo(app, demo_snapshot):
    """The test's database holds the demo (as `flask roundtable demo` loads it), and only it.

    Request it before anything else writes rows: the demo's rows are copied in whole.
    """
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            dbutil.copy_postgres(db.engine, db.metadata, demo_snapshot)
        else:
            db.engine.dispose()
            dbutil.copy_sqlite(demo_snapshot, sa.make_url(db.engine.url).database)


@pytest.fixture
def csrf_app(app_config):
    """The application with CSRF protection on, as in production."""
    with running_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An application context for tests that use the database directly."""
    with app.app_context():
        yield


class AuthActions:
    """Sign in and out through the real forms."""

    def __init__(self, client):
        self._client = client

    def login(self, email="organizer@example.org", password=PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def csrf_token_from(html: str) -> str:
    """Pull the CSRF token out of a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in page"
    return match.group(1)


# --- factories -----------------------------------------------------------------


@pytest.fixture
def make_user(app):
    """Create an organizer: make_user(email=..., is_admin=...)."""
    from roundtable.auth.services import create_organizer

    def factory(email=None, name="Ana Organizer", password=PASSWORD, is_admin=False):
        email = email or f"organizer{next(_counter)}@example.org"
        with app.app_context():
            user = create_organizer(email, name, password, is_admin=is_admin)
            db.session.commit()
            return user.id

    return factory


@pytest.fixture
def make_org(app):
    """Create an organization (managed by ``manager_ids``) and return its id."""
    from roundtable.auth.models import User
    from roundtable.orgs.models import Organization

    def factory(name=None, slug=None, manager_ids=(), **values):
        n = next(_counter)
        with app.app_context():
            org = Organization(name=name or f"Organization {n}", slug=slug or f"org-{n}", **values)
            org.managers = [db.session.get(User, uid) for uid in manager_ids]
            db.session.add(org)
            db.session.commit()
            return org.id

    return factory


@pytest.fixture
def make_person(app):
    """Create a person (managed by ``manager_ids``) and return their id."""
    from roundtable.agenda.models import Person
    from roundtable.auth.models import User

    def factory(name=None, manager_ids=(), **values):
        with app.app_context():
            person = Person(name=name or f"Speaker {next(_counter)}", **values)
            person.managers = [db.session.get(User, uid) for uid in manager_ids]
            db.session.add(person)
            db.session.commit()
            return person.id

    return factory


@pytest.fixture
def make_event(app):
    """Create an event (published, hybrid, in two weeks) and return its id."""
    from roundtable.auth.models import User
    from roundtable.events.models import Event

    def factory(organizer_ids=(), starts_in=timedelta(days=14), hours=1.5, **values):
        n = next(_counter)
        starts = datetime.now(UTC).replace(microsecond=0, second=0) + starts_in
        defaults = dict(
            title=f"Event {n}",
            slug=f"event-{n}",
            format="hybrid",
            status="published",
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            timezone="America/Phoenix",
            venue_name="Student Union",
            zoom_join_url="https://zoom.us/j/99911122233?pwd=secretpwd",
            zoom_meeting_id="999 1112 2233",
            zoom_passcode="s3cretpass",
        )
        defaults.update(values)
        with app.app_context():
            event = Event(**defaults)
            event.organizers = [db.session.get(User, uid) for uid in organizer_ids]
            db.session.add(event)
            db.session.commit()
            return event.id

    return factory
