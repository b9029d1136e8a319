"""Organizer pages that show the Zoom passcode or attendee data are never cached."""

import pytest

from roundtable.extensions import db


@pytest.fixture
def event_id(make_user, make_event, auth, app):
    from roundtable.registration.models import Registration

    user_id = make_user(email="organizer@example.org")
    auth.login()
    event_id = make_event(organizer_ids=[user_id])
    with app.app_context():
        db.session.add(Registration(event_id=event_id, name="Raúl Benítez Manaut",
                                    email="raul@example.org", mode="in_person",
                                    status="confirmed", token_nonce="n1",
                                    manage_token_hash="h1"))
        db.session.commit()
    return event_id


PAGES = [
    "/manage/events/{id}",                     # overview: Zoom link and passcode
    "/manage/events/{id}/edit",                # edit form: passcode prefilled
    "/manage/events/{id}/registrations",       # attendee names and emails
    "/manage/events/{id}/registrations.csv",   # exports
    "/manage/events/{id}/registrations.xlsx",
    "/manage/events/{id}/checkin",             # the door list
    "/manage/events/{id}/message",             # compose
    "/manage/events/{id}/walk-in",
    "/manage/",
]


@pytest.mark.parametrize("page", PAGES)
def test_private_organizer_pages_send_no_store(client, event_id, page):
    response = client.get(page.format(id=event_id))
    assert response.status_code == 200, page
    assert response.headers["Cache-Control"] == "no-store", page


def test_the_overview_really_holds_the_passcode(client, event_id):
    # What makes no-store matter: this page carries the secret.
    page = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert "s3cretpass" in page


def test_public_pages_stay_cacheable(client, event_id, app):
    from roundtable.events.models import Event

    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    assert client.get(f"/events/{slug}").headers.get("Cache-Control") != "no-store"
    assert client.get("/calendar.ics").headers["Cache-Control"].startswith("public")
