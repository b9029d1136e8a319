"""Admins invite organizers; co-organizers are invited by email; invitations are single-use."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.auth.models import AccountToken, User
from roundtable.events.models import Event
from roundtable.extensions import db
from tests.auth.mailbox import link, messages
from tests.conftest import PASSWORD

NEW_PASSWORD = "sonoran desert sunrise"


@pytest.fixture
def admin(make_user):
    return make_user(email="admin@example.org", name="Ana Admin", is_admin=True)


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login("admin@example.org")
    return client


def _user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def test_admin_invites_and_the_invitee_sets_name_and_password(app, as_admin):
    response = as_admin.post("/manage/organizers", data={"email": "Raul@Example.org"})
    assert response.status_code == 302
    path = link(app, "account_invitation", "raul@example.org")
    with app.app_context():
        stored = db.session.scalar(select(AccountToken))
        token = path.rsplit("/", 1)[1]
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    as_admin.post("/logout")
    page = as_admin.get(path)
    assert page.status_code == 200 and "raul@example.org" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    done = as_admin.post(path, data={"name": "Raúl Benítez Manaut", "password": NEW_PASSWORD,
                                     "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/manage/")
    user = _user(app, "raul@example.org")
    assert user.name == "Raúl Benítez Manaut" and not user.is_admin
    assert as_admin.get("/manage/").status_code == 200
    # Single use: the same link again creates nothing.
    as_admin.post("/logout")
    assert as_admin.get(path).status_code == 404
    again = as_admin.post(path, data={"name": "Someone Else", "password": NEW_PASSWORD,
                                      "confirm": NEW_PASSWORD})
    assert again.status_code == 404 and _user(app, "raul@example.org").name.startswith("Raúl")


def test_invitation_can_make_an_admin(app, as_admin):
    as_admin.post("/manage/organizers", data={"email": "boss@example.org", "grant_admin": "y"})
    path = link(app, "account_invitation")
    as_admin.post("/logout")
    as_admin.post(path, data={"name": "Boss", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert _user(app, "boss@example.org").is_admin


@pytest.mark.parametrize(("password", "message"), [
    ("short pw", "at least 12"), ("manchesterunited", "too common")])
def test_invitation_refuses_weak_passwords_and_stays_usable(app, as_admin, password, message):
    as_admin.post("/manage/organizers", data={"email": "weak@example.org"})
    path = link(app, "account_invitation")
    as_admin.post("/logout")
    page = as_admin.post(path, data={"name": "Weak", "password": password, "confirm": password})
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert _user(app, "weak@example.org") is None
    assert as_admin.get(path).status_code == 200  # nothing was used up


def test_expired_invitation_is_refused(app, as_admin):
    as_admin.post("/manage/organizers", data={"email": "late@example.org"})
    path = link(app, "account_invitation")
    with app.app_context():
        row = db.session.scalar(select(AccountToken))
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    as_admin.post("/logout")
    response = as_admin.post(path, data={"name": "Late", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert response.status_code == 404 and _user(app, "late@example.org") is None


def test_inviting_an_existing_account_is_refused(app, as_admin, make_user):
    make_user(email="here@example.org")
    page = as_admin.post("/manage/organizers", data={"email": "here@example.org"})
    assert "already uses" in page.get_data(as_text=True)
    assert messages(app, "account_invitation") == []


def test_admin_lists_deactivates_and_reactivates(app, client, as_admin, make_user):
    other = make_user(email="other@example.org", name="Guadalupe Correa-Cabrera")
    html = as_admin.get("/manage/organizers").get_data(as_text=True)
    assert "Guadalupe Correa-Cabrera" in html and "other@example.org" in html
    other_client = app.test_client()
    other_client.post("/login", data={"email": "other@example.org", "password": PASSWORD,
                                      "remember": "y"})
    assert other_client.get("/manage/").status_code == 200
    as_admin.post(f"/manage/organizers/{other}/deactivate")
    assert not _user(app, "other@example.org").active
    # The running session and remember cookie end; signing in again is refused.
    assert other_client.get("/manage/").status_code == 302
    assert app.test_client().post("/login", data={"email": "other@example.org",
                                                  "password": PASSWORD}).status_code == 200
    as_admin.post(f"/manage/organizers/{other}/activate")
    assert app.test_client().post("/login", data={"email": "other@example.org",
                                                  "password": PASSWORD}).status_code == 302


def test_admin_grants_and_removes_admin_but_never_their_own(app, as_admin, admin, make_user):
    other = make_user(email="other@example.org")
    as_admin.post(f"/manage/organizers/{other}/grant-admin")
    assert _user(app, "other@example.org").is_admin
    as_admin.post(f"/manage/organizers/{other}/remove-admin")
    assert not _user(app, "other@example.org").is_admin
    as_admin.post(f"/manage/organizers/{admin}/remove-admin")
    as_admin.post(f"/manage/organizers/{admin}/deactivate")
    me = _user(app, "admin@example.org")
    assert me.is_admin and me.active


def test_organizers_pages_are_for_admins_only(client, auth, make_user):
    user = make_user(email="organizer@example.org")
    auth.login()
    assert client.get("/manage/organizers").status_code == 404
    assert client.post(f"/manage/organizers/{user}/grant-admin").status_code == 404
    assert client.post("/manage/organizers", data={"email": "x@example.org"}).status_code == 404


def test_co_organizer_without_account_is_invited_and_gets_the_event(
        app, client, auth, make_user, make_event):
    organizer = make_user(email="organizer@example.org", name="Rafael Barceló Durazo")
    event_id = make_event(organizer_ids=[organizer])
    auth.login()
    response = client.post(f"/manage/events/{event_id}/organizers",
                           data={"email": "guadalupe@example.org"})
    assert response.status_code == 302
    assert "guadalupe@example.org" in client.get(
        f"/manage/events/{event_id}/organizers").get_data(as_text=True)
    [message] = messages(app, "account_invitation", "guadalupe@example.org")
    assert "Rafael Barceló Durazo" in message.body_text
    path = link(app, "account_invitation")
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    with app.app_context():
        title = db.session.get(Event, event_id).title
    assert "You are invited to organize" in page and title in page
    accepted = client.post(path, data={"name": "Guadalupe Correa-Cabrera",
                                       "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.location.endswith(f"/manage/events/{event_id}")
    with app.app_context():
        names = {u.name for u in db.session.get(Event, event_id).organizers}
    assert names == {"Rafael Barceló Durazo", "Guadalupe Correa-Cabrera"}
    assert client.get(f"/manage/events/{event_id}/edit").status_code == 200
