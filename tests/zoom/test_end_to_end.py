"""The whole path: the app over its HTTP interface, the worker as a real process, a fake Zoom.

Create the event with a Zoom meeting → 50 people register online for 40 seats
(10 wait) → the worker is killed in the middle of a batch → another run finishes
without losing or doubling anyone on Zoom → cancellations promote people from
the waitlist → webhooks (good, forged, stale, replayed) → the meeting ends →
the report is read from Zoom → the attendance report.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from sqlalchemy import select

from roundtable.attendance import report as attendance_report
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import token_for
from roundtable.zoom.models import TaskStatus, ZoomMeeting, ZoomTask
from tests.gunicornutil import ROOT
from tests.managing import event_form, sign_in
from tests.zoom.test_webhook import post, signed

DEADLINE = 60  # seconds for any one wait below; never asserted as a duration


def worker(app, fake_zoom, *args):
    env = {**os.environ, **fake_zoom.env(),
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "SITE_URL": "http://roundtable.test",
           "ZOOM_LEASE_SECONDS": "2", "ZOOM_TIMEOUT": "10", "ZOOM_BACKOFF": "0.01",
           "ZOOM_WEBHOOK_SECRET_TOKEN": "whsec-FAKE"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "roundtable",
                             "zoom", "sync", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


def run_once(app, fake_zoom):
    proc = worker(app, fake_zoom)
    out, _ = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0, out.decode()
    return out.decode()


def pending(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(ZoomTask.id).where(
            ZoomTask.status == TaskStatus.PENDING)).all())


def until_done(app, fake_zoom):
    """Run the worker until the queue is empty (leases of a killed worker run out first)."""
    deadline = time.monotonic() + DEADLINE
    while pending(app):
        assert time.monotonic() < deadline, "Zoom work still pending"
        run_once(app, fake_zoom)
        time.sleep(0.5)


def online_confirmed(app, event_id):
    with app.app_context():
        return sorted(db.session.scalars(select(Registration.email).where(
            Registration.event_id == event_id, Registration.mode == "online",
            Registration.status == "confirmed")))


def test_the_whole_path(app, client, make_user, fake_zoom):
    sign_in(client, make_user)
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting", "zoom-host_email": "",
                         "zoom_join_url": "", "zoom_meeting_id": "", "zoom_passcode": "",
                         "capacity_online": "40", "format": "online", "slug": "rt",
                         "registration_closes_at": ""})
    assert client.post("/manage/events/new", data=data).status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        event_id, event.status = event.id, "published"  # publishing has its own tests
        db.session.commit()
    run_once(app, fake_zoom)  # creates the meeting
    with app.app_context():
        zoom_id = db.session.scalar(select(ZoomMeeting.zoom_id))
    assert zoom_id in fake_zoom.meetings

    client.post("/logout")
    for n in range(50):
        response = client.post("/events/rt/register", data={
            "name": f"Persona Núñez{n}", "email": f"p{n:02d}@example.org", "mode": "online"})
        assert response.status_code == 302
    assert len(online_confirmed(app, event_id)) == 40

    # Kill the worker while Zoom is working on its first batch of 30.
    fake_zoom.slow_batches = 1.5
    fake_zoom.arrived.clear()
    proc = worker(app, fake_zoom, "--watch", "--interval", "0.2")
    assert fake_zoom.arrived.wait(DEADLINE), "the worker never sent a batch"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=DEADLINE)
    fake_zoom.slow_batches = 0
    time.sleep(2)  # Zoom finishes the batch the dead worker never heard back from
    until_done(app, fake_zoom)

    def on_zoom():
        return Counter(p["email"] for p in fake_zoom.live_registrants(zoom_id))

    assert on_zoom() == Counter(online_confirmed(app, event_id))  # nobody lost or doubled
    with app.app_context():
        for r in db.session.scalars(select(Registration).where(Registration.status ==
                                                               "confirmed")):
            assert r.zoom.join_url in {p["join_url"] for p in fake_zoom.live_registrants(
                zoom_id) if p["email"] == r.email}

    # Five cancel; five on the waitlist are promoted and registered; the five are cancelled.
    with app.app_context():
        leaving = [token_for(r) for r in db.session.scalars(select(Registration).where(
            Registration.status == "confirmed").order_by(Registration.id).limit(5))]
    for token in leaving:
        assert client.post(f"/registrations/{token}/cancel").status_code == 302
    until_done(app, fake_zoom)
    confirmed = online_confirmed(app, event_id)
    assert len(confirmed) == 40
    assert on_zoom() == Counter(confirmed)
    assert max(Counter(p["email"] for p in fake_zoom.registrants[zoom_id]).values()) == 1

    # Webhooks: two people join; forged and stale deliveries are refused; a replay is ignored.
    def joined(email, at):
        return {"event": "meeting.participant_joined", "payload": {"object": {
            "id": int(zoom_id), "participant": {"user_name": email, "email": email,
                                                "participant_user_id": email,
                                                "join_time": at}}}}

    assert post(client, joined(confirmed[0], "2030-11-21T23:00:00Z")).status_code == 200
    raw, headers = signed(joined(confirmed[1], "2030-11-21T23:01:00Z"))
    assert client.post("/zoom/webhook", data=raw, headers=headers).status_code == 200
    assert client.post("/zoom/webhook", data=raw, headers=headers).status_code == 200
    assert post(client, joined("mallory@example.org", "2030-11-21T23:02:00Z"),
                secret="forged").status_code == 401
    assert post(client, joined("eve@example.org", "2030-11-21T23:02:00Z"),
                ts=int(time.time()) - 3600).status_code == 401
    until_done(app, fake_zoom)
    organizer = sign_in(client, make_user)
    with app.app_context():
        from roundtable.auth.models import User
        event = db.session.get(Event, event_id)
        event.organizers.append(db.session.get(User, organizer))
        db.session.commit()
    live = client.get(f"/manage/events/{event_id}/zoom/live.json").get_json()
    assert live["count"] == 2 and all(p["registered"] for p in live["people"])

    # The meeting ends; the worker reads the report and the attendance report follows.
    with app.app_context():
        registrant_of = {r.email: r.zoom.registrant_id for r in db.session.scalars(
            select(Registration).where(Registration.status == "confirmed"))}
    fake_zoom.participants[zoom_id] = [
        {"id": f"u{n}", "name": f"Device {n}", "user_email": "",
         "registrant_id": registrant_of[email], "join_time": "2030-11-21T23:00:00Z",
         "leave_time": "2030-11-22T00:30:00Z", "duration": 5400}
        for n, email in enumerate(confirmed[:30])]
    post(client, {"event": "meeting.ended", "payload": {"object": {
        "id": int(zoom_id), "end_time": "2030-11-22T00:30:00Z"}}})
    until_done(app, fake_zoom)
    with app.app_context():
        figures = attendance_report.build(db.session.get(Event, event_id))
        online = next(m for m in figures.modes if m.mode == "online")
        assert (online.confirmed, online.attended, online.no_shows) == (40, 30, 10)
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)
    assert "Persona Núñez" in page
