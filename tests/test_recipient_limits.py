"""Mail that anyone may ask us to send to a third party is capped per recipient address.

Each request below comes from a different client address, so the per-client limits
never trigger: only the per-recipient cap stands between an attacker and the inbox.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.auth.links import RESETS_PER_HOUR
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.services import RESENDS_PER_HOUR
from tests.auth.mailbox import messages


@pytest.fixture
def limited_app(app_config):
    """The app with rate limits on, as in production."""
    from tests.conftest import running_app

    with running_app({**app_config, "RATELIMIT_ENABLED": True}) as app:
        yield app


def _from(app, n: int):
    return app.test_client(), {"REMOTE_ADDR": f"203.0.113.{n}"}


def _register(app, n, email="victim@example.org"):
    client, environ = _from(app, n)
    return client.post("/events/rt/register", environ_base=environ,
                       data={"name": "Raúl Benítez Manaut", "email": email, "mode": "in_person"})


def _age_messages(app, kind, by):
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)):
            message.created_at -= by
        db.session.commit()


def test_reregistration_resends_at_most_a_few_links_per_address(limited_app):
    from roundtable.auth.services import create_organizer
    from roundtable.events.models import Event

    app = limited_app
    with app.app_context():
        from datetime import UTC, datetime

        starts = datetime.now(UTC) + timedelta(days=14)
        organizer = create_organizer("o@example.org", "Organizer", "correct horse battery")
        db.session.add(Event(title="Roundtable", slug="rt", format="in_person",
                             status="published", starts_at=starts,
                             ends_at=starts + timedelta(hours=2), timezone="America/Phoenix",
                             venue_name="Student Union", organizers=[organizer]))
        db.session.commit()
    assert _register(app, 1).status_code == 302
    for n in range(2, 12):
        response = _register(app, n)
        assert response.status_code == 302 and response.location.endswith("/check-email")
    assert len(messages(app, "manage_link", "victim@example.org")) == RESENDS_PER_HOUR
    # Other addresses are unaffected; the cap lifts after an hour.
    _register(app, 20, "other@example.org")
    _register(app, 21, "other@example.org")
    assert len(messages(app, "manage_link", "other@example.org")) == 1
    _age_messages(app, "manage_link", timedelta(hours=1, minutes=1))
    _register(app, 30)
    assert len(messages(app, "manage_link", "victim@example.org")) == RESENDS_PER_HOUR + 1


def test_password_reset_mail_is_capped_per_address(limited_app):
    from roundtable.auth.services import create_organizer

    app = limited_app
    with app.app_context():
        create_organizer("victim@example.org", "Victim", "correct horse battery")
        db.session.commit()
    for n in range(1, 11):
        client, environ = _from(app, n)
        response = client.post("/login/forgot", environ_base=environ,
                               data={"email": "VICTIM@example.org"})
        assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert len(messages(app, "password_reset")) == RESETS_PER_HOUR


def test_password_reset_is_limited_per_client_too(limited_app):
    client, environ = _from(limited_app, 99)
    codes = [client.post("/login/forgot", environ_base=environ,
                         data={"email": f"user{n}@example.org"}).status_code for n in range(8)]
    assert 429 in codes
