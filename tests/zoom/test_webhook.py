"""The webhook: Zoom's challenge, signatures, stale and replayed deliveries, live presence,
meeting deleted on Zoom, and the report after meeting.ended feeding the attendance import."""

import hashlib
import hmac
import json
import time

from sqlalchemy import func, select

from roundtable.attendance.models import OnlineAttendee
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.zoom.models import ZoomMeeting, ZoomTask
from tests.managing import sign_in

SECRET = "whsec-FAKE"


def signed(body: dict, secret=SECRET, ts=None):
    raw = json.dumps(body)
    ts = str(int(time.time()) if ts is None else ts)
    sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{raw}".encode(), hashlib.sha256).hexdigest()
    return raw, {"x-zm-request-timestamp": ts, "x-zm-signature": sig,
                 "Content-Type": "application/json"}


def post(client, body, **kwargs):
    raw, headers = signed(body, **kwargs)
    return client.post("/zoom/webhook", data=raw, headers=headers)


def _tasks(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ZoomTask).where(
            ZoomTask.kind == "webhook"))


def participant(event_name, zoom_id, who, at, **extra):
    time_field = "join_time" if event_name.endswith("joined") else "leave_time"
    return {"event": event_name, "event_ts": int(time.time() * 1000), "payload": {
        "account_id": "acct", "object": {"id": zoom_id, "participant": {
            "user_name": who, "participant_user_id": who.lower(), time_field: at, **extra}}}}


def test_url_validation_challenge(client):
    response = post(client, {"event": "endpoint.url_validation",
                             "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}})
    assert response.status_code == 200
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert response.get_json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw",
                                   "encryptedToken": expected}


def test_forged_stale_and_unsigned_deliveries_get_401_and_change_nothing(app, client):
    body = participant("meeting.participant_joined", 123, "Mallory", "2030-01-01T00:00:00Z")
    assert post(client, body, secret="not-the-secret").status_code == 401
    assert post(client, body, ts=int(time.time()) - 301).status_code == 401
    assert client.post("/zoom/webhook", data=json.dumps(body),
                       headers={"Content-Type": "application/json"}).status_code == 401
    raw, headers = signed(body)
    tampered = raw.replace("Mallory", "Alice")
    assert client.post("/zoom/webhook", data=tampered, headers=headers).status_code == 401
    assert _tasks(app) == 0


def test_a_replayed_delivery_is_queued_once(app, client):
    raw, headers = signed(participant("meeting.participant_joined", 1, "Ana",
                                      "2030-01-01T00:00:00Z"))
    assert client.post("/zoom/webhook", data=raw, headers=headers).status_code == 200
    assert client.post("/zoom/webhook", data=raw, headers=headers).status_code == 200
    assert _tasks(app) == 1


def test_live_presence_counts_people_not_devices(app, client, make_user, zoom_event, sync,
                                                  register):
    user_id = sign_in(client, make_user)
    event_id = zoom_event(organizer_ids=[user_id])
    with app.app_context():
        zoom_id = int(db.session.scalar(select(ZoomMeeting.zoom_id)))
    post(client, participant("meeting.participant_joined", zoom_id, "Raúl Benítez Manaut",
                             "2030-01-01T16:00:00Z", email="raul@example.org"))
    post(client, participant("meeting.participant_joined", zoom_id, "Raúl Benítez Manaut",
                             "2030-01-01T16:05:00Z", email="raul@example.org"))
    post(client, participant("meeting.participant_joined", zoom_id, "iPad de Invitado",
                             "2030-01-01T16:06:00Z"))
    sync()
    live = client.get(f"/manage/events/{event_id}/zoom/live.json").get_json()
    assert live["count"] == 2
    assert {p["name"] for p in live["people"]} == {"Raúl Benítez Manaut", "iPad de Invitado"}
    post(client, participant("meeting.participant_left", zoom_id, "iPad de Invitado",
                             "2030-01-01T16:30:00Z"))
    sync()
    assert client.get(f"/manage/events/{event_id}/zoom/live.json").get_json()["count"] == 1
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)
    assert "data-zoom-live" in page and "zoom_live.js" in page
    client.post("/logout")
    assert client.get(f"/manage/events/{event_id}/zoom/live.json").status_code in (302, 401,
                                                                                   404)


