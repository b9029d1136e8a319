"""No secrets in logs: a database error mid-registration or mid-cancellation logs no
name, email, manage token or email body, neither in the message nor in the traceback."""

import logging
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.registration.models import Registration

NAME = "Raúl Benítez Manaut"
EMAIL = "raul.benitez@example.org"
# Anything that looks like a manage token, not followed by the placeholder.
TOKEN_IN_PATH = re.compile(r"/registrations/(?!\[redacted\])[A-Za-z0-9_\-]{16,}")
LONG_SECRET = re.compile(r"[A-Za-z0-9_\-]{40,}")


@pytest.fixture
def app_config(app_config):
    # As in production: a failing request answers 500 and is logged, not raised into the test.
    return {**app_config, "PROPAGATE_EXCEPTIONS": False}


@contextmanager
def failing(app, table: str, verb: str):
    """Make the database reject the next ``verb`` on ``table`` with a real error."""

    def break_statement(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(verb) and table in statement:
            # Still sent to the database with its parameters, which then refuses it.
            statement = statement.replace(table, "no_such_table_forced_error", 1)
        return statement, parameters

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", break_statement, retval=True)
    try:
        yield
    finally:
        sa_event.remove(engine, "before_cursor_execute", break_statement)


def _logged(caplog) -> str:
    """Everything the log handlers would write, tracebacks included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def _assert_clean(text: str, *secrets: str) -> None:
    assert "Exception on" in text or "Traceback" in text, "no error was logged at all"
    for secret in (NAME, EMAIL, "Benítez", "raul.benitez", *secrets):
        assert secret not in text, secret
    assert not TOKEN_IN_PATH.search(text), TOKEN_IN_PATH.search(text).group()
    assert not LONG_SECRET.search(text), LONG_SECRET.search(text).group()


@pytest.fixture
def slug(make_event, app):
    from roundtable.events.models import Event

    event_id = make_event()
    with app.app_context():
        return db.session.get(Event, event_id).slug


@pytest.mark.parametrize("table", ["registrations", "outbox_messages"])
def test_database_error_during_registration_logs_no_personal_data(
        app, client, slug, caplog, table):
    caplog.set_level(logging.DEBUG)
    with failing(app, table, "INSERT"):
        response = client.post(f"/events/{slug}/register", data={
            "name": NAME, "email": EMAIL, "mode": "online", "affiliation": "UNAM"})
    assert response.status_code == 500
    assert NAME not in response.get_data(as_text=True)
    text = _logged(caplog)
    assert "no_such_table_forced_error" in text  # the real database error was logged
    _assert_clean(text, "UNAM")
    with app.app_context():
        assert db.session.scalar(select(Registration)) is None


@pytest.mark.parametrize("table,verb", [("registrations", "UPDATE"),
                                        ("outbox_messages", "INSERT")])
def test_database_error_during_cancellation_logs_no_token_or_data(
        app, client, slug, caplog, table, verb):
    from roundtable.registration.tokens import token_for

    client.post(f"/events/{slug}/register", data={"name": NAME, "email": EMAIL,
                                                   "mode": "online"})
    with app.app_context():
        registration_id = db.session.scalar(select(Registration.id))
        token = token_for(db.session.get(Registration, registration_id))
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    with failing(app, table, verb):
        response = client.post(f"/registrations/{token}/cancel", data={"confirm": "y"})
    assert response.status_code == 500
    text = _logged(caplog)
    assert "no_such_table_forced_error" in text
    assert "/registrations/[redacted]" in text  # the request path was logged, redacted
    _assert_clean(text, token)
    with app.app_context():
        assert db.session.get(Registration, registration_id).status == "confirmed"


def test_engine_hides_parameters(app):
    with app.app_context():
        assert db.engine.hide_parameters


def test_redact_error_masks_postgres_details_and_urls():
    from roundtable.security import redact_error

    text = ('duplicate key value violates unique constraint "uq_live"\n'
            f"DETAIL:  Key (event_id, lower(email))=(1, {EMAIL}) already exists.\n"
            "[SQL: INSERT INTO outbox_messages (body_text) VALUES (%(b)s)]\n"
            f"[parameters: {{'b': 'Dear {NAME}, https://rt.test/registrations/abcDEF123_-xyz'}}]")
    clean = redact_error(text)
    assert EMAIL not in clean and NAME not in clean and "abcDEF123" not in clean
    assert "INSERT INTO outbox_messages" in clean  # the statement itself stays useful


def test_logged_exception_arguments_are_redacted(app, caplog):
    # log.error("...: %s", exc) puts the database's words in the arguments, not the message.
    caplog.set_level(logging.DEBUG)
    logging.getLogger("roundtable.mail").error(
        "failed: %s", ValueError(f"Key (email)=({EMAIL}) already exists"))
    text = _logged(caplog)
    assert "failed:" in text and EMAIL not in text



SECRET = "Zk3vQ9xLmP2rT8wYc4nB6hJ1sD5fG7aE"


@pytest.mark.parametrize("line", [
    f"GET /%72egistrations/{SECRET} HTTP/1.1",
    f"GET /registrations%2F{SECRET} HTTP/1.1",
    f"GET /registrations%252F{SECRET}/cancel HTTP/1.1",
    f"GET /REGISTRATIONS//{SECRET} HTTP/1.1",
    f"GET /login?next=%2Fcheckin%2Fscan%2F{SECRET}.sig HTTP/1.1",
    f"GET /login?next=/registrations/{SECRET}&lang=es HTTP/1.1",
    f"GET /login?next=%2Faccount%2Freset%2F{SECRET} HTTP/1.1",
])
def test_tokens_are_redacted_however_the_url_is_written(line):
    from roundtable.security import redact

    cleaned = redact(line)
    assert SECRET not in cleaned and "[redacted]" in cleaned


def test_lines_without_a_token_keep_their_escapes():
    from roundtable.security import redact

    assert redact("GET /events/a%20b?q=100%25 HTTP/1.1") == "GET /events/a%20b?q=100%25 HTTP/1.1"


def test_the_access_log_redacts_encoded_paths(app, client, caplog):
    """Werkzeug's request log line, through the app's log filter."""
    import logging

    from roundtable import _RedactTokens

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s',
                               ("127.0.0.1", f"GET /%72egistrations/{SECRET} HTTP/1.1", "404"),
                               None)
    _RedactTokens().filter(record)
    assert SECRET not in record.getMessage()
