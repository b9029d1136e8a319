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


def test_public_pages_stay_cacheable_for_visitors(client, event_id, app, auth):
    from roundtable.events.models import Event

    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    auth.logout()
    assert client.get(f"/events/{slug}").headers.get("Cache-Control") != "no-store"
    assert client.get("/calendar.ics").headers["Cache-Control"].startswith("public")


def test_any_page_for_a_signed_in_user_is_no_store(client, event_id, app):
    """Not a list of paths: whatever depends on who is signed in is never kept."""
    from roundtable.events.models import Event, EventSeries

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.series = EventSeries(name="Roundtable", slug="roundtable")
        db.session.commit()
        slug = event.slug
    for page in (f"/events/{slug}", "/series/roundtable", "/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert response.headers["Cache-Control"] == "no-store", page
    # Public feeds carry nothing of the session, whoever asks.
    assert client.get("/calendar.ics").headers["Cache-Control"].startswith("public")


def test_a_secret_in_the_url_makes_the_response_no_store(client, event_id, app, auth):
    from roundtable.registration.checkin import checkin_code
    from roundtable.registration.models import Registration

    with app.test_request_context():
        registration = db.session.scalar(db.select(Registration))
        code = checkin_code(registration)
    scan = client.get(f"/checkin/scan/{code}")
    assert scan.headers["Cache-Control"] == "no-store"
    auth.logout()
    for path in (f"/checkin/scan/{code}", "/registrations/not-a-real-token",
                 "/account/reset/not-a-real-token"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