def test_meeting_deleted_on_zoom_is_reflected(app, client, zoom_event, sync):
    event_id = zoom_event()
    with app.app_context():
        zoom_id = int(db.session.scalar(select(ZoomMeeting.zoom_id)))
    post(client, {"event": "meeting.deleted", "payload": {"object": {"id": zoom_id}}})
    sync()
    with app.app_context():
        assert db.session.scalar(select(ZoomMeeting)).state == "deleted"
        assert db.session.get(Event, event_id).zoom_join_url is None


def test_meeting_ended_fetches_the_report_matching_registrant_ids_first(
        app, client, zoom_event, register, sync, fake_zoom):
    event_id = zoom_event()
    register("Raúl Benítez Manaut", "raul@example.org")
    register("María José Ortiz", "mjortiz@example.mx")
    sync()
    with app.app_context():
        zoom_id = db.session.scalar(select(ZoomMeeting.zoom_id))
    live = {p["email"]: p["id"] for p in fake_zoom.live_registrants(zoom_id)}
    fake_zoom.page_size_cap = 2
    fake_zoom.participants[zoom_id] = [
        # Raúl joined from a laptop and a phone, under another name and email.
        {"id": "u1", "name": "Laptop RB", "user_email": "rb@gmail.example",
         "registrant_id": live["raul@example.org"], "join_time": "2030-01-01T16:00:00Z",
         "leave_time": "2030-01-01T17:30:00Z", "duration": 5400},
        {"id": "u2", "name": "Laptop RB", "user_email": "rb@gmail.example",
         "registrant_id": live["raul@example.org"], "join_time": "2030-01-01T16:30:00Z",
         "leave_time": "2030-01-01T17:00:00Z", "duration": 1800},
        {"id": "u3", "name": "María José Ortiz", "user_email": "mjortiz@example.mx",
         "join_time": "2030-01-01T16:10:00Z", "leave_time": "2030-01-01T16:40:00Z",
         "duration": 1800},
    ]
    post(client, {"event": "meeting.ended", "payload": {"object": {
        "id": int(zoom_id), "end_time": "2030-01-01T17:30:00Z"}}})
    sync()   # the webhook: queues the report
    sync()   # the report
    assert len(fake_zoom.calls("GET", r"/report/meetings/.*/participants")) == 2  # two pages
    assert fake_zoom.calls("GET", r"/report/")[0][2]["include_fields"] == ["registrant_id"]
    with app.app_context():
        people = {a.name: (a.status, a.matched_by, a.minutes) for a in db.session.scalars(
            select(OnlineAttendee).where(OnlineAttendee.event_id == event_id))}
    assert people["Laptop RB"] == ("matched", "zoom", 90)
    assert people["María José Ortiz"] == ("matched", "email", 30)


def test_the_fetch_button_reads_the_report_clipped_to_the_meeting(
        app, client, make_user, zoom_event, register, sync, fake_zoom):
    user_id = sign_in(client, make_user)
    event_id = zoom_event(organizer_ids=[user_id])
    register("Raúl Benítez Manaut", "raul@example.org")
    sync()
    with app.app_context():
        zoom_id = db.session.scalar(select(ZoomMeeting.zoom_id))
    # Raúl was in the meeting before it started (16:10) and after it ended (17:00).
    fake_zoom.past[zoom_id] = {"start_time": "2030-01-01T16:10:00Z",
                               "end_time": "2030-01-01T17:00:00Z"}
    fake_zoom.participants[zoom_id] = [
        {"id": "u1", "name": "Raúl Benítez Manaut", "user_email": "raul@example.org",
         "join_time": "2030-01-01T16:00:00Z", "leave_time": "2030-01-01T17:30:00Z",
         "duration": 5400}]
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)
    assert "Fetch the participant report from Zoom" in page
    response = client.post(f"/manage/events/{event_id}/zoom/report")
    assert response.status_code == 302
    sync()
    with app.app_context():
        attendee = db.session.scalar(select(OnlineAttendee))
        assert (attendee.status, attendee.minutes) == ("matched", 50)
