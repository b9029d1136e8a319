"""What registrants receive: headers, parts, the iMIP invitation, and who sees the Zoom link."""

import icalendar
import pytest

from roundtable.extensions import db
from roundtable.mail.compose import build_email
from roundtable.mail.models import OutboxMessage
from tests.mail.conftest import ZOOM_SECRETS, all_text, calendar_part, parse_calendar

TITLE = "3rd Annual U.S.–Mexico Defense & Security Roundtable"


@pytest.fixture
def event_id(make_event, make_user):
    owner = make_user(email="owner@example.org")
    return make_event(slug="rt", title=TITLE, capacity_online=1, capacity_in_person=5,
                      venue_name="Student Union Memorial Center", organizer_ids=[owner])


def _by_recipient(smtp):
    out = {}
    for message in smtp.messages():
        out.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
    return out


def _feed_uid(client, token):
    feed = icalendar.Calendar.from_ical(
        client.get(f"/registrations/{token}/calendar.ics").get_data())
    [vevent] = feed.walk("VEVENT")
    return str(vevent["UID"]), int(vevent["SEQUENCE"])


def test_confirmation_headers_parts_and_invitation(
        client, smtp, deliver, event_id, register_via_form, registrations, token_of):
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org",
                      mode="online")
    deliver()
    [(_, _, raw)] = smtp.received
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii(), "headers must be 7-bit, names as RFC 2047 encoded words"
    assert b"=?utf-8?" in head.lower()
    [message] = smtp.messages()
    to = message["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("Raúl Benítez Manaut", "raul@example.org")
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Roundtable Tucson",
                                                       "events@roundtable.test")
    assert message["Subject"] == f"You are registered: {TITLE}"
    assert message["Message-ID"].endswith("@roundtable.test>")
    assert message["Auto-Submitted"] == "auto-generated"

    # multipart/mixed [ multipart/alternative [plain, html, calendar], invite.ics ]
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain", "text/html", "text/calendar"]
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"

    part = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    cal = parse_calendar(part)
    assert str(cal["METHOD"]) == part.get_param("method")
    [vevent] = cal.walk("VEVENT")
    token = token_of(registrations()[0]["id"])
    uid, sequence = _feed_uid(client, token)
    assert str(vevent["UID"]) == uid and int(vevent["SEQUENCE"]) == sequence
    assert str(vevent["ORGANIZER"]) == "mailto:events@roundtable.test"
    assert str(vevent["ATTENDEE"]) == "mailto:raul@example.org"
    assert vevent["ATTENDEE"].params["CN"] == "Raúl Benítez Manaut"
    assert "zoom.us/j/99911122233" in str(vevent["CONFERENCE"])
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]["UID"] == uid

    text = message.get_body(("plain",)).get_content()
    assert "Hello Raúl Benítez Manaut" in text and TITLE in text
    assert f"http://roundtable.test/registrations/{token}" in text
    assert "Arizona time (MST)" in text and "America/Phoenix" not in text
    assert "Join on Zoom: https://zoom.us/j/99911122233" in text
    html = message.get_body(("html",)).get_content()
    assert "Raúl Benítez Manaut" in html and token in html


