"""The meeting from the event form: created, updated, deleted on cancelling; start URL secrecy."""

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.zoom.models import ZoomMeeting
from tests.managing import event_form, sign_in
from tests.zoomfake import HOST_EMAIL


def _created(app, client, sync, fake_zoom, **extra):
    data = event_form(**{"zoom-setup": "create", "zoom-kind": "meeting",
                         "zoom-host_email": HOST_EMAIL, "zoom_join_url": "",
                         "zoom_meeting_id": "", "zoom_passcode": ""}, **extra)
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    while sync().claimed:
        pass
    with app.app_context():
        event = db.session.scalar(select(Event))
        meeting = db.session.scalar(select(ZoomMeeting))
        return event.id, meeting.zoom_id, event.zoom_join_url, meeting.start_url


def test_create_it_on_zoom_from_the_event_form(app, client, make_user, sync, fake_zoom):
    sign_in(client, make_user)
    event_id, zoom_id, join_url, start_url = _created(app, client, sync, fake_zoom)
    meeting = fake_zoom.meetings[zoom_id]
    assert meeting["topic"].startswith("3rd Annual U.S.–Mexico")
    assert meeting["start_time"] == "2030-11-21T23:00:00Z" and meeting["duration"] == 90
    assert meeting["timezone"] == "America/Phoenix"
    assert join_url == meeting["join_url"]
    page = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert start_url in page.replace("&amp;", "&")
    # Editing the title and time updates the meeting on Zoom.
    edit = event_form(title="4th Annual Roundtable", starts_at="2030-11-21T15:00",
                      **{"zoom_join_url": "", "zoom_meeting_id": "", "zoom_passcode": ""})
    assert client.post(f"/manage/events/{event_id}/edit", data=edit).status_code == 302
    sync()
    assert meeting["topic"] == "4th Annual Roundtable"
    assert meeting["start_time"] == "2030-11-21T22:00:00Z" and meeting["duration"] == 150
    with app.app_context():  # the form did not wipe what Zoom gave
        assert db.session.get(Event, event_id).zoom_join_url == join_url


def test_the_start_url_is_for_organizers_only(app, client, make_user, sync, fake_zoom):
    sign_in(client, make_user)
    event_id, _zoom_id, _join, start_url = _created(app, client, sync, fake_zoom)
    client.post(f"/manage/events/{event_id}/publish")
    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    client.post("/logout")
    assert start_url not in client.get(f"/events/{slug}").get_data(as_text=True)
    sign_in(client, make_user)  # another organizer
    assert client.get(f"/manage/events/{event_id}").status_code == 404


def test_cancelling_may_delete_the_meeting(app, client, make_user, sync, fake_zoom):
    sign_in(client, make_user)
    event_id, zoom_id, _join, _start = _created(app, client, sync, fake_zoom)
    page = client.get(f"/manage/events/{event_id}/cancel").get_data(as_text=True)
    assert "Also delete the meeting on Zoom" in page
    client.post(f"/manage/events/{event_id}/cancel",
                data={"reason": "Campus closed", "zoom-delete": "y"})
    sync()
    assert zoom_id not in fake_zoom.meetings
    with app.app_context():
        assert db.session.scalar(select(ZoomMeeting)).state == "deleted"


def test_an_in_person_event_cannot_have_a_zoom_meeting(app, client, make_user, sync):
    sign_in(client, make_user)
    data = event_form(format="in_person", **{"zoom-setup": "create", "zoom-kind": "meeting",
                                             "zoom_join_url": "", "zoom_meeting_id": "",
                                             "zoom_passcode": ""})
    page = client.post("/manage/events/new", data=data).get_data(as_text=True)
    assert "An in-person event has no Zoom meeting" in page
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_without_credentials_the_form_is_as_before(app, client, make_user):
    app.config["ZOOM_ACCOUNT_ID"] = ""
    sign_in(client, make_user)
    page = client.get("/manage/events/new").get_data(as_text=True)
    assert "Create it on Zoom" not in page and "zoom_join_url" in page
