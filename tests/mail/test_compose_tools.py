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


def test_sent_message_has_markdown_html_and_source_text_and_is_listed(
        app, client, auth, hybrid, outbox):
    auth.login("owner@example.org")
    assert _post(client, hybrid, "send").status_code == 302
    [message] = outbox("organizer_message")
    assert "**free**" in message["text"] and "- Bring your ID" in message["text"]
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
