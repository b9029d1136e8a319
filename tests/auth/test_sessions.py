"""Sessions and remember cookies end on sign-out, password change or reset, and deactivation."""

import pytest

from tests.conftest import PASSWORD

NEW = "mesquite ironwood palo verde"


@pytest.fixture
def organizer(make_user):
    return make_user(email="organizer@example.org", name="Rafael Barceló Durazo")


def _sign_in(client, remember=True):
    return client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       **({"remember": "y"} if remember else {})})


def _cookie(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _replay(app, session=None, remember=None):
    """A fresh browser carrying only the copied cookies."""
    thief = app.test_client()
    if session:
        thief.set_cookie("session", session)
    if remember:
        thief.set_cookie("remember_token", remember)
    return thief.get("/manage/").status_code


def test_remember_cookie_flags(client, organizer):
    response = _sign_in(client)
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("remember_token="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header


def test_remember_cookie_is_secure_with_session_cookie_secure(app_config, organizer):
    from tests.conftest import running_app

    with running_app({**app_config, "SESSION_COOKIE_SECURE": True}) as secure_app:
        from roundtable.auth.services import create_organizer
        from roundtable.extensions import db

        with secure_app.app_context():
            create_organizer("secure@example.org", "Secure One", PASSWORD)
            db.session.commit()
        response = secure_app.test_client().post(
            "/login", base_url="https://roundtable.test",
            data={"email": "secure@example.org", "password": PASSWORD, "remember": "y"})
        headers = response.headers.getlist("Set-Cookie")
        remember = next(h for h in headers if h.startswith("remember_token="))
        assert "Secure" in remember and "HttpOnly" in remember and "SameSite=Lax" in remember


def test_remember_duration_is_thirty_days(app):
    assert app.config["REMEMBER_COOKIE_DURATION"].days == 30


def test_cookies_do_not_replay_after_sign_out(app, client, organizer):
    _sign_in(client)
    session, remember = _cookie(client, "session"), _cookie(client, "remember_token")
    assert _replay(app, remember=remember) == 200  # the remember cookie alone signs in
    client.post("/logout")
    assert _replay(app, session=session) == 302
    assert _replay(app, remember=remember) == 302


def test_sign_out_ends_every_session_of_the_account(app, client, organizer):
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop)
    _sign_in(phone)
    laptop.post("/logout")
    assert phone.get("/manage/").status_code == 302


def test_remember_cookie_differs_after_sign_out(app, client, organizer):
    _sign_in(client)
    first = _cookie(client, "remember_token")
    client.post("/logout")
    _sign_in(client)
    assert _cookie(client, "remember_token") != first


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, organizer):
    other = app.test_client()
    _sign_in(other)
    _sign_in(client)
    stolen = _cookie(other, "remember_token")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200
    assert other.get("/manage/").status_code == 302
    assert _replay(app, remember=stolen) == 302


def test_forged_or_stale_session_ids_sign_nobody_in(app, organizer):
    for value in ("1", "1:0", "1:2", "99999999999:1", "abc", "1:1:1", ""):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = value
            session["_fresh"] = True
        expected = 200 if value == "1:1" else 302
        assert client.get("/manage/").status_code == expected, value
