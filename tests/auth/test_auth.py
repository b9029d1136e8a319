"""Organizer sign-in, sign-out and the login wall."""

import pytest

from tests.conftest import PASSWORD, csrf_token_from


@pytest.fixture
def organizer(make_user):
    make_user(email="organizer@example.org", name="Rafael Barceló Durazo")


def test_login_page(client):
    response = client.get("/login")
    assert response.status_code == 200 and b"Organizer sign-in" in response.data


def test_sign_in_and_out(client, auth, organizer):
    response = auth.login()
    assert response.status_code == 302 and response.location.endswith("/manage/")
    page = client.get("/manage/")
    assert page.status_code == 200 and "Rafael Barceló Durazo" in page.get_data(as_text=True)
    auth.logout()
    assert client.get("/manage/").status_code == 302


def test_email_is_case_insensitive(auth, organizer):
    assert auth.login(email="  Organizer@Example.ORG ").status_code == 302


@pytest.mark.parametrize("email,password", [
    ("organizer@example.org", "wrong password"),
    ("nobody@example.org", PASSWORD),
])
def test_failed_sign_in_does_not_say_which_part_was_wrong(client, auth, organizer, email, password):
    response = auth.login(email, password)
    assert response.status_code == 200
    assert "The email or password is not correct." in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_login_required_redirects_to_login(client):
    response = client.get("/manage/")
    assert response.status_code == 302
    assert "/login?next=" in response.location


def test_next_is_followed_only_on_this_site(client, organizer):
    ok = client.post("/login?next=/series/x", data={"email": "organizer@example.org",
                                                    "password": PASSWORD})
    assert ok.location.endswith("/series/x")
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        bad = client.post(f"/login?next={evil}", data={"email": "organizer@example.org",
                                                       "password": PASSWORD})
        assert bad.location.endswith("/manage/"), evil
        client.post("/logout")


def test_password_is_hashed_with_a_standard_algorithm(app, organizer):
    from roundtable.auth.services import find_user_by_email

    with app.app_context():
        user = find_user_by_email("organizer@example.org")
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_login_without_csrf_is_refused(csrf_app, make_user):
    make_user(email="organizer@example.org")
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "organizer@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert "nothing was changed" in response.get_data(as_text=True)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "organizer@example.org",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_logout_needs_post_with_csrf(csrf_app, make_user):
    make_user(email="organizer@example.org")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                "csrf_token": token})
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/manage/").status_code == 200
