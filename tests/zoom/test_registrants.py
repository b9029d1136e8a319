"""Personal join links: queued with the registration, done by the worker, 30 at a time."""

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration
from roundtable.registration.tokens import token_for
from roundtable.zoom.models import ZoomMeeting, ZoomTask
from tests.zoomfake import HOST_EMAIL


def _reg(app, email):
    with app.app_context():
        r = db.session.scalar(select(Registration).where(Registration.email == email))
        return {"id": r.id, "status": r.status, "token": token_for(r),
                "join_url": r.zoom.join_url if r.zoom else None,
                "zoom_state": r.zoom.state if r.zoom else None}


def _mails(app, email, kind=None):
    with app.app_context():
        q = select(OutboxMessage).where(OutboxMessage.recipient == email)
        if kind:
            q = q.where(OutboxMessage.kind == kind)
        return [(m.kind, m.body_text) for m in db.session.scalars(q.order_by(OutboxMessage.id))]


def _meeting_id(app, event_id):
    with app.app_context():
        return db.session.scalar(select(ZoomMeeting.zoom_id)
                                 .where(ZoomMeeting.event_id == event_id))


def test_meeting_is_created_with_registration_and_copied_to_the_event(app, zoom_event,
                                                                       fake_zoom):
    event_id = zoom_event()
    meeting = fake_zoom.meetings[_meeting_id(app, event_id)]
    assert meeting["topic"] == "3rd Annual Roundtable" and meeting["type"] == 2
    assert meeting["settings"]["approval_type"] == 0
    assert meeting["settings"]["waiting_room"] is True
    assert meeting["settings"]["registrants_confirmation_email"] is False
    assert fake_zoom.calls("POST", f"/users/{HOST_EMAIL}/meetings")


def test_confirmed_online_registrant_gets_a_personal_link(app, client, zoom_event, register,
                                                          sync, fake_zoom):
    event_id = zoom_event()
    register("Raúl Benítez Manaut", "raul@example.org")
    confirmation = _mails(app, "raul@example.org", "registration_confirmed")[0][1]
    assert "follows in a short separate email" in confirmation
    assert sync().done == 1
    live = fake_zoom.live_registrants(_meeting_id(app, event_id))
    assert [(p["email"], p["first_name"], p["last_name"]) for p in live] == [
        ("raul@example.org", "Raúl", "Benítez Manaut")]
    reg = _reg(app, "raul@example.org")
    assert reg["join_url"] == live[0]["join_url"]
    second = _mails(app, "raul@example.org", "zoom_link")
    assert len(second) == 1 and live[0]["join_url"] in second[0][1]
    page = client.get(f"/registrations/{reg['token']}").get_data(as_text=True)
    assert live[0]["join_url"] in page
    feed = client.get(f"/registrations/{reg['token']}/calendar.ics")
    assert feed.status_code == 200
    assert live[0]["join_url"][:40] in feed.get_data(as_text=True).replace("\r\n ", "")
    # Nothing more to do; a second run changes nothing and sends nothing.
    assert sync().claimed == 0
    assert len(_mails(app, "raul@example.org", "zoom_link")) == 1


def test_cancelling_cancels_the_zoom_registrant(app, client, zoom_event, register, sync,
                                                fake_zoom):
    event_id = zoom_event()
    register("Raúl Benítez Manaut", "raul@example.org")
    sync()
    reg = _reg(app, "raul@example.org")
    client.post(f"/registrations/{reg['token']}/cancel")
    sync()
    assert fake_zoom.live_registrants(_meeting_id(app, event_id)) == []
    assert _reg(app, "raul@example.org")["zoom_state"] == "cancelled"
    status = fake_zoom.calls("PUT", r"/registrants/status$")[-1][3]
    assert status["action"] == "cancel"


def test_waitlist_promotion_registers_the_promoted(app, client, zoom_event, register, sync,
                                                   fake_zoom):
    event_id = zoom_event(capacity_online=1)
    register("Ana Barceló Durazo", "ana@example.org")
    register("Raúl Benítez Manaut", "raul@example.org")
    sync()
    assert [p["email"] for p in fake_zoom.live_registrants(_meeting_id(app, event_id))] == [
        "ana@example.org"]
    client.post(f"/registrations/{_reg(app, 'ana@example.org')['token']}/cancel")
    sync()
    assert [p["email"] for p in fake_zoom.live_registrants(_meeting_id(app, event_id))] == [
        "raul@example.org"]


def test_many_people_are_registered_30_at_a_time(app, zoom_event, register, sync, fake_zoom):
    event_id = zoom_event()
    for n in range(35):
        register(f"Persona Número{n}", f"p{n}@example.org")
    sync()
    batches = fake_zoom.calls("POST", r"/batch_registrants$")
    assert [len(b[3]["registrants"]) for b in batches] == [30, 5]
    assert len(fake_zoom.live_registrants(_meeting_id(app, event_id))) == 35


