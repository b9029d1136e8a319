"""Forgot password: single-use expiring links; one answer whether or not the address exists."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.auth.models import AccountToken
from roundtable.extensions import db
from tests.auth.mailbox import link, messages
from tests.conftest import PASSWORD

NEW = "saguaro cactus evening"


@pytest.fixture
def organizer(make_user):
    return make_user(email="organizer@example.org", name="Rafael Barceló Durazo")


def test_login_page_offers_forgot_password(client):
    assert "/login/forgot" in client.get("/login").get_data(as_text=True)


def test_same_answer_whether_or_not_the_address_exists(app, client, organizer):
    known = client.post("/login/forgot", data={"email": "organizer@example.org"})
    unknown = client.post("/login/forgot", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert [m.recipient for m in messages(app, "password_reset")] == ["organizer@example.org"]


def test_reset_sets_a_new_password_once_and_ends_sessions(app, client, auth, organizer):
    other_device = app.test_client()
    other_device.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                      "remember": "y"})
    client.post("/login/forgot", data={"email": "organizer@example.org"})
    path = link(app, "password_reset")
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    done = client.post(path, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.location.endswith("/login")
    assert other_device.get("/manage/").status_code == 302
    assert auth.login(password=PASSWORD).status_code == 200
    assert auth.login(password=NEW).status_code == 302
    auth.logout()
    # The link worked once.
    assert client.post(path, data={"password": "another fine phrase",
                                   "confirm": "another fine phrase"}).status_code == 404
    assert auth.login(password=NEW).status_code == 302


def test_reset_refuses_weak_password_and_keeps_the_old_one(app, client, auth, organizer):
    client.post("/login/forgot", data={"email": "organizer@example.org"})
    path = link(app, "password_reset")
    page = client.post(path, data={"password": "administrator", "confirm": "administrator"})
    assert "too common" in page.get_data(as_text=True)
    assert auth.login(password=PASSWORD).status_code == 302


def test_expired_reset_link_is_refused(app, client, auth, organizer):
    client.post("/login/forgot", data={"email": "organizer@example.org"})
    path = link(app, "password_reset")
    with app.app_context():
        row = db.session.scalar(select(AccountToken))
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    assert client.post(path, data={"password": NEW, "confirm": NEW}).status_code == 404
    assert auth.login(password=PASSWORD).status_code == 302


def test_a_newer_reset_does_not_revive_after_use(app, client, organizer):
    client.post("/login/forgot", data={"email": "organizer@example.org"})
    first = link(app, "password_reset")
    client.post("/login/forgot", data={"email": "organizer@example.org"})
    second = link(app, "password_reset")
    client.post(second, data={"password": NEW, "confirm": NEW})
    assert client.get(first).status_code == 404  # every other reset link retired


def test_deactivated_accounts_get_no_reset_mail(app, client, make_user):
    from roundtable.auth.models import User

    user_id = make_user(email="gone@example.org")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    client.post("/login/forgot", data={"email": "gone@example.org"})
    assert messages(app, "password_reset") == []


def test_reset_links_never_reach_the_logs(app, client, organizer, caplog):
    from roundtable.security import redact

    client.post("/login/forgot", data={"email": "organizer@example.org"})
    path = link(app, "password_reset")
    assert path.rsplit("/", 1)[1] not in redact(f'"GET {path} HTTP/1.1" 200')
