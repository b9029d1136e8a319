"""Event changes, reminders and organizers' messages, as registrants receive them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail.notices import queue_reminders
from tests.conftest import csrf_token_from
from tests.mail.conftest import ZOOM_SECRETS, all_text, calendar_part, parse_calendar
from tests.managing import event_form, field_error, sign_in


def _sequence(message) -> int:
    return int(parse_calendar(calendar_part(message)).walk("VEVENT")[0]["SEQUENCE"])


def _uid(message) -> str:
    return str(parse_calendar(calendar_part(message)).walk("VEVENT")[0]["UID"])


def _latest_by_recipient(smtp):
    return {m["To"].addresses[0].addr_spec: m for m in smtp.messages()}


@pytest.fixture
def organized(app, client, make_user, register_via_form):
    """An event built through the organizer's form, published, with two registrants."""
    sign_in(client, make_user)
    assert client.post("/manage/events/new", data=event_form()).status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        event_id, slug = event.id, event.slug
    assert client.post(f"/manage/events/{event_id}/publish").status_code == 302
    register_via_form(slug, name="Raúl Benítez Manaut", email="room@example.org",
                      mode="in_person")
    register_via_form(slug, name="Guadalupe Correa-Cabrera", email="online@example.org",
                      mode="online")
    return event_id


def _edit(client, event_id, **changes):
    response = client.post(f"/manage/events/{event_id}/edit",
                           data=event_form(series_id="0", new_series_name="", **changes))
    assert response.status_code == 302, response.get_data(as_text=True)


def test_time_change_updates_every_confirmed_registrant(client, smtp, deliver, organized):
    deliver()
    before = _latest_by_recipient(smtp)
    smtp.received.clear()
    _edit(client, organized, starts_at="2030-11-21T17:00", ends_at="2030-11-21T18:30")
    deliver()
    after = _latest_by_recipient(smtp)
    assert set(after) == {"room@example.org", "online@example.org"}
    for who, message in after.items():
        assert message["Subject"].startswith("Event updated: ")
        assert calendar_part(message).get_param("method") == "REQUEST"
        assert _uid(message) == _uid(before[who])
        assert _sequence(message) > _sequence(before[who])
        text = message.get_body(("plain",)).get_content()
        assert "changed the start time and the end time" in text
        assert "5:00 PM" in text and "Arizona time (MST)" in text
        vevent = parse_calendar(calendar_part(message)).walk("VEVENT")[0]
        assert vevent.decoded("DTSTART") == datetime(2030, 11, 22, 0, 0, tzinfo=UTC)
    assert "arizona.zoom.us" in all_text(after["online@example.org"])
    assert "arizona.zoom.us" not in all_text(after["room@example.org"])


def test_a_new_room_is_news_only_to_the_room(client, smtp, deliver, organized):
    deliver()
    smtp.received.clear()
    _edit(client, organized, venue_room="Kiva Room")
    deliver()
    [message] = smtp.messages()
    assert message["To"].addresses[0].addr_spec == "room@example.org"
    text = message.get_body(("plain",)).get_content()
    assert "changed the room" in text and "Kiva Room" in text
    smtp.received.clear()
    _edit(client, organized, venue_room="Kiva Room",
          zoom_join_url="https://arizona.zoom.us/j/86600000000?pwd=new")
    deliver()
    [message] = smtp.messages()
    assert message["To"].addresses[0].addr_spec == "online@example.org"
    assert "changed the Zoom link" in all_text(message)
    assert "86600000000" in all_text(message)


def test_plain_edits_send_nothing(client, smtp, deliver, organized):
    deliver()
    smtp.received.clear()
    _edit(client, organized, summary="A new summary.")
    assert deliver().claimed == 0


# --- reminders ----------------------------------------------------------------


@pytest.fixture
def soon(app, make_event, register_via_form, registrations, token_of, client):
    """An event in 10 hours with confirmed, waitlisted and cancelled registrants."""
    event_id = make_event(slug="soon", starts_in=timedelta(hours=10), capacity_online=1,
                          venue_name="Student Union Memorial Center")
    make_event(slug="later", starts_in=timedelta(days=10))
    register_via_form("soon", name="Sala", email="room@example.org", mode="in_person")
    register_via_form("soon", name="Zoom", email="online@example.org", mode="online")
    register_via_form("soon", name="Espera", email="wait@example.org", mode="online")
    register_via_form("soon", name="Baja", email="gone@example.org", mode="in_person")
    register_via_form("later", name="Later", email="later@example.org", mode="online")
    gone = next(r for r in registrations() if r["email"] == "gone@example.org")
    client.post(f"/registrations/{token_of(gone['id'])}/cancel")
    return event_id


def test_reminders_once_per_confirmed_registrant(runner, smtp, deliver, soon, outbox):
    result = runner.invoke(args=["roundtable", "mail", "reminders"])
    assert result.exit_code == 0, result.output
    assert "Queued 2 reminders." in result.output
    assert "Queued 0 reminders." in runner.invoke(args=["roundtable", "mail", "reminders"]).output
    assert sorted(m["to"] for m in outbox("reminder")) == [
        "online@example.org", "room@example.org"]
    deliver()
    reminders = {m["To"].addresses[0].addr_spec: m for m in smtp.messages()
                 if m["Subject"].startswith("Reminder: ")}
    online = all_text(reminders["online@example.org"])
    assert "Join on Zoom: https://zoom.us/j/99911122233" in online
    room = all_text(reminders["room@example.org"])
    assert "Student Union Memorial Center" in room
    assert not any(s in room for s in ZOOM_SECRETS)
    assert calendar_part(reminders["room@example.org"]) is None
    # The door code comes along for the room, not for Zoom.
    images = {who: [p for p in m.walk() if p.get_content_type() == "image/png"]
              for who, m in reminders.items()}
    assert len(images["room@example.org"]) == 1 and images["online@example.org"] == []


