"""Recording and materials: private to registrants unless marked public; http(s) links only."""

import logging

import pytest

from roundtable.extensions import db
from tests.calendar.conftest import unfold
from tests.managing import field_error

REC_URL = "https://arizona.zoom.us/rec/share/Xy7-secret-recording"
PASSCODE = "T!ucs0n#24"


def _save_recording(client, event_id, url=REC_URL, passcode=PASSCODE, public=False):
    data = {"recording-url": url, "recording-passcode": passcode}
    if public:
        data["recording-is_public"] = "y"
    return client.post(f"/manage/events/{event_id}/after/recording", data=data)


def _add_material(client, event_id, title, url, public=False):
    data = {"material-title": title, "material-url": url}
    if public:
        data["material-is_public"] = "y"
    return client.post(f"/manage/events/{event_id}/after/materials", data=data)


def _stored(app, event_id):
    from roundtable.recap.models import EventMaterial, EventRecording

    with app.app_context():
        db.session.expire_all()
        recording = db.session.get(EventRecording, event_id)
        materials = db.session.scalars(db.select(EventMaterial.title)).all()
        return recording, materials


def _public_outputs(app, client, slug):
    """Every public page and feed that shows this event."""
    from roundtable.events.models import Event

    with app.app_context():
        series = db.session.scalar(db.select(Event).where(Event.slug == slug)).series.slug
    urls = ["/", f"/events/{slug}", f"/series/{series}", f"/events/{slug}.ics",
            f"/events/{slug}/agenda.ics", "/calendar.ics", f"/series/{series}/calendar.ics"]
    anonymous = app.test_client()
    return {url: unfold(anonymous.get(url).data) for url in urls}


def test_private_recording_reaches_registrants_only(app, client, event_id, slug, registrant,
                                                    caplog):
    confirmed = registrant()
    in_person = registrant(mode="in_person", email="raul@example.org")
    cancelled = registrant(status="cancelled", email="gone@example.org")
    caplog.set_level(logging.DEBUG)
    assert _save_recording(client, event_id).status_code == 302

    for url, body in _public_outputs(app, client, slug).items():
        assert REC_URL not in body and PASSCODE not in body, url
    for token in (confirmed, in_person):
        html = client.get(f"/registrations/{token}").get_data(as_text=True)
        assert REC_URL in html and "T!ucs0n#24" in html
        assert "please do not share" in html
    html = client.get(f"/registrations/{cancelled}").get_data(as_text=True)
    assert REC_URL not in html and PASSCODE not in html
    assert REC_URL not in caplog.text and PASSCODE not in caplog.text


def test_recording_marked_public_shows_on_the_event_page_only_not_in_feeds(
        app, client, event_id, slug):
    _save_recording(client, event_id, public=True)
    outputs = _public_outputs(app, client, slug)
    assert REC_URL in outputs[f"/events/{slug}"]
    for url, body in outputs.items():
        if url.endswith(".ics"):
            assert REC_URL not in body, url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "ftp://example.org/rec.mp4", "zoom.us/rec/share/abc",
    "https:///no-host", "https://exa mple.org/x", "data:text/html,hi",
])
def test_bad_recording_links_are_refused_and_nothing_changes(app, client, event_id, url):
    _save_recording(client, event_id)
    html = _save_recording(client, event_id, url=url, passcode="new").get_data(as_text=True)
    assert "starting with https:// or http://" in field_error(html, "recording-url")
    recording, _ = _stored(app, event_id)
    assert recording.url == REC_URL and recording.passcode == PASSCODE


def test_blank_link_removes_the_recording(app, client, event_id):
    _save_recording(client, event_id)
    _save_recording(client, event_id, url="", passcode="")
    assert _stored(app, event_id)[0] is None


def test_recording_for_gives_the_link_for_follow_up_messages(app, client, event_id):
    from roundtable.events.models import Event
    from roundtable.recap.models import EventRecording
    from roundtable.recap.services import RecordingLink, recording_for

    with app.app_context():
        assert recording_for(db.session.get(Event, event_id)) is None
    _save_recording(client, event_id)
    with app.app_context():
        link = recording_for(db.session.get(Event, event_id))
        assert link == RecordingLink(REC_URL, PASSCODE, False)
        assert REC_URL not in repr(db.session.get(EventRecording, event_id))


def test_materials_public_and_registrants_only(app, client, event_id, slug, registrant):
    token = registrant()
    _add_material(client, event_id, "Slides: Benítez Manaut", "https://example.org/slides.pdf",
                  public=True)
    _add_material(client, event_id, "Working paper (draft)", "http://example.org/paper.pdf")
    page = app.test_client().get(f"/events/{slug}").get_data(as_text=True)
    assert "Slides: Benítez Manaut" in page and "https://example.org/slides.pdf" in page
    assert "Working paper" not in page and "paper.pdf" not in page
    mine = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "Slides: Benítez Manaut" in mine and "http://example.org/paper.pdf" in mine
    manage = client.get(f"/manage/events/{event_id}/after").get_data(as_text=True)
    assert "Registrants only" in manage and "Public" in manage


def test_bad_material_is_refused_with_a_message(app, client, event_id):
    html = _add_material(client, event_id, "Slides", "javascript:alert(1)").get_data(as_text=True)
    assert "https://" in field_error(html, "material-url")
    html = _add_material(client, event_id, "", "https://example.org/a").get_data(as_text=True)
    assert field_error(html, "material-title")
    assert _stored(app, event_id)[1] == []


def test_removing_a_material_and_other_events_materials_are_out_of_reach(
        app, client, event_id, make_event, organizer):
    from roundtable.recap.models import EventMaterial

    _add_material(client, event_id, "Slides", "https://example.org/s.pdf")
    other = make_event(organizer_ids=[organizer])
    _add_material(client, other, "Other slides", "https://example.org/o.pdf")
    with app.app_context():
        ids = dict(db.session.execute(db.select(EventMaterial.title, EventMaterial.id)).all())
    wrong = client.post(f"/manage/events/{event_id}/after/materials/{ids['Other slides']}/remove")
    assert wrong.status_code == 404
    client.post(f"/manage/events/{event_id}/after/materials/{ids['Slides']}/remove")
    assert _stored(app, event_id)[1] == ["Other slides"]


def test_another_organizer_cannot_see_the_recording(app, client, event_id, make_user):
    from tests.managing import sign_in

    _save_recording(client, event_id)
    client.post("/logout")
    sign_in(client, make_user)
    response = client.get(f"/manage/events/{event_id}/after")
    assert response.status_code == 404 and REC_URL not in response.get_data(as_text=True)
