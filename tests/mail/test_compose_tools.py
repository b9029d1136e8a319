"""Compose: a preview for a sample reader, a test to oneself, Markdown, and the sent list."""

import pytest
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import SentMessage
from roundtable.markdown import render_markdown

BODY = ("Parking is **free** after 5 p.m., see [the map](https://arizona.edu/map).\n\n"
        "- Bring your ID\n- Arrive early\n\n<script>alert(1)</script>")


@pytest.fixture
def hybrid(make_user, make_event, register_via_form):
    owner = make_user(email="owner@example.org", name="Ana Barceló")
    event_id = make_event(slug="rt", organizer_ids=[owner])
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org",
                      mode="in_person")
    return event_id


def _post(client, event_id, action, body=BODY, audience="confirmed"):
    return client.post(f"/manage/events/{event_id}/message", data={
        "audience": audience, "subject": "Parking", "body": body, "action": action})


def test_markdown_is_rendered_and_sanitized():
    html = str(render_markdown("**bold** *it* [x](javascript:alert(1)) <b onclick=x>hi</b>"))
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert "<b" not in html and "&lt;b onclick" in html


def test_preview_shows_a_sample_reader_and_queues_nothing(client, auth, hybrid, outbox):
    auth.login("owner@example.org")
    html = _post(client, hybrid, "preview").get_data(as_text=True)
    assert "Preview for Raúl Benítez Manaut" in html
    assert "Hello Raúl Benítez Manaut," in html and "<strong>free</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert outbox("organizer_message") == [] and outbox("organizer_message_test") == []


def test_own_greeting_is_not_doubled(client, auth, hybrid, outbox):
    auth.login("owner@example.org")
    html = _post(client, hybrid, "preview", body="Dear friends,\n\nSee you.").get_data(
        as_text=True)
    assert "Dear friends," in html and "Hello Raúl" not in html
    _post(client, hybrid, "send", body="Dear friends,\n\nSee you.")
    [message] = outbox("organizer_message")
    assert "Hello" not in message["text"] and message["text"].startswith("Dear friends,")


def test_test_message_goes_to_the_organizer_only(client, auth, hybrid, outbox):
    auth.login("owner@example.org")
    _post(client, hybrid, "test")
    assert outbox("organizer_message") == []
    [test] = outbox("organizer_message_test")
    assert test["to"] == "owner@example.org" and test["subject"] == "[Test] Parking"
    assert "/registrations/" not in test["text"]


def test_sent_message_has_markdown_html_and_readable_text_and_is_listed(
        app, client, auth, hybrid, outbox):
    auth.login("owner@example.org")
    assert _post(client, hybrid, "send").status_code == 302
    [message] = outbox("organizer_message")
    # The text part is the Markdown read as text: no "**", links as "words (address)".
    assert "Parking is free after 5 p.m., see the map (https://arizona.edu/map)." in (
        message["text"])
    assert "**" not in message["text"] and "- Bring your ID" in message["text"]
    assert "<strong>free</strong>" in message["html"]
    assert "<li>Bring your ID</li>" in message["html"]
    assert "<script>" not in message["html"]
    with app.app_context():
        [sent] = db.session.scalars(select(SentMessage)).all()
        assert (sent.audience, sent.recipient_count, sent.sent_by_name) == (
            "confirmed", 1, "Ana Barceló")
    page = client.get(f"/manage/events/{hybrid}/message").get_data(as_text=True)
    listed = page.split("Sent messages")[1]
    assert "Parking" in listed and "Everyone confirmed" in listed and "Ana Barceló" in listed


def _register(app, event_id, n, mode="in_person", language="en", status="confirmed"):
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    with app.app_context():
        for i in range(n):
            registration = Registration(event_id=event_id, name=f"Persona {mode} {language} {i}",
                                        email=f"{mode}.{language}.{i}@example.org", mode=mode,
                                        status=status, language=language)
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()


def test_each_kind_of_reader_is_previewed_as_they_will_read_it(app, client, auth, hybrid,
                                                                outbox):
    _register(app, hybrid, 1, mode="in_person", language="es")
    _register(app, hybrid, 2, mode="online", language="en")
    auth.login("owner@example.org")
    body = "Practical details: **parking** is free.\n\n{zoom_link}"
    html = _post(client, hybrid, "preview", body=body).get_data(as_text=True)
    previews = html.split('class="card message-preview"')[1:]
    assert len(previews) == 3  # English in person, Spanish in person, English online
    spanish = next(p for p in previews if "Persona in_person es" in p)
    assert "Hola, Persona in_person es 0:" in spanish and "Hello" not in spanish
    assert "Su registro: Presencial, confirmado" in spanish
    assert "{zoom_link}" not in spanish and "zoom.us/j/" not in spanish
    online = next(p for p in previews if "Persona online en" in p)
    assert "https://zoom.us/j/99911122233" in online and "as 2 people read it" in online
    # The plain-text part reads as text.
    text = online.split('class="preview-text"')[1]
    assert "Practical details: parking is free." in text and "**" not in text
    assert outbox("organizer_message") == []


def test_the_test_send_carries_reply_to_and_a_filled_registration_line(app, client, auth,
                                                                       hybrid):
    from roundtable.events.models import Event
    from roundtable.mail.models import OutboxMessage

    with app.app_context():
        event = db.session.get(Event, hybrid)
        event.contact_name, event.contact_email = "Ana Barceló", "contact@example.org"
        db.session.commit()
    auth.login("owner@example.org")
    _post(client, hybrid, "test")
    with app.app_context():
        test = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "organizer_message_test"))
        assert test.reply_to == "contact@example.org"
        assert "Your registration: In person, confirmed" in test.body_text
        assert "Your registration: In person, confirmed" in test.body_html


def test_sending_to_more_than_a_handful_asks_with_the_count(app, client, auth, hybrid, outbox):
    _register(app, hybrid, 13)  # 14 confirmed with Raúl
    auth.login("owner@example.org")
    html = _post(client, hybrid, "send").get_data(as_text=True)
    assert "Send to 14 people?" in html and 'name="confirm_count" value="14"' in html
    assert outbox("organizer_message") == []
    # A confirmation for another count (the audience grew meanwhile) asks again.
    client.post(f"/manage/events/{hybrid}/message", data={
        "audience": "confirmed", "subject": "Parking", "body": BODY, "action": "send",
        "confirm_count": "13"})
    assert outbox("organizer_message") == []
    response = client.post(f"/manage/events/{hybrid}/message", data={
        "audience": "confirmed", "subject": "Parking", "body": BODY, "action": "send",
        "confirm_count": "14"})
    assert response.status_code == 302 and len(outbox("organizer_message")) == 14
