"""Helpers for tests of the organizer pages."""

from roundtable.extensions import db

# The model case, as an organizer types it into the event form.
EVENT_FORM = {
    "title": "3rd Annual U.S.–Mexico Defense & Security Roundtable",
    "slug": "",
    "series_id": "0",
    "new_series_name": "U.S.–Mexico Defense & Security Roundtable",
    "edition": "3",
    "summary": "Defense and security cooperation, in Tucson and on Zoom.",
    "description": "The roundtable brings together both sides of the border.",
    "format": "hybrid",
    "timezone": "America/Phoenix",
    "starts_at": "2030-11-21T16:00",
    "ends_at": "2030-11-21T17:30",
    "venue_name": "University of Arizona",
    "venue_address": "1303 E University Blvd, Tucson, AZ 85719",
    "venue_room": "Student Union Memorial Center",
    "zoom_join_url": "https://arizona.zoom.us/j/85512345678?pwd=abc",
    "zoom_meeting_id": "855 1234 5678",
    "zoom_passcode": "frontera",
    "capacity_in_person": "120",
    "capacity_online": "",
    "registration_opens_at": "",
    "registration_closes_at": "2030-11-21T12:00",
}


def event_form(**overrides) -> dict:
    """Return event form data with some fields changed."""
    return {**EVENT_FORM, **overrides}


def sign_in(client, make_user, email=None, **user) -> int:
    """Create an organizer, sign them in with ``client``, and return their id."""
    import uuid

    from tests.conftest import PASSWORD

    email = email or f"organizer-{uuid.uuid4().hex[:8]}@example.org"
    user_id = make_user(email=email, **user)
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return user_id


def get(model, ident):
    """Load a row by id in a fresh session."""
    db.session.expire_all()
    return db.session.get(model, ident)


def field_error(html: str, field_id: str) -> str:
    """Return the error text shown under a form field, or '' when none."""
    import re

    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    return match.group(1) if match else ""
