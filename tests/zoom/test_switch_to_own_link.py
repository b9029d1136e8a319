"""A managed meeting given up for the organizer's own link (or none) from the event form."""

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.zoom.models import ZoomMeeting, ZoomTask
from tests.managing import event_form, sign_in
from tests.zoom.test_registrants import _mails, _reg
from tests.zoomfake import HOST_EMAIL

OWN = {"zoom-setup": "link", "zoom_join_url": "https://us02web.zoom.us/j/81234567890?pwd=OwnPwd1",
       "zoom_meeting_id": "812 3456 7890", "zoom_passcode": "own-123"}
BLANK = {"zoom_join_url": "", "zoom_meeting_id": "", "zoom_passcode": ""}


def _managed(app, client, make_user, sync, register):
    sign_in(client, make_user)
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting",
                         "zoom-host_email": HOST_EMAIL, "slug": "rt"}, **BLANK)
    assert client.post("/manage/events/new", data=data).status_code == 302
    while sync().claimed:
        pass
    with app.app_context():
        event = db.session.scalar(select(Event))
        event_id, zoom_id = event.id, event.zoom_meeting.zoom_id
    client.post(f"/manage/events/{event_id}/publish")
    register("Raúl Benítez", "raul@example.org")
    register("Ana Pérez", "ana@example.org", mode="in_person")
    while sync().claimed:
        pass
    personal = _reg(app, "raul@example.org")["join_url"]
    assert personal
    return event_id, zoom_id, personal


def test_switching_to_own_link(app, client, make_user, sync, register, fake_zoom):
    event_id, zoom_id, personal = _managed(app, client, make_user, sync, register)
    page = client.get(f"/manage/events/{event_id}/edit").get_data(as_text=True)
    assert "Use my own Zoom link instead" in page and "deleted on Zoom" in page
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(**OWN))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    # Online registrants are told the link changed; the room is not.
    changed = _mails(app, "raul@example.org", "event_changed")
    assert len(changed) == 1 and "the Zoom link" in changed[0][1]
    assert OWN["zoom_join_url"] in changed[0][1] and personal not in changed[0][1]
    assert not _mails(app, "ana@example.org", "event_changed")
    # The pasted link is served to confirmed online registrants only; personal links never.
    online = client.get(f"/registrations/{_reg(app, 'raul@example.org')['token']}")
    text = online.get_data(as_text=True).replace("&amp;", "&")
    assert OWN["zoom_join_url"] in text and personal not in text
    feed = client.get(f"/registrations/{_reg(app, 'raul@example.org')['token']}/calendar.ics")
    feed_text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert OWN["zoom_join_url"][:40] in feed_text and personal[:40] not in feed_text
    status = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert "Being deleted on Zoom" in status
    room = client.get(f"/registrations/{_reg(app, 'ana@example.org')['token']}")
    assert "81234567890" not in room.get_data(as_text=True)
    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    client.post("/logout")
    assert "81234567890" not in client.get(f"/events/{slug}").get_data(as_text=True)
    # The worker deletes the meeting on Zoom once, and keeps the pasted link.
    assert zoom_id in fake_zoom.meetings
    while sync().claimed:
        pass
    assert zoom_id not in fake_zoom.meetings
    assert len(fake_zoom.calls("DELETE", f"/meetings/{zoom_id}")) == 1
    assert sync().claimed == 0
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.zoom_meeting.state == "deleted"
        assert (event.zoom_join_url, event.zoom_passcode) == (OWN["zoom_join_url"], "own-123")


def test_the_deletion_is_retried_and_a_meeting_already_gone_is_done(
        app, client, make_user, sync, register, fake_zoom):
    event_id, zoom_id, _personal = _managed(app, client, make_user, sync, register)
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN)).status_code == 302
    fake_zoom.fail(f"/meetings/{zoom_id}$", 503, times=5)  # one attempt's every retry
    sync()
    with app.app_context():
        task = db.session.scalar(select(ZoomTask).where(ZoomTask.kind == "delete_meeting"))
        assert task.status == "pending" and task.attempts == 1
        task.next_attempt_at = task.created_at
        db.session.commit()
    del fake_zoom.meetings[zoom_id]  # deleted meanwhile (by hand on Zoom): a 404 is done
    while sync().claimed:
        pass
    with app.app_context():
        task = db.session.scalar(select(ZoomTask).where(ZoomTask.kind == "delete_meeting"))
        assert task.status == "done"
        event = db.session.get(Event, event_id)
        assert event.zoom_meeting.state == "deleted"
        assert event.zoom_join_url == OWN["zoom_join_url"]


def test_a_link_is_required_and_checked(app, client, make_user, sync, register, fake_zoom):
    event_id, zoom_id, _personal = _managed(app, client, make_user, sync, register)
    page = client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**{**OWN, "zoom_join_url": ""}))
    assert "Paste the join link of your own Zoom meeting" in page.get_data(as_text=True)
    page = client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**{**OWN, "zoom_join_url": "ftp://nope"}))
    assert page.status_code == 200
    # Public text is guarded as for any pasted link.
    page = client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN, summary="Passcode own-123 for all"))
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ZoomMeeting)).state == "active"
        assert not db.session.scalar(select(ZoomTask).where(ZoomTask.kind == "delete_meeting"))
    assert zoom_id in fake_zoom.meetings


