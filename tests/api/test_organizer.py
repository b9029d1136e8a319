"""The organizer API: only the token owner's events, the registration rules, idempotency."""

import json

import pytest
from sqlalchemy import func, select

from roundtable.api.models import SCOPES
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration
from tests.api.test_tokens import make_token
from tests.managing import sign_in


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


@pytest.fixture
def token(client, organizer):
    return make_token(client, scopes=SCOPES)


@pytest.fixture
def api(app, token):
    """A client with no cookies: only the token speaks for it."""
    plain = app.test_client(use_cookies=False)

    def call(method, path, body=None, key=None, secret=token):
        headers = {"Authorization": f"Bearer {secret}"}
        if key:
            headers["Idempotency-Key"] = key
        return plain.open(f"/api/v1{path}", method=method, json=body, headers=headers)

    return call


def _count(model, app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_registration_follows_the_form_rules(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer], capacity_in_person=1)
    body = {"name": "Raúl Benítez Manaut", "email": "Raul@Example.org", "mode": "in_person",
            "language": "es"}
    first = api("POST", f"/manage/events/{event_id}/registrations", body)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["outcome"] == "confirmed"
    assert first.get_json()["registration"]["email"] == "raul@example.org"
    assert first.get_json()["registration"]["name"] == "Raúl Benítez Manaut"
    again = api("POST", f"/manage/events/{event_id}/registrations", body)
    assert again.status_code == 200 and again.get_json()["outcome"] == "existing"
    second = api("POST", f"/manage/events/{event_id}/registrations",
                 {**body, "email": "ana@example.org"})
    assert second.get_json()["outcome"] == "waitlisted"
    assert second.get_json()["registration"]["waitlist_position"] == 1
    with app.app_context():
        kinds = set(db.session.scalars(select(OutboxMessage.kind)))
    assert {"registration_confirmed", "registration_waitlisted"} <= kinds
    refused = api("POST", f"/manage/events/{event_id}/registrations",
                  {**body, "email": "x@example.org", "mode": "by pigeon"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["mode"]


def test_only_managed_events(app, api, make_event, make_user):
    other = make_event(organizer_ids=[make_user()])
    for method, path in (("GET", f"/manage/events/{other}/registrations"),
                         ("GET", f"/manage/events/{other}/attendance"),
                         ("POST", f"/manage/events/{other}/registrations/1/cancel")):
        response = api(method, path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert api("GET", "/manage/events").get_json()["data"] == []


def test_session_cookie_never_authenticates(app, client, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    # The signed-in browser client has a session cookie but sends no token.
    response = client.get(f"/api/v1/manage/events/{event_id}/registrations")
    assert response.status_code == 401


def test_scopes_limit_what_a_token_does(app, client, organizer, make_event, api):
    event_id = make_event(organizer_ids=[organizer])
    reader = make_token(client, name="Reader", scopes=("registrations:read",))
    response = api("POST", f"/manage/events/{event_id}/registrations",
                   {"name": "A", "email": "a@example.org", "mode": "online"}, secret=reader)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"
    assert api("GET", f"/manage/events/{event_id}/registrations", secret=reader
               ).status_code == 200


def test_idempotency_key_replays_the_first_answer(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    body = {"name": "Ana", "email": "ana@example.org", "mode": "online"}
    first = api("POST", f"/manage/events/{event_id}/registrations", body, key="k-1")
    again = api("POST", f"/manage/events/{event_id}/registrations", body, key="k-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _count(Registration, app) == 1
    reused = api("POST", f"/manage/events/{event_id}/registrations",
                 {**body, "email": "other@example.org"}, key="k-1")
    assert reused.status_code == 422
    assert reused.get_json()["error"]["code"] == "idempotency_key_reused"
    assert _count(Registration, app) == 1


def test_mode_change_cancel_and_waitlist_promotion(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer], capacity_online=1)
    path = f"/manage/events/{event_id}/registrations"
    first = api("POST", path, {"name": "A", "email": "a@example.org", "mode": "online"})
    second = api("POST", path, {"name": "B", "email": "b@example.org", "mode": "online"})
    a = first.get_json()["registration"]["id"]
    b = second.get_json()["registration"]["id"]
    moved = api("POST", f"{path}/{a}/mode", {"mode": "in_person"})
    assert moved.status_code == 200 and moved.get_json()["mode"] == "in_person"
    assert api("GET", f"{path}/{b}").get_json()["status"] == "confirmed"
    full = api("POST", f"{path}/{a}/mode", {"mode": "online"})
    assert full.status_code == 422
    assert full.get_json()["error"]["code"] == "registration_refused"
    cancelled = api("POST", f"{path}/{b}/cancel", key="cancel-b")
    assert cancelled.get_json()["registration"]["status"] == "cancelled"
    assert api("POST", f"{path}/{b}/cancel", key="cancel-b").get_json() == cancelled.get_json()


def test_check_in_is_idempotent_and_undo(app, api, organizer, make_event):
    from datetime import timedelta

    event_id = make_event(organizer_ids=[organizer], starts_in=timedelta(days=3))
    path = f"/manage/events/{event_id}/registrations"
    rid = api("POST", path, {"name": "A", "email": "a@example.org", "mode": "in_person"}
              ).get_json()["registration"]["id"]
    early = api("POST", f"{path}/{rid}/check-in", {})
    assert early.status_code == 409
    assert early.get_json()["error"]["code"] == "needs_confirmation"
    done = api("POST", f"{path}/{rid}/check-in", {"anyway": True}, key="door-1")
    assert done.get_json()["changed"] is True
    assert done.get_json()["registration"]["checked_in_at"]
    assert api("POST", f"{path}/{rid}/check-in", {"anyway": True}, key="door-1"
               ).get_json() == done.get_json()
    repeat = api("POST", f"{path}/{rid}/check-in", {"anyway": True}, key="door-2")
    assert repeat.get_json()["changed"] is False
    undone = api("POST", f"{path}/{rid}/undo-check-in", {}, key="door-3")
    assert undone.get_json()["changed"] is True
    assert undone.get_json()["registration"]["checked_in_at"] is None
    listed = api("GET", f"{path}?checked_in=false").get_json()["data"]
    assert [r["id"] for r in listed] == [rid]


def test_list_pages_and_filters(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    path = f"/manage/events/{event_id}/registrations"
    for n in range(5):
        api("POST", path, {"name": f"Persona {n}", "email": f"p{n}@example.org",
                           "mode": "online" if n % 2 else "in_person"})
    ids, url = [], f"{path}?limit=2"
    while url:
        body = api("GET", url.removeprefix("http://roundtable.test/api/v1")).get_json()
        ids += [r["id"] for r in body["data"]]
        url = body["links"]["next"]
    assert ids == sorted(ids) and len(ids) == 5
    online = api("GET", f"{path}?mode=online").get_json()["data"]
    assert {r["mode"] for r in online} == {"online"} and len(online) == 2
    assert [r["name"] for r in api("GET", f"{path}?search=P3@").get_json()["data"]] \
        == ["Persona 3"]
    # Accents and case ignored, across pages (the folded column, in SQL).
    api("POST", path, {"name": "Raúl Benítez Manaut", "email": "rbm@example.org",
                       "mode": "online"})
    found = api("GET", f"{path}?search=BENITEZ%20manaut&limit=1").get_json()
    assert [r["name"] for r in found["data"]] == ["Raúl Benítez Manaut"]
    assert found["links"]["next"] is None


def test_attendance(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    body = api("GET", f"/manage/events/{event_id}/attendance").get_json()
    assert {m["mode"] for m in body["modes"]} == {"in_person", "online"}
    assert body["modes"][0]["no_shows"] is None


def test_rate_limit_per_token(app_config, make_user):
    from tests.conftest import running_app

    with running_app({**app_config, "RATELIMIT_ENABLED": True,
                      "API_RATE_LIMIT": "3 per minute"}) as limited:
        client = limited.test_client()
        from roundtable.auth.services import create_organizer

        with limited.app_context():
            create_organizer("limits@example.org", "Ana", "correct horse battery")
            db.session.commit()
        client.post("/login", data={"email": "limits@example.org",
                                    "password": "correct horse battery"})
        first, second = make_token(client), make_token(client, name="Second")
        plain = limited.test_client(use_cookies=False)
        from roundtable.extensions import limiter

        limiter.reset()  # counters kept in this process by earlier tests do not count here
        answers = [plain.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"})
                   for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[-1].get_json()["error"]["code"] == "rate_limited"
        assert int(answers[-1].headers["Retry-After"]) >= 1
        assert plain.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}
                         ).status_code == 200


def test_no_csrf_for_token_requests(csrf_app, make_user, make_event):
    from tests.api.test_tokens import csrf_sign_in
    from tests.conftest import csrf_token_from

    client = csrf_app.test_client()
    user = csrf_sign_in(client, make_user)

    page = client.get("/account/api-tokens").get_data(as_text=True)
    response = client.post("/account/api-tokens", data={
        "name": "x", "scopes": list(SCOPES), "expires": "30",
        "csrf_token": csrf_token_from(page)})
    import re

    secret = re.search(r'value="(rt_[^"]+)"', response.get_data(as_text=True)).group(1)
    event_id = make_event(organizer_ids=[user])
    created = csrf_app.test_client(use_cookies=False).post(
        f"/api/v1/manage/events/{event_id}/registrations",
        data=json.dumps({"name": "A", "email": "a@example.org", "mode": "online"}),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    assert created.status_code == 201


def test_check_in_at_the_time_it_happened(app, api, organizer, make_event):
    from datetime import UTC, datetime, timedelta

    event_id = make_event(organizer_ids=[organizer], starts_in=timedelta(minutes=-30), hours=2)
    path = f"/manage/events/{event_id}/registrations"
    with app.app_context():
        from roundtable.events.models import Event
        from roundtable.registration.services import add_walk_in

        walk_in = add_walk_in(db.session.get(Event, event_id), name="Ana",
                              email="ana@example.org", affiliation=None)
        walk_in.checked_in_at = None
        db.session.commit()
        rid = walk_in.id
    when = (datetime.now(UTC) - timedelta(minutes=10)).replace(microsecond=0)
    done = api("POST", f"{path}/{rid}/check-in", {"at": when.isoformat()}, key="offline-1")
    assert done.status_code == 200, done.get_json()
    stamp = datetime.fromisoformat(done.get_json()["registration"]["checked_in_at"])
    assert stamp == when
    naive = api("POST", f"{path}/{rid}/undo-check-in", {})
    assert naive.status_code == 200
    refused = api("POST", f"{path}/{rid}/check-in", {"at": "2026-01-01T10:00:00"})
    assert refused.status_code == 422 and "at" in refused.get_json()["error"]["fields"]


def test_idempotency_keys_are_forgotten_after_a_day(app, api, organizer, make_event):
    from datetime import timedelta

    from roundtable.api.models import IdempotentAnswer
    from roundtable.db_types import utcnow

    event_id = make_event(organizer_ids=[organizer])
    body = {"name": "Ana", "email": "ana@example.org", "mode": "online"}
    path = f"/manage/events/{event_id}/registrations"
    api("POST", path, body, key="old")
    with app.app_context():
        db.session.scalar(select(IdempotentAnswer)).created_at = utcnow() - timedelta(days=2)
        db.session.commit()
    again = api("POST", path, body, key="old")
    assert "Idempotent-Replayed" not in again.headers
    assert again.get_json()["outcome"] == "existing"
    with app.app_context():
        assert _count(IdempotentAnswer, app) == 1


def test_control_characters_are_refused_as_invalid_input(app, api, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    response = api("POST", f"/manage/events/{event_id}/registrations",
                   {"name": "Ana\u0083", "email": "ana@example.org", "mode": "online"},
                   key="ctl-1")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["name"]
    assert _count(Registration, app) == 0


def test_one_action_id_is_applied_once_through_the_door_sync_or_the_api(
        app, client, api, organizer, make_event):
    from datetime import UTC, datetime, timedelta

    from roundtable.events.models import Event

    event_id = make_event(organizer_ids=[organizer])
    path = f"/manage/events/{event_id}/registrations"
    rid = api("POST", path, {"name": "Raúl", "email": "r@example.org", "mode": "in_person"}
              ).get_json()["registration"]["id"]
    with app.app_context():  # the door opens: the event began ten minutes ago
        event = db.session.get(Event, event_id)
        event.starts_at = datetime.now(UTC) - timedelta(minutes=10)
        event.ends_at = event.starts_at + timedelta(hours=2)
        db.session.commit()
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    synced = client.post(f"/manage/events/{event_id}/door/sync", json={"actions": [
        {"id": "phone-1-action-0001", "kind": "check_in", "at": when, "registration_id": rid}]})
    assert synced.get_json()["results"][0]["outcome"] == "applied"
    again = api("POST", f"{path}/{rid}/check-in", {"action_id": "phone-1-action-0001"})
    body = again.get_json()
    assert again.status_code == 200 and body["replayed"] is True and body["changed"] is False
    other_device = api("POST", f"{path}/{rid}/check-in", {"action_id": "phone-2-action-0001"})
    assert other_device.get_json()["outcome"] == "conflict"
    undo = api("POST", f"{path}/{rid}/undo-check-in", {"action_id": "api-undo-00000001"})
    assert undo.get_json()["changed"] is True
    replay = api("POST", f"{path}/{rid}/undo-check-in", {"action_id": "api-undo-00000001"})
    assert replay.get_json()["replayed"] is True
    assert api("GET", f"{path}/{rid}").get_json()["checked_in_at"] is None
    bad = api("POST", f"{path}/{rid}/check-in", {"action_id": "short"})
    assert bad.status_code == 422 and "action_id" in bad.get_json()["error"]["fields"]


def test_apps_made_in_one_process_share_one_token_limit(app_config):
    """Each create_app used to add the blueprint's limit again: two limits counted one request."""
    from roundtable.extensions import limiter
    from tests.conftest import running_app

    with running_app(app_config) as first, running_app(app_config) as second:
        for app in (first, second):
            with app.test_request_context():
                limits = limiter.limit_manager.blueprint_limits(app, "api_organizer")
                assert len(limits) == 1, limits


def test_a_walk_in_without_an_email_reads_as_null(app, api, organizer, make_event):
    from roundtable.events.models import Event
    from roundtable.registration import services

    event_id = make_event(organizer_ids=[organizer], capacity_in_person=5)
    with app.app_context():
        walk_in = services.add_walk_in(db.session.get(Event, event_id), name="Luis Ramírez",
                                       affiliation="UNAM")
        db.session.commit()
        walk_in_id = walk_in.id
    page = api("GET", f"/manage/events/{event_id}/registrations?search=luis")
    assert page.status_code == 200
    (row,) = page.get_json()["data"]
    assert row["email"] is None and row["is_walk_in"] and row["name"] == "Luis Ramírez"
    one = api("GET", f"/manage/events/{event_id}/registrations/{walk_in_id}").get_json()
    assert one["email"] is None
    # Undoing their check-in and checking in again works as for anyone.
    undo = api("POST", f"/manage/events/{event_id}/registrations/{walk_in_id}/undo-check-in", {})
    assert undo.status_code == 200 and undo.get_json()["registration"]["email"] is None
    # The published schema says so (docs/openapi.json is compared by test_public).
    schema = api("GET", "/openapi.json").get_json()["components"]["schemas"]["RegistrationOut"]
    assert schema["properties"]["email"]["type"] == ["string", "null"]


@pytest.mark.parametrize("value", [10**30, -10**30, 2**31, True, "1"])
def test_a_forged_cursor_is_refused_not_a_500(api, organizer, make_event, value):
    """Beyond a row id's range the database raised (a 500); the cursor is refused instead."""
    import base64
    import json

    event_id = make_event(organizer_ids=[organizer])
    cursor = base64.urlsafe_b64encode(json.dumps([value]).encode()).decode().rstrip("=")
    response = api("GET", f"/manage/events/{event_id}/registrations?cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_cursor"
