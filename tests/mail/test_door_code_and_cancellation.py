"""The door QR code travels inline with confirmations; a cancelled event's email says only that."""

import pytest

from roundtable.registration.checkin import registration_id_from_code
from tests.mail.conftest import all_text

TITLE = "3rd Annual U.S.–Mexico Defense & Security Roundtable"


@pytest.fixture
def event_id(make_event, make_user):
    owner = make_user(email="owner@example.org")
    return make_event(slug="rt", title=TITLE, capacity_in_person=1, capacity_online=5,
                      venue_name="Student Union Memorial Center", organizer_ids=[owner])


def _html_and_image(message):
    related = next(p for p in message.walk() if p.get_content_type() == "multipart/related")
    html, image = related.iter_parts()
    return html, image


def test_confirmed_in_person_registrant_gets_the_qr_code_inline(
        app, smtp, deliver, event_id, register_via_form):
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org",
                      mode="in_person")
    deliver()
    [message] = smtp.messages()
    html, image = _html_and_image(message)
    assert html.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    assert image.get_content_disposition() == "inline"
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content()
    assert image.get_content().startswith(b"\x89PNG")
    # The manage link is the fallback, in both parts.
    text = message.get_body(("plain",)).get_content()
    assert "/registrations/" in text and "QR code" in text
    assert "Open your registration page" in html.get_content()


@pytest.fixture
def outbox_rows(app):
    from sqlalchemy import select

    from roundtable.extensions import db
    from roundtable.mail.models import OutboxMessage

    def fetch():
        with app.app_context():
            return [(m.kind, m.door_code_url) for m in
                    db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]

    return fetch


def test_the_outbox_carries_the_scan_link_only_for_the_room(
        app, event_id, register_via_form, registrations, outbox_rows, client, token_of):
    register_via_form("rt", name="Sala Uno", email="room@example.org", mode="in_person")
    register_via_form("rt", name="Sala Dos", email="wait@example.org", mode="in_person")
    register_via_form("rt", name="Zoom Tres", email="zoom@example.org", mode="online")
    first, waiting, online = registrations()
    client.post(f"/registrations/{token_of(first['id'])}/cancel")
    rows = outbox_rows()
    kinds = [kind for kind, _ in rows]
    assert kinds == ["registration_confirmed", "registration_waitlisted",
                     "registration_confirmed", "registration_cancelled",
                     "registration_promoted"]
    with_code = [(kind, url) for kind, url in rows if url]
    assert [kind for kind, _ in with_code] == ["registration_confirmed", "registration_promoted"]
    with app.app_context():
        ids = [registration_id_from_code(url.rsplit("/", 1)[1]) for _, url in with_code]
    assert ids == [first["id"], waiting["id"]]
    assert all(url.startswith(app.config["SITE_URL"] + "/checkin/scan/") for _, url in with_code)


def test_online_and_waitlisted_get_no_image(smtp, deliver, event_id, register_via_form):
    register_via_form("rt", name="Sala Uno", email="room@example.org", mode="in_person")
    register_via_form("rt", name="Sala Dos", email="wait@example.org", mode="in_person")
    register_via_form("rt", name="Zoom Tres", email="zoom@example.org", mode="online")
    deliver()
    images = {m["To"].addresses[0].addr_spec: [p for p in m.walk()
                                               if p.get_content_maintype() == "image"]
              for m in smtp.messages()}
    assert {who: len(parts) for who, parts in images.items()} == {
        "room@example.org": 1, "wait@example.org": 0, "zoom@example.org": 0}


def test_cancellation_email_says_cancelled_and_offers_no_changes(
        client, smtp, deliver, event_id, register_via_form, auth):
    register_via_form("rt", name="Sala Uno", email="room@example.org", mode="in_person")
    deliver()
    smtp.received.clear()
    auth.login("owner@example.org")
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Señor, the storm."})
    deliver()
    [message] = smtp.messages()
    text = all_text(message)
    assert "cancelled" in text and "Señor, the storm." in text
    for stale in ("Your registration:", "change or cancel", "In person, confirmed", "Where:"):
        assert stale not in text
    assert not [p for p in message.walk() if p.get_content_maintype() == "image"]