def test_no_meeting_for_an_in_person_event(app, client, make_user, sync, register, fake_zoom):
    event_id, zoom_id, _personal = _managed(app, client, make_user, sync, register)
    refused = client.post(f"/manage/events/{event_id}/edit",
                          data=event_form(**{"zoom-setup": "none"}, **BLANK))
    assert "An online or hybrid event needs a Zoom meeting" in refused.get_data(as_text=True)
    data = event_form(format="in_person", dropped_registrations="move",
                      **{"zoom-setup": "none"}, **BLANK)
    response = client.post(f"/manage/events/{event_id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    while sync().claimed:
        pass
    assert zoom_id not in fake_zoom.meetings
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.zoom_join_url is None and event.zoom_meeting.state == "deleted"


def test_only_the_events_organizers_may_switch(app, client, make_user, sync, register,
                                               fake_zoom):
    event_id, zoom_id, _personal = _managed(app, client, make_user, sync, register)
    client.post("/logout")
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN)).status_code in (302, 401)
    sign_in(client, make_user)
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN)).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ZoomMeeting)).state == "active"


def test_the_switch_needs_a_csrf_token(app, csrf_app, client, make_user, sync, register,
                                       fake_zoom):
    event_id, zoom_id, _personal = _managed(app, client, make_user, sync, register)
    response = csrf_app.test_client().post(f"/manage/events/{event_id}/edit",
                                           data=event_form(**OWN))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ZoomMeeting)).state == "active"
        assert db.session.get(Event, event_id).zoom_join_url != OWN["zoom_join_url"]


def test_switching_while_zoom_creates_it(app, client, make_user, sync, fake_zoom):
    sign_in(client, make_user)
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting",
                         "zoom-host_email": HOST_EMAIL}, **BLANK)
    assert client.post("/manage/events/new", data=data).status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN)).status_code == 302
    while sync().claimed:
        pass
    assert not fake_zoom.meetings  # never created, or created and deleted
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.zoom_meeting.state == "deleted"
        assert event.zoom_join_url == OWN["zoom_join_url"]


def test_zoom_saying_the_old_meeting_is_gone_keeps_the_pasted_link(
        app, client, make_user, sync, register, fake_zoom):
    from roundtable.zoom import meetings

    event_id, _zoom_id, _personal = _managed(app, client, make_user, sync, register)
    assert client.post(f"/manage/events/{event_id}/edit",
                       data=event_form(**OWN)).status_code == 302
    with app.app_context():
        meetings.gone(db.session.get(Event, event_id))  # the "deleted" webhook
        db.session.commit()
        assert db.session.get(Event, event_id).zoom_join_url == OWN["zoom_join_url"]


def test_the_choice_reads_in_spanish(app, client, make_user, sync, register, fake_zoom):
    event_id, _zoom_id, _personal = _managed(app, client, make_user, sync, register)
    page = client.get(f"/manage/events/{event_id}/edit?lang=es").get_data(as_text=True)
    assert "Usar en su lugar mi propio enlace de Zoom" in page
    assert "se elimina en Zoom lo que creó Roundtable (reunión)" in page


def test_a_meeting_replaced_while_zoom_created_it_is_deleted(app, client, make_user, sync,
                                                             fake_zoom, monkeypatch):
    from sqlalchemy import update

    from roundtable.zoom.client import ZoomClient

    sign_in(client, make_user)
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting",
                         "zoom-host_email": HOST_EMAIL}, **BLANK)
    assert client.post("/manage/events/new", data=data).status_code == 302
    create = ZoomClient.create_meeting

    def create_then_switch(self, *args, **kwargs):  # the organizer saves meanwhile
        answer = create(self, *args, **kwargs)
        db.session.execute(update(ZoomMeeting).values(state="replaced"))
        db.session.execute(update(Event).values(zoom_join_url=OWN["zoom_join_url"]))
        return answer

    monkeypatch.setattr(ZoomClient, "create_meeting", create_then_switch)
    while sync().claimed:
        pass
    assert not fake_zoom.meetings and len(fake_zoom.calls("DELETE", "/meetings/")) == 1
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.zoom_meeting.state == "deleted" and event.zoom_meeting.zoom_id
        assert event.zoom_join_url == OWN["zoom_join_url"]


def test_a_switch_saved_while_the_worker_adopts_the_meeting_is_kept(
        app, client, make_user, sync, fake_zoom, monkeypatch):
    """The organizer saves their own link just after the worker has seen the new meeting
    still wanted, and before it stores Zoom's link: the worker holds the event's lock from
    that look until its commit, so the organizer's save waits and comes last."""
    import threading

    from roundtable.zoom import meetings

    sign_in(client, make_user)
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting",
                         "zoom-host_email": HOST_EMAIL}, **BLANK)
    assert client.post("/manage/events/new", data=data).status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    adopt, answers = meetings._adopt, []

    def save_meanwhile():
        answers.append(client.post(f"/manage/events/{event_id}/edit",
                                   data=event_form(**OWN)).status_code)

    def adopt_while_the_organizer_saves(*args):
        organizer = threading.Thread(target=save_meanwhile)
        organizer.start()
        organizer.join(timeout=1.5)  # with the lock held, the save waits for the commit
        adopt(*args)
        meetings._saving = organizer

    monkeypatch.setattr(meetings, "_adopt", adopt_while_the_organizer_saves)
    sync()
    meetings._saving.join(timeout=30)
    del meetings._saving
    assert answers == [302]
    monkeypatch.setattr(meetings, "_adopt", adopt)
    while sync().claimed:
        pass
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.zoom_join_url == OWN["zoom_join_url"]
        assert event.zoom_meeting.state == "deleted"
    assert not fake_zoom.meetings and len(fake_zoom.calls("DELETE", "/meetings/")) == 1