def test_a_moved_event_is_reminded_of_again_before_its_new_start(app, soon, outbox):
    with app.app_context():
        assert queue_reminders() == 2
        event = db.session.get(Event, soon)
        event.starts_at += timedelta(days=2)
        event.ends_at += timedelta(days=2)
        event.sequence += 1
        db.session.commit()
        assert queue_reminders() == 0  # not within 24 hours any more
        assert queue_reminders(now=datetime.now(UTC) + timedelta(days=2)) == 2
        assert queue_reminders(now=datetime.now(UTC) + timedelta(days=2)) == 0
    assert len(outbox("reminder")) == 4


# --- organizers writing to registrants ----------------------------------------


@pytest.fixture
def hybrid(make_user, make_event, register_via_form):
    owner = make_user(email="owner@example.org", name="Ana Barceló")
    make_user(email="other@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_online=1)
    register_via_form("rt", name="Sala", email="room@example.org", mode="in_person")
    register_via_form("rt", name="Zoom", email="online@example.org", mode="online")
    register_via_form("rt", name="Espera", email="wait@example.org", mode="online")
    return event_id


def _message(audience, subject="Parking at the Student Union",
             body="Parking is free after 5 p.m.\n\nSee you there."):
    return {"audience": audience, "subject": subject, "body": body}


def test_compose_is_for_the_event_organizers_only(client, auth, hybrid, outbox):
    url = f"/manage/events/{hybrid}/message"
    assert client.get(url).status_code == 302  # sign in first
    auth.login("other@example.org")
    assert client.get(url).status_code == 404
    assert client.post(url, data=_message("confirmed")).status_code == 404
    assert outbox("organizer_message") == []
    auth.logout()
    auth.login("owner@example.org")
    page = client.get(url).get_data(as_text=True)
    assert "Write to registrants" in page
    assert re.search(r"The waitlist\s*<small[^>]*>1 person<", page)
    html = client.get(f"/manage/events/{hybrid}").get_data(as_text=True)
    assert f'href="{url}"' in html


@pytest.mark.parametrize("audience,recipients", [
    ("confirmed", ["online@example.org", "room@example.org"]),
    ("in_person", ["room@example.org"]),
    ("online", ["online@example.org"]),
    ("waitlisted", ["wait@example.org"]),
])
def test_compose_reaches_the_chosen_audience(client, auth, hybrid, outbox, audience,
                                             recipients, smtp, deliver):
    auth.login("owner@example.org")
    response = client.post(f"/manage/events/{hybrid}/message", data=_message(audience))
    assert response.status_code == 302
    sent = outbox("organizer_message")
    assert sorted(m["to"] for m in sent) == recipients
    deliver()
    for message in smtp.messages():
        if message["Subject"] != "Parking at the Student Union":
            continue
        text = message.get_body(("plain",)).get_content()
        assert "Parking is free after 5 p.m." in text and "Ana Barceló" in text
        assert "http://roundtable.test/registrations/" in text
        assert not any(s in all_text(message) for s in ZOOM_SECRETS)
        assert message["Auto-Submitted"] is None


@pytest.mark.parametrize("data,field,message", [
    (_message("confirmed", subject="Hi\r\nBcc: everyone@example.org"), "subject",
     "single line"),
    (_message("confirmed", subject=""), "subject", "Write a subject"),
    (_message("confirmed", subject="x" * 201), "subject", "under 200"),
    (_message("confirmed", body=""), "body", "Write the message, in English"),
    (_message("confirmed", body="x" * 10_001), "body", "under 10,000"),
    (_message("everyone"), "audience", "Not a valid choice"),
    (_message("waitlisted", body="Join at https://zoom.us/j/99911122233?pwd=secretpwd"),
     "body", "only to confirmed online"),
    (_message("confirmed", body="The passcode is s3cretpass"), "body", "only to confirmed"),
])
def test_compose_rejects_bad_input_and_queues_nothing(client, auth, hybrid, outbox, data,
                                                      field, message):
    auth.login("owner@example.org")
    response = client.post(f"/manage/events/{hybrid}/message", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in (field_error(html, field) or html)
    assert outbox("organizer_message") == []


def test_compose_to_an_empty_group_says_so(client, auth, make_user, make_event, outbox):
    owner = make_user(email="owner@example.org")
    event_id = make_event(organizer_ids=[owner])
    auth.login("owner@example.org")
    response = client.post(f"/manage/events/{event_id}/message", data=_message("waitlisted"))
    assert response.status_code == 200 and "Nobody is in that group" in response.get_data(
        as_text=True)
    assert outbox("organizer_message") == []


def test_compose_needs_a_csrf_token(csrf_app, make_user, make_event):
    owner = make_user(email="owner@example.org")
    event_id = make_event(organizer_ids=[owner])
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": "owner@example.org", "password":
                                "correct horse battery", "csrf_token": csrf_token_from(login)})
    url = f"/manage/events/{event_id}/message"
    assert client.post(url, data=_message("confirmed")).status_code == 400
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={**_message("online"), "csrf_token": token})
    # Valid form, empty group: rendered again with the message, not rejected by CSRF.
    assert response.status_code == 200 and "Nobody is in that group" in response.get_data(
        as_text=True)
