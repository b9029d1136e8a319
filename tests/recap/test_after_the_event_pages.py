"""After an event its pages show the record (summary, recording, materials), not how to come."""

from datetime import timedelta

from roundtable.extensions import db


def _publish_recap(app, event_id):
    from roundtable.recap.models import EventMaterial, EventRecording, EventSummary

    with app.app_context():
        db.session.add(EventSummary(event_id=event_id, body="We spoke of **the border**."))
        db.session.add(EventRecording(event_id=event_id, url="https://example.org/rec",
                                      is_public=True))
        db.session.add(EventMaterial(event_id=event_id, title="Slides",
                                     url="https://example.org/slides", is_public=True))
        db.session.commit()


def test_a_past_event_page_leads_with_the_record(app, client, slug, event_id):
    _publish_recap(app, event_id)
    client.get("/logout")
    html = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "How to attend" not in html and "Add to calendar" not in html
    assert "Download .ics" not in html
    assert 'id="summary"' in html and "<strong>the border</strong>" in html
    assert "https://example.org/rec" in html and "Slides" in html
    # The record comes before the agenda.
    assert html.index('id="summary"') < html.index('id="agenda-h"')


def test_a_past_event_without_a_record_says_so(client, slug):
    html = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "How to attend" not in html and "Add to calendar" not in html
    assert "have not shared a summary, recording or materials yet" in html


def test_an_upcoming_event_keeps_how_to_attend(client, make_event, organizer):
    make_event(organizer_ids=[organizer], slug="soon", starts_in=timedelta(days=3))
    html = client.get("/events/soon").get_data(as_text=True)
    assert "How to attend" in html and "Add to calendar" in html


def test_the_cached_body_changes_when_the_event_ends(app, client, make_event, organizer):
    from roundtable.events.models import Event

    event_id = make_event(organizer_ids=[organizer], slug="ending", starts_in=timedelta(days=1))
    client.get("/logout")
    assert "Add to calendar" in client.get("/events/ending").get_data(as_text=True)
    with app.app_context():  # the same content version, but now it is over
        event = db.session.get(Event, event_id)
        event.starts_at -= timedelta(days=3)
        event.ends_at -= timedelta(days=3)
        db.session.commit()
    assert "Add to calendar" not in client.get("/events/ending").get_data(as_text=True)


def test_a_past_registration_page_has_no_door_code(app, client, registrant, event_id):
    _publish_recap(app, event_id)
    token = registrant(mode="in_person")
    html = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "At the door" not in html and "Check-in code" not in html
    assert "In your calendar" not in html
    assert "After the event" in html and "Read the summary" in html
    assert "https://example.org/rec" in html


def test_an_upcoming_registration_page_keeps_the_door_code(app, client, make_event, organizer):
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    event_id = make_event(organizer_ids=[organizer], starts_in=timedelta(days=3))
    with app.app_context():
        registration = Registration(event_id=event_id, name="Raúl Benítez Manaut",
                                    email="raul@example.org", mode="in_person",
                                    status="confirmed")
        db.session.add(registration)
        token = issue_token(registration)
        db.session.commit()
    html = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "At the door" in html and "After the event" not in html
