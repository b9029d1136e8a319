"""Account links die with the credentials they protect (issue 21, item 3)."""

import pytest
from sqlalchemy import select

from roundtable.extensions import db
from tests.auth.mailbox import link
from tests.conftest import PASSWORD

NEW = "mesquite ironwood palo verde"
OTHER = "saguaro cactus evening"


@pytest.fixture
def signed_in(client, auth, make_user):
    make_user(email="organizer@example.org", name="Ana Barceló Durazo")
    auth.login()
    return client


def _reset_link(app, client, email="organizer@example.org"):
    client.application.test_client().post("/login/forgot", data={"email": email})
    return link(app, "password_reset")


def _uses(client, path, password=OTHER):
    return client.post(path, data={"password": password, "confirm": password})


def test_a_password_change_kills_earlier_reset_links(app, signed_in):
    path = _reset_link(app, signed_in)
    assert signed_in.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW}).status_code == 302
    assert _uses(app.test_client(), path).status_code == 404


def test_an_email_change_kills_earlier_reset_links_and_other_sessions(app, signed_in):
    path = _reset_link(app, signed_in)
    other_device = app.test_client()
    other_device.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    assert other_device.get("/manage/").status_code == 200
    signed_in.post("/account/email", data={"new_email": "ana@example.net",
                                           "email_password": PASSWORD})
    signed_in.post(link(app, "email_confirmation", "ana@example.net"))
    # Whoever reads the old mailbox cannot set a password for the moved account.
    assert _uses(app.test_client(), path).status_code == 404
    assert app.test_client().post("/login", data={"email": "ana@example.net",
                                                  "password": OTHER}).status_code == 200
    assert other_device.get("/manage/").status_code == 302  # signed out
    assert signed_in.get("/manage/").status_code == 200  # this one goes on


def test_using_a_reset_link_kills_the_others_and_pending_email_changes(app, signed_in):
    signed_in.post("/account/email", data={"new_email": "ana@example.net",
                                           "email_password": PASSWORD})
    confirm = link(app, "email_confirmation", "ana@example.net")
    first = _reset_link(app, signed_in)
    second = _reset_link(app, signed_in)
    assert _uses(app.test_client(), second).status_code == 302
    assert _uses(app.test_client(), first, NEW).status_code == 404
    assert signed_in.post(confirm).status_code in (302, 404)
    with app.app_context():
        from roundtable.auth.models import User
        assert db.session.scalar(select(User.email)) == "organizer@example.org"


def test_a_password_change_kills_a_pending_email_change(app, signed_in):
    signed_in.post("/account/email", data={"new_email": "ana@example.net",
                                           "email_password": PASSWORD})
    confirm = link(app, "email_confirmation", "ana@example.net")
    signed_in.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert signed_in.post(confirm).status_code == 404
