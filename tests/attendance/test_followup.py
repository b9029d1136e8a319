"""Follow-up messages: thanks to those who came, the recording to no-shows, through the outbox."""

import re

from sqlalchemy import select

from roundtable.attendance import followup
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage, SentMessage
from tests.attendance.conftest import upload, zoom_file


def _outbox(app):
    with app.app_context():
        return [(m.recipient, m.subject, m.body_text) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "organizer_message")
            .order_by(OutboxMessage.recipient))]


def test_thank_you_draft_goes_to_those_who_came(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(True)
    assert f"/manage/events/{event_id}/message?draft=thanks" in page
    compose = client.get(f"/manage/events/{event_id}/message?draft=thanks").get_data(True)
    assert re.search(r'<input[^>]* checked [^>]*value="attended"', compose)
    assert "Thank you for coming: 3rd Annual Roundtable" in compose
    preview = client.post(f"/manage/events/{event_id}/message", data={
        "audience": "attended", "subject": "Thank you for coming", "action": "preview",
        "body": "Thank you for joining us."}).get_data(True)
    assert "Preview for" in preview and _outbox(app) == []
    client.post(f"/manage/events/{event_id}/message", data={
        "audience": "attended", "subject": "Thank you for coming", "action": "send",
        "body": "Thank you for joining us."})
    sent = _outbox(app)
    # In the room: Arturo (checked in). On Zoom: Raúl (by email) and María José (by name).
    assert [to for to, _, _ in sent] == ["arturo@example.org", "mjortiz@example.mx",
                                         "raul.benitez@unam.mx"]
    assert "Hello María José Ortiz," in sent[1][2]
    with app.app_context():
        assert db.session.scalar(select(SentMessage.audience)) == "attended"


def test_sorry_we_missed_you_goes_to_confirmed_no_shows(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    compose = client.get(f"/manage/events/{event_id}/message?draft=no_show").get_data(True)
    assert re.search(r'<input[^>]* checked [^>]*value="no_show"', compose)
    assert "We will send you the link to the recording" in compose
    client.post(f"/manage/events/{event_id}/message", data={
        "audience": "no_show", "subject": "Sorry we missed you", "action": "send",
        "body": "We are sorry we missed you."})
    assert [to for to, _, _ in _outbox(app)] == ["lupe@example.edu", "sergio@example.org"]


def test_no_show_draft_carries_the_recording_once_the_event_has_one(app, client, roundtable):
    event_id = roundtable["event_id"]
    client.post(f"/manage/events/{event_id}/after/recording", data={
        "recording-url": "https://example.org/rec", "recording-passcode": "Río2024"})
    compose = client.get(f"/manage/events/{event_id}/message?draft=no_show").get_data(True)
    assert "https://example.org/rec" in compose and "Río2024" in compose
    assert "We will send you the link to the recording" not in compose
    with app.app_context():
        from roundtable.events.models import Event

        found = followup.recording(db.session.get(Event, event_id))
    assert found == ("https://example.org/rec", "Río2024")


def test_follow_up_audiences_are_not_offered_before_the_event(client, make_user, make_event):
    from tests.managing import sign_in

    user_id = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user_id])
    compose = client.get(f"/manage/events/{event_id}/message?draft=thanks").get_data(True)
    assert 'value="attended"' not in compose and "Thank you for coming" not in compose
    response = client.post(f"/manage/events/{event_id}/message", data={
        "audience": "attended", "subject": "Hi", "body": "Hi", "action": "send"})
    assert response.status_code == 200
    with client.application.app_context():
        assert db.session.scalar(select(OutboxMessage.id)) is None


def test_before_the_zoom_report_no_online_registrant_is_told_they_were_missed(app, roundtable):
    from roundtable.events.models import Event

    with app.app_context():
        missed = followup.no_shows(db.session.get(Event, roundtable["event_id"]))
        assert [r.email for r in missed] == ["sergio@example.org"]