def test_a_lost_answer_is_recovered_without_registering_twice(app, zoom_event, register, sync,
                                                              fake_zoom):
    event_id = zoom_event()
    for n in range(3):
        register(f"Persona Número{n}", f"p{n}@example.org")
    app.config["ZOOM_TIMEOUT"] = 0.3
    fake_zoom.slow_batches = 1.0   # Zoom registers them, but answers too late
    report = sync()
    assert report.retrying == 3 and report.done == 0
    fake_zoom.slow_batches = 0
    # The retry comes a minute later; by then Zoom has finished the batch it was slow on.
    deadline = time.monotonic() + 30
    while len(fake_zoom.registrants[_meeting_id(app, event_id)]) < 3:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    later = datetime.now(UTC) + timedelta(hours=2)
    assert sync(now=later).done == 3
    live = fake_zoom.live_registrants(_meeting_id(app, event_id))
    assert sorted(p["email"] for p in live) == ["p0@example.org", "p1@example.org",
                                                "p2@example.org"]
    assert {_reg(app, p["email"])["join_url"] for p in live} == {p["join_url"] for p in live}


def test_a_host_or_a_full_meeting_falls_back_to_the_meeting_link(app, client, zoom_event,
                                                                register, sync, fake_zoom):
    event_id = zoom_event()
    register("Ana Barceló Durazo", HOST_EMAIL)
    sync()
    reg = _reg(app, HOST_EMAIL)
    assert reg["zoom_state"] == "refused"
    with app.app_context():
        shared = db.session.scalar(select(ZoomMeeting).where(
            ZoomMeeting.event_id == event_id)).event.zoom_join_url
    assert shared in _mails(app, HOST_EMAIL, "zoom_link")[0][1]
    assert shared in client.get(f"/registrations/{reg['token']}").get_data(as_text=True)
    fake_zoom.capacity[_meeting_id(app, event_id)] = 0
    register("Raúl Benítez Manaut", "raul@example.org")
    sync()
    assert _reg(app, "raul@example.org")["zoom_state"] == "refused"


def test_zoom_down_keeps_the_work_queued(app, zoom_event, register, sync, fake_zoom):
    zoom_event()
    register("Raúl Benítez Manaut", "raul@example.org")
    fake_zoom.fail(r"batch_registrants|/registrants$", 503, times=50)
    assert sync().retrying == 1
    with app.app_context():
        task = db.session.scalar(select(ZoomTask).where(ZoomTask.status == "pending"))
        assert task.attempts == 1 and "503" in task.last_error
    fake_zoom.faults.clear()
    assert sync(now=datetime.now(UTC) + timedelta(hours=1)).done == 1


def test_without_credentials_nothing_is_queued(app, make_event, register):
    app.config["ZOOM_CLIENT_ID"] = ""
    make_event(slug="rt", format="online")
    register("Raúl Benítez Manaut", "raul@example.org")
    with app.app_context():
        assert db.session.scalar(select(ZoomTask)) is None
    assert "https://zoom.us/j/99911122233" in _mails(app, "raul@example.org")[0][1]


def test_an_email_corrected_by_the_organizer_moves_the_zoom_registration(
        app, client, make_user, zoom_event, register, sync, fake_zoom):
    from tests.managing import sign_in

    user_id = sign_in(client, make_user)
    event_id = zoom_event(organizer_ids=[user_id])
    register("Raúl Benítez Manaut", "raul@example.org")
    sync()
    reg = _reg(app, "raul@example.org")
    response = client.post(f"/manage/events/{event_id}/registrations/{reg['id']}/edit",
                           data={"name": "Raúl Benítez Manaut", "email": "rbm@unam.mx",
                                 "affiliation": "", "mode": "online"})
    assert response.status_code == 302
    sync()
    live = fake_zoom.live_registrants(_meeting_id(app, event_id))
    assert [p["email"] for p in live] == ["rbm@unam.mx"]
    assert _reg(app, "rbm@unam.mx")["join_url"] == live[0]["join_url"]
    assert live[0]["join_url"] in _mails(app, "rbm@unam.mx", "zoom_link")[-1][1]


def test_links_tokens_and_the_secret_never_reach_the_log(app, caplog, zoom_event, register,
                                                         sync, fake_zoom):
    import logging

    from tests.zoomfake import CLIENT_SECRET

    caplog.set_level(logging.DEBUG)
    event_id = zoom_event()
    register("Raúl Benítez Manaut", HOST_EMAIL)          # refused: logged as a warning
    register("Ana Barceló Durazo", "ana@example.org")
    fake_zoom.fail(r"/registrants$", 503, times=1)       # a retry: logged too
    sync()
    sync(now=datetime.now(UTC) + timedelta(hours=2))
    live = fake_zoom.live_registrants(_meeting_id(app, event_id))
    assert live, "the registration went through"
    secrets = [CLIENT_SECRET, *fake_zoom.tokens, live[0]["join_url"],
               *(m["start_url"] for m in fake_zoom.meetings.values()),
               *(m["join_url"] for m in fake_zoom.meetings.values())]
    for secret in secrets:
        assert secret not in caplog.text


def test_a_walk_in_without_an_email_moved_online_is_not_sent_to_zoom(
        app, client, make_user, zoom_event, register, sync, fake_zoom):
    from roundtable.events.models import Event
    from roundtable.registration import corrections, services

    event_id = zoom_event()
    register("Raúl Benítez Manaut", "raul@example.org")
    with app.app_context():
        walk_in = services.add_walk_in(db.session.get(Event, event_id), name="Luis Ramírez")
        db.session.commit()
        # The organizer moves them online (they left the room for a call, say).
        corrections.correct(walk_in, name="Luis Ramírez", email="", affiliation=None,
                            mode="online")
        db.session.commit()
        assert walk_in.may_see_zoom and walk_in.email is None
    sync()
    live = fake_zoom.live_registrants(_meeting_id(app, event_id))
    assert [p["email"] for p in live] == ["raul@example.org"]  # nobody without an address
