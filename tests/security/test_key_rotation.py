"""SECRET_KEY rotation: sessions, CSRF, door codes and manage links survive it, and
`flask roundtable revoke-links` replaces manage links on purpose."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from roundtable import create_app
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration
from tests.conftest import PASSWORD, csrf_token_from

OLD, NEW = "old-key-" + "a" * 32, "new-key-" + "b" * 32
LINK = re.compile(r"/registrations/([A-Za-z0-9_\-]{20,})")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SECRET_KEY": OLD}


@contextmanager
def rotated(app_config, fallbacks=(OLD,), **extra):
    """The same site and database after the operator set SECRET_KEY=NEW."""
    app = create_app({**app_config, "SECRET_KEY": NEW, "SECRET_KEY_FALLBACKS": list(fallbacks),
                      **extra})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _move_cookies(source, target) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def _links(app, recipient) -> list[str]:
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text)
                                    .where(OutboxMessage.recipient == recipient)
                                    .order_by(OutboxMessage.id)).all()
    return [LINK.search(body).group(1) for body in bodies if LINK.search(body)]


@pytest.fixture
def slug(make_event, app):
    from roundtable.events.models import Event

    event_id = make_event()
    with app.app_context():
        return db.session.get(Event, event_id).slug


def _register(client, slug, email="raul@example.org", name="Raúl Benítez Manaut"):
    response = client.post(f"/events/{slug}/register",
                           data={"name": name, "email": email, "mode": "online"})
    assert response.status_code in (200, 302)


# --- sessions and CSRF --------------------------------------------------------------------


@pytest.mark.parametrize("fallbacks,signed_in", [((OLD,), True), ((), False)])
def test_sessions_survive_a_rotation_with_the_old_key_as_fallback(
        app, app_config, client, make_user, auth, fallbacks, signed_in):
    make_user(email="organizer@example.org")
    auth.login()
    assert client.get("/manage/").status_code == 200
    with rotated(app_config, fallbacks) as new_app:
        new_client = new_app.test_client()
        _move_cookies(client, new_client)
        page = new_client.get("/manage/")
        assert (page.status_code == 200) is signed_in


@pytest.mark.parametrize("fallbacks,accepted", [((OLD,), True), ((), False)])
def test_csrf_tokens_survive_a_rotation_with_the_old_key_as_fallback(
        csrf_app, app_config, make_user, fallbacks, accepted):
    make_user(email="organizer@example.org")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    with rotated(app_config, fallbacks, WTF_CSRF_ENABLED=True) as new_app:
        new_client = new_app.test_client()
        _move_cookies(client, new_client)
        response = new_client.post("/login", data={
            "csrf_token": token, "email": "organizer@example.org", "password": PASSWORD})
        assert (response.status_code == 302) is accepted
        if not accepted:
            assert response.status_code == 400


def test_door_codes_survive_a_rotation(app, app_config):
    from roundtable.registration import checkin

    class Stub:
        id = 42

    with app.app_context():
        code = checkin.checkin_code(Stub())
    with rotated(app_config) as new_app, new_app.app_context():
        assert checkin.registration_id_from_code(code) == 42
    with rotated(app_config, ()) as new_app, new_app.app_context():
        assert checkin.registration_id_from_code(code) is None


def test_environment_lists_fallbacks_for_flask_and_flask_wtf(monkeypatch, tmp_path):
    from roundtable.config import from_environment

    monkeypatch.setenv("SECRET_KEY", NEW)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{OLD}, older-key")
    settings = from_environment(str(tmp_path))
    assert settings["SECRET_KEY_FALLBACKS"] == [OLD, "older-key"]
    assert settings["WTF_CSRF_SECRET_KEY"] == [OLD, "older-key", NEW]


# --- manage links ---------------------------------------------------------------------


def test_manage_links_survive_a_rotation(app, app_config, client, slug):
    _register(client, slug)
    [first] = _links(app, "raul@example.org")
    with rotated(app_config) as new_app:
        new_client = new_app.test_client()
        # The link already sent still works...
        assert new_client.get(f"/registrations/{first}").status_code == 200
        # ...and a later email (registering again resends the link) carries a working link.
        _register(new_client, slug)
        later = _links(new_app, "raul@example.org")[-1]
        assert new_client.get(f"/registrations/{later}").status_code == 200
        assert later == first


def test_after_the_old_key_is_dropped_later_emails_carry_a_new_working_link(
        app, app_config, client, slug):
    _register(client, slug)
    [first] = _links(app, "raul@example.org")
    with rotated(app_config, ()) as new_app:
        new_client = new_app.test_client()
        _register(new_client, slug)
        later = _links(new_app, "raul@example.org")[-1]
        assert later != first
        assert new_client.get(f"/registrations/{later}").status_code == 200
        # The old key is gone, so its link cannot be sent again: it was replaced.
        assert new_client.get(f"/registrations/{first}").status_code == 404


# --- revoke-links ---------------------------------------------------------------------


def _manage_status(client, token) -> int:
    return client.get(f"/registrations/{token}").status_code


def test_revoke_links_for_one_event(app, client, runner, make_event, slug):
    from roundtable.events.models import Event
    from roundtable.registration.services import cancel

    other_id = make_event()
    with app.app_context():
        other = db.session.get(Event, other_id).slug
    _register(client, slug, "ana@example.org", "Ana Barceló Durazo")
    _register(client, slug, "raul@example.org")
    _register(client, other, "ana@example.org", "Ana Barceló Durazo")
    ana_here, raul_here = _links(app, "ana@example.org")[0], _links(app, "raul@example.org")[0]
    ana_other = _links(app, "ana@example.org")[1]
    with app.app_context():
        raul = db.session.scalar(
            select(Registration).where(Registration.email == "raul@example.org"))
        cancel(raul)
        db.session.commit()
        sent_before = db.session.scalar(select(db.func.count(OutboxMessage.id)))

    result = runner.invoke(args=["roundtable", "revoke-links", "--event", slug])
    assert result.exit_code == 0, result.output
    assert "Replaced 2 manage links; queued 1 email" in result.output

    assert _manage_status(client, ana_here) == 404
    assert _manage_status(client, raul_here) == 404
    assert _manage_status(client, ana_other) == 200  # another event: untouched
    with app.app_context():
        fresh = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.id > sent_before)).all()
    # Only the live registrant is emailed, with a link that works; the name survives.
    assert [(m.kind, m.recipient) for m in fresh] == [("manage_link_replaced", "ana@example.org")]
    assert "Ana Barceló Durazo" in fresh[0].body_text
    new_link = LINK.search(fresh[0].body_text).group(1)
    assert new_link != ana_here
    assert _manage_status(client, new_link) == 200


def test_revoke_links_everywhere_and_unknown_event(app, client, runner, make_event, slug):
    from roundtable.events.models import Event

    other_id = make_event()
    with app.app_context():
        other = db.session.get(Event, other_id).slug
    _register(client, slug, "ana@example.org")
    _register(client, other, "raul@example.org")
    before = _links(app, "ana@example.org") + _links(app, "raul@example.org")

    refused = runner.invoke(args=["roundtable", "revoke-links", "--event", "no-such-event"])
    assert refused.exit_code != 0 and "no-such-event" in refused.output
    assert all(_manage_status(client, token) == 200 for token in before)

    result = runner.invoke(args=["roundtable", "revoke-links"])
    assert result.exit_code == 0, result.output
    assert "Replaced 2 manage links; queued 2 emails" in result.output
    assert all(_manage_status(client, token) == 404 for token in before)
    after = _links(app, "ana@example.org")[-1:] + _links(app, "raul@example.org")[-1:]
    assert all(_manage_status(client, token) == 200 for token in after)


@pytest.mark.parametrize("fallbacks,signed_in", [((OLD,), True), ((), False)])
def test_remember_me_cookies_survive_a_rotation_with_the_old_key_as_fallback(
        app, app_config, client, make_user, fallbacks, signed_in):
    make_user(email="organizer@example.org")
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                "remember": "y"})
    remember = client.get_cookie("remember_token")
    assert remember is not None
    with rotated(app_config, fallbacks) as new_app:
        # A browser restarted after the rotation: no session cookie, only "remember me".
        new_client = new_app.test_client()
        new_client.set_cookie("remember_token", remember.value)
        page = new_client.get("/manage/")
        assert (page.status_code == 200) is signed_in
        # A forged cookie is still refused, fallback or not.
        forged = new_app.test_client()
        forged.set_cookie("remember_token", remember.value[:-4] + "0000")
        assert forged.get("/manage/").status_code == 302
