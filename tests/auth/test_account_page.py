"""The account page: name, email (confirmed by a link to the new address) and password."""

import pytest
from sqlalchemy import select

from roundtable.auth.models import User
from roundtable.extensions import db
from tests.auth.mailbox import link, messages
from tests.conftest import PASSWORD

NEW = "mesquite ironwood palo verde"


@pytest.fixture
def signed_in(client, auth, make_user):
    make_user(email="organizer@example.org", name="Ana Organizer")
    auth.login()
    return client


def _me(app):
    with app.app_context():
        user = db.session.scalar(select(User))
        db.session.expunge_all()
        return user


def test_account_page_needs_sign_in_and_is_not_cached(client, signed_in):
    page = signed_in.get("/account")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "organizer@example.org" in page.get_data(as_text=True)
    assert "/account" in signed_in.get("/manage/").get_data(as_text=True)
    assert signed_in.application.test_client().get("/account").status_code == 302


def test_change_name_with_unicode(app, signed_in):
    signed_in.post("/account/name", data={"name": "Raúl Benítez Manaut"})
    assert _me(app).name == "Raúl Benítez Manaut"
    assert "Raúl Benítez Manaut" in signed_in.get("/account").get_data(as_text=True)
    page = signed_in.post("/account/name", data={"name": "   "})
    assert "Enter your name" in page.get_data(as_text=True)
    assert _me(app).name == "Raúl Benítez Manaut"


def test_change_email_waits_for_confirmation_from_the_new_address(app, client, signed_in):
    response = signed_in.post("/account/email", data={
        "new_email": "ana@example.net", "email_password": PASSWORD})
    assert response.status_code == 302
    assert _me(app).email == "organizer@example.org"
    path = link(app, "email_confirmation", "ana@example.net")
    # Following the link (a GET, as mail scanners do) changes nothing; the button does.
    assert signed_in.get(path).status_code == 200 and _me(app).email == "organizer@example.org"
    signed_in.post(path)
    assert _me(app).email == "ana@example.net"
    [notice] = messages(app, "account_notice", "organizer@example.org")
    assert "ana@example.net" in notice.body_text
    assert signed_in.post(path).status_code == 404  # single use
    signed_in.post("/logout")
    assert client.post("/login", data={"email": "ana@example.net",
                                       "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(("data", "message"), [
    ({"new_email": "ana@example.net", "email_password": "wrong password!"}, "not your current"),
    ({"new_email": "not-an-address", "email_password": PASSWORD}, "needs an @"),
    ({"new_email": "taken@example.org", "email_password": PASSWORD}, "Another organizer"),
])
def test_change_email_refusals(app, signed_in, make_user, data, message):
    make_user(email="taken@example.org")
    page = signed_in.post("/account/email", data=data)
    assert message in page.get_data(as_text=True)
    assert messages(app, "email_confirmation") == []


def test_change_password(app, client, signed_in):
    page = signed_in.post("/account/password", data={
        "current_password": "wrong password!", "new_password": NEW, "confirm": NEW})
    assert "not your current password" in page.get_data(as_text=True)
    page = signed_in.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert "at least 12" in page.get_data(as_text=True)
    page = signed_in.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW + "x"})
    assert "differ" in page.get_data(as_text=True)
    assert _me(app).check_password(PASSWORD)
    signed_in.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert _me(app).check_password(NEW)
    [notice] = messages(app, "account_notice", "organizer@example.org")
    assert "password" in notice.subject and NEW not in notice.body_text
