"""Personal API tokens: made on the account page, shown once, stored hashed, revocable."""

import re

from sqlalchemy import select

from roundtable.api.models import ApiToken
from roundtable.extensions import db
from roundtable.security import token_digest
from tests.conftest import csrf_token_from
from tests.managing import sign_in


def make_token(client, name="CRM sync", scopes=("registrations:read",), expires="90"):
    response = client.post("/account/api-tokens",
                           data={"name": name, "scopes": list(scopes), "expires": expires})
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    match = re.search(r'id="new-token" type="text" readonly value="(rt_[^"]+)"', html)
    assert match, "the new token is shown"
    return match.group(1)


def test_token_is_shown_once_and_stored_hashed(app, client, make_user):
    sign_in(client, make_user)
    secret = make_token(client, name="Badge printer — Barceló", scopes=("checkin",))
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == token_digest(secret) and secret not in token.prefix + "…x"
        assert token.scope_list == ["checkin"] and token.expires_at is not None
    page = client.get("/account/api-tokens")
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert secret not in html and "Badge printer — Barceló" in html and secret[:10] in html
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
                      ).get_json()["scopes"] == ["checkin"]
    with app.app_context():
        assert db.session.scalar(select(ApiToken)).last_used_at is not None
    assert "Not yet" not in client.get("/account/api-tokens").get_data(as_text=True)


def test_bad_input_makes_no_token(app, client, make_user):
    sign_in(client, make_user)
    response = client.post("/account/api-tokens", data={"name": " ", "expires": "never"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Give the token a name" in html and "Choose at least one" in html
    with app.app_context():
        assert db.session.scalar(select(ApiToken)) is None


def test_revoked_expired_and_foreign_tokens_are_refused(app, client, make_user):
    from datetime import timedelta

    from roundtable.db_types import utcnow

    sign_in(client, make_user)
    secret = make_token(client, expires="never")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    other = app.test_client()
    sign_in(other, make_user)
    assert other.post(f"/account/api-tokens/{token_id}/revoke").status_code == 404
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.post(f"/account/api-tokens/{token_id}/revoke").status_code == 302
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    second = make_token(client)
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.revoked_at.is_(None)))
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}
                      ).status_code == 401


def csrf_sign_in(client, make_user) -> int:
    from tests.conftest import PASSWORD

    user_id = make_user(email="csrf-organizer@example.org")
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": "csrf-organizer@example.org",
                                           "password": PASSWORD,
                                           "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    return user_id


def test_token_form_needs_csrf(csrf_app, make_user):
    client = csrf_app.test_client()
    csrf_sign_in(client, make_user)
    assert client.post("/account/api-tokens", data={"name": "x", "scopes": ["checkin"],
                                                    "expires": "30"}).status_code == 400
    page = client.get("/account/api-tokens").get_data(as_text=True)
    response = client.post("/account/api-tokens", data={
        "name": "x", "scopes": ["checkin"], "expires": "30",
        "csrf_token": csrf_token_from(page)})
    assert 'id="new-token"' in response.get_data(as_text=True)
