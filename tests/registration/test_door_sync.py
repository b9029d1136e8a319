"""The offline door's sync: each queued action applied once by its id, conflicts reported."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from roundtable import signals
from roundtable.extensions import db
from roundtable.registration.door_offline import STORED_FIELDS
from roundtable.registration.models import DoorAction, Registration


@pytest.fixture
def door(make_user, make_event, auth, register_via_form):
    owner = make_user(email="owner@example.org")
    make_user(email="other@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=3)
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org")
    register_via_form("rt", name="Guadalupe Correa-Cabrera", email="gcc@example.org",
                      mode="online")
    auth.login("owner@example.org")
    return event_id


def _id(app, email):
    with app.app_context():
        return db.session.scalar(select(Registration.id).where(Registration.email == email))


def _sync(client, event_id, *actions):
    response = client.post(f"/manage/events/{event_id}/door/sync", json={"actions": list(actions)})
    return response.status_code, json.loads(response.data)


def _action(kind, **fields):
    return {"id": str(uuid.uuid4()), "kind": kind, "at": datetime.now(UTC).isoformat(),
            **fields}


def _checked_in_signals(app):
    heard = []

    def listener(sender, kind, before):
        heard.append((sender.email, kind))

    signals.registration_changed.connect(listener)
    return heard, lambda: signals.registration_changed.disconnect(listener)


def test_an_action_is_applied_once_by_its_id(app, client, door):
    raul = _id(app, "raul@example.org")
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=7)
    action = _action("check_in", registration_id=raul, at=at.isoformat())
    heard, stop = _checked_in_signals(app)
    try:
        status, first = _sync(client, door, action)
        _, again = _sync(client, door, action)  # the phone did not hear the answer: resent
    finally:
        stop()
    assert status == 200 and first["results"][0]["outcome"] == "applied"
    assert again["results"][0] == {**first["results"][0], "replayed": True}
    assert heard == [("raul@example.org", "checked_in")]  # announced once
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DoorAction)) == 1
        # The time it happened at the door, not the time it reached the server.
        assert db.session.get(Registration, raul).checked_in_at == at
    assert first["counter"]["arrived"] == 1


def test_the_same_person_checked_in_on_two_phones_is_one_check_in_and_a_conflict(
        app, client, door):
    raul = _id(app, "raul@example.org")
    _, first = _sync(client, door, _action("check_in", registration_id=raul))
    _, second = _sync(client, door, _action("check_in", registration_id=raul))
    assert first["results"][0]["outcome"] == "applied"
    conflict = second["results"][0]
    assert conflict["outcome"] == "conflict"
    assert conflict["message"].startswith("Raúl Benítez Manaut was already checked in (")
    assert second["counter"]["arrived"] == 1


def test_a_walk_in_added_twice_is_kept_once(app, client, door):
    walk_in = {"name": "María Fernández", "email": "maria@example.org", "affiliation": "UNAM"}
    _, first = _sync(client, door, _action("walk_in", **walk_in))
    _, second = _sync(client, door, _action("walk_in", **{**walk_in, "email": "MARIA@example.org"}))
    assert first["results"][0]["outcome"] == "applied"
    assert second["results"][0]["outcome"] == "conflict"
    assert "already added at the door" in second["results"][0]["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(
            Registration.email == "maria@example.org")) == 1
    # Someone registered beforehand, typed in as a walk-in offline: admit them instead.
    _, registered = _sync(client, door, _action("walk_in", name="G", email="gcc@example.org"))
    assert registered["results"][0]["message"] == (
        "Guadalupe Correa-Cabrera is already registered with that email (Online via Zoom, "
        "confirmed): search for them and admit them.")


def test_offline_admission_and_undo(app, client, door):
    online = _id(app, "gcc@example.org")
    _, refused = _sync(client, door, _action("check_in", registration_id=online))
    assert refused["results"][0]["outcome"] == "conflict"
    assert "no longer expected in the room (Registered online)" in refused["results"][0]["message"]
    _, admitted = _sync(client, door, _action("admit", registration_id=online),
                        _action("undo", registration_id=online))
    assert [r["outcome"] for r in admitted["results"]] == ["applied", "applied"]
    with app.app_context():
        registration = db.session.get(Registration, online)
        assert (registration.mode, registration.status) == ("in_person", "confirmed")
        assert registration.checked_in_at is None


def test_bad_actions_change_nothing(app, client, door, make_event):
    raul = _id(app, "raul@example.org")
    other_event = make_event(slug="other", organizer_ids=[1])
    status, answer = _sync(client, door,
                           {"id": "short", "kind": "check_in", "registration_id": raul,
                            "at": "2026-01-01T00:00:00Z"},
                           _action("fly", registration_id=raul),
                           _action("check_in", registration_id=raul, at="yesterday"),
                           _action("walk_in", name="", email="nobody"),
                           _action("check_in", registration_id=10**12))
    assert status == 200 and [r["outcome"] for r in answer["results"]] == ["refused"] * 5
    status, answer = _sync(client, other_event, _action("check_in", registration_id=raul))
    assert answer["results"][0]["outcome"] == "refused"
    with app.app_context():
        assert db.session.get(Registration, raul).checked_in_at is None
    bad = client.post(f"/manage/events/{door}/door/sync", json={"actions": "all"})
    assert bad.status_code == 400


def test_a_clock_running_ahead_records_no_arrival_in_the_future(app, client, door):
    raul = _id(app, "raul@example.org")
    later = datetime.now(UTC) + timedelta(days=2)
    _sync(client, door, _action("check_in", registration_id=raul, at=later.isoformat()))
    with app.app_context():
        assert db.session.get(Registration, raul).checked_in_at <= datetime.now(UTC)


def test_only_the_event_s_organizers_may_sync_or_read_the_list(app, client, door, auth):
    raul = _id(app, "raul@example.org")
    auth.logout()
    auth.login("other@example.org")
    response = client.post(f"/manage/events/{door}/door/sync",
                           json={"actions": [_action("check_in", registration_id=raul)]})
    assert response.status_code == 404
    assert client.get(f"/manage/events/{door}/door.json").status_code == 404


def test_the_device_list_holds_only_what_the_door_needs(app, client, door):
    data = json.loads(client.get(f"/manage/events/{door}/door.json").data)
    assert data["csrf_token"]
    person = next(p for p in data["people"] if p["name"] == "Raúl Benítez Manaut")
    # The email is searched while online; the script stores only STORED_FIELDS.
    assert set(person) == set(STORED_FIELDS) | {"email"}
    assert set(STORED_FIELDS) == {"id", "name", "affiliation", "status", "action", "question",
                                  "rule", "expected", "walk_in", "checked_in", "code_hash"}
    assert len(person["code_hash"]) == 64 and person["status"] == "Registered in person"
    assert data["event"]["early_question"].startswith("This event is on ")


def test_the_door_installs_and_signing_out_clears_the_device(client, door, auth):
    manifest = json.loads(client.get(f"/manage/events/{door}/door.webmanifest").data)
    assert manifest["start_url"] == f"/manage/events/{door}/checkin"
    assert manifest["display"] == "standalone" and manifest["icons"]
    worker = client.get("/manage/door-sw.js")
    assert worker.mimetype == "text/javascript" and b"caches.match" in worker.data
    shell = client.get(f"/manage/events/{door}/checkin/offline").get_data(as_text=True)
    assert "Raúl" not in shell and "data-door" in shell
    page = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert 'rel="manifest"' in page and "vendor/jsQR.js" in page
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"storage"'


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+05:00",  # UTC would be year 0
                                "0001-01-01T03:00:00Z",  # the door's local time would be
                                "1999-12-31T23:59:59Z"])
def test_a_time_before_the_years_events_use_is_refused(app, client, door, at):
    """An arrival near year 1 overflowed on its way to UTC (a 500), or was stored and
    then overflowed every door page that showed it in the event's time zone."""
    raul = _id(app, "raul@example.org")
    status, answer = _sync(client, door, _action("check_in", registration_id=raul, at=at),
                           _action("walk_in", name="Ana Pérez", at=at))
    assert status == 200
    assert [r["outcome"] for r in answer["results"]] == ["refused", "refused"]
    assert answer["results"][0]["message"] == "An action needs the time it happened."
    with app.app_context():
        assert db.session.get(Registration, raul).checked_in_at is None
        assert db.session.scalar(select(func.count()).select_from(Registration)
                                 .where(Registration.name == "Ana Pérez")) == 0
    assert client.get(f"/manage/events/{door}/checkin").status_code == 200