def test_no_zoom_link_to_in_person_waitlisted_or_cancelled(
        client, smtp, deliver, event_id, register_via_form, registrations, token_of, auth):
    register_via_form("rt", name="Online Uno", email="online@example.org", mode="online")
    register_via_form("rt", name="Waitlisted Dos", email="wait@example.org", mode="online")
    register_via_form("rt", name="Sala Tres", email="room@example.org", mode="in_person")
    register_via_form("rt", name="Cancela Cuatro", email="gone@example.org",
                      mode="in_person")
    gone = next(r for r in registrations() if r["email"] == "gone@example.org")
    client.post(f"/registrations/{token_of(gone['id'])}/cancel")
    auth.login("owner@example.org")
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Señor, the storm."})
    deliver()
    mail = _by_recipient(smtp)
    kinds = {who: [m["Subject"].split(":")[0] for m in msgs] for who, msgs in mail.items()}
    assert kinds == {
        "online@example.org": ["You are registered", "Event cancelled"],
        "wait@example.org": ["You are on the waitlist", "Event cancelled"],
        "room@example.org": ["You are registered", "Event cancelled"],
        "gone@example.org": ["You are registered", "Registration cancelled"],
    }
    confirmation = all_text(mail["online@example.org"][0])
    assert all(secret in confirmation for secret in ZOOM_SECRETS)
    leaks = [
        (who, m["Subject"]) for who, msgs in mail.items() for m in msgs
        if any(secret in all_text(m) for secret in ZOOM_SECRETS)
        and not (who == "online@example.org" and m["Subject"].startswith("You are"))
    ]
    assert leaks == []
    # The waitlist got no invitation; cancellations carry METHOD:CANCEL.
    assert calendar_part(mail["wait@example.org"][0]) is None
    for who in ("gone@example.org",):
        part = calendar_part(mail[who][1])
        assert part.get_param("method") == "CANCEL"
        assert str(parse_calendar(part)["METHOD"]) == "CANCEL"
        assert str(parse_calendar(part).walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    room = all_text(mail["room@example.org"][0])
    assert "Student Union Memorial Center" in room


def test_event_cancelled_reaches_every_live_registrant_with_cancel(
        client, smtp, deliver, event_id, register_via_form, auth, registrations, token_of):
    register_via_form("rt", name="Online Uno", email="online@example.org", mode="online")
    register_via_form("rt", name="Waitlisted Dos", email="wait@example.org", mode="online")
    register_via_form("rt", name="Sala Tres", email="room@example.org", mode="in_person")
    online = next(r for r in registrations() if r["email"] == "online@example.org")
    uid, _ = _feed_uid(client, token_of(online["id"]))
    deliver()
    first = {m["To"].addresses[0].addr_spec: m for m in smtp.messages()}
    first_sequence = int(parse_calendar(calendar_part(first["online@example.org"]))
                         .walk("VEVENT")[0]["SEQUENCE"])
    auth.login("owner@example.org")
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Señor, the storm."})
    smtp.received.clear()
    deliver()
    mail = {m["To"].addresses[0].addr_spec: m for m in smtp.messages()}
    assert set(mail) == {"online@example.org", "wait@example.org", "room@example.org"}
    for message in mail.values():
        assert message["Subject"] == f"Event cancelled: {TITLE}"
        text = message.get_body(("plain",)).get_content()
        assert "Señor, the storm." in text and "CANCELLED" in text
        part = calendar_part(message)
        assert part.get_param("method") == "CANCEL"
        vevent = parse_calendar(part).walk("VEVENT")[0]
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert "CONFERENCE" not in vevent
    vevent = parse_calendar(calendar_part(mail["online@example.org"])).walk("VEVENT")[0]
    assert str(vevent["UID"]) == uid and int(vevent["SEQUENCE"]) > first_sequence


def test_promotion_carries_an_invitation_and_the_link(
        client, smtp, deliver, event_id, register_via_form, registrations, token_of):
    register_via_form("rt", name="Online Uno", email="online@example.org", mode="online")
    register_via_form("rt", name="Waitlisted Dos", email="wait@example.org", mode="online")
    first = next(r for r in registrations() if r["email"] == "online@example.org")
    client.post(f"/registrations/{token_of(first['id'])}/cancel")
    deliver()
    promoted = [m for m in smtp.messages() if m["Subject"].startswith("A seat opened up")]
    [message] = promoted
    assert message["To"].addresses[0].addr_spec == "wait@example.org"
    part = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert "zoom.us/j/99911122233" in all_text(message)


def test_mode_change_sends_an_updated_invitation(
        client, smtp, deliver, event_id, register_via_form, registrations, token_of):
    register_via_form("rt", name="Sala Tres", email="room@example.org", mode="in_person")
    token = token_of(registrations()[0]["id"])
    client.post(f"/registrations/{token}/mode", data={"mode": "online"})
    deliver()
    changed = smtp.messages()[-1]
    assert changed["Subject"].startswith("Your registration changed")
    assert calendar_part(changed).get_param("method") == "REQUEST"
    assert "zoom.us/j/99911122233" in all_text(changed)


def test_header_injection_in_names_and_subjects_is_neutralised(app):
    with app.app_context():
        message = OutboxMessage(
            id=7, kind="test", recipient="victim@example.org",
            recipient_name="Eve\r\nBcc: all@example.org", subject="Hi\r\nBcc: all@example.org",
            body_text="Body", created_at=None,
        )
        built = build_email(message, sender=app.config["MAIL_DEFAULT_SENDER"])
    raw = built.as_bytes()
    assert b"\r\nBcc:" not in raw
    assert built["Subject"] == "Hi Bcc: all@example.org"
    assert [a.addr_spec for a in built["To"].addresses] == ["victim@example.org"]


def test_reinstating_a_cancelled_event_sends_new_invitations(app, client, make_user, make_event,
                                                            register_via_form):
    from tests.managing import sign_in

    organizer = sign_in(client, make_user)
    event_id = make_event(slug="back", organizer_ids=[organizer])
    register_via_form("back", email="raul@example.org")
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Storm warning."})
    client.post(f"/manage/events/{event_id}/publish")
    with app.app_context():
        last = db.session.scalars(
            db.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        assert last.recipient == "raul@example.org"
        assert last.ics_method == "REQUEST" and "withdrawn the cancellation" in last.body_text
