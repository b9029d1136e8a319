"""Organizers who write only in Spanish (issue 24 item 3): the English version may stay blank.

Each registrant gets the version in their language, else the other one: a message, a
reminder's note or a follow-up written only in Spanish reaches English registrants in
Spanish, never as an empty email; one written only in English reaches everyone in English.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage, SentMessage
from tests.i18n.test_bilingual_messages import _post, _sent, _setup
from tests.managing import event_form


def test_a_message_written_only_in_spanish_reaches_everyone_in_spanish(app, client, auth,
                                                                       make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    response = _post(client, event_id, subject="", body="", subject_es="Estacionamiento",
                     body_es="El estacionamiento es gratuito.")
    assert response.status_code == 302
    sent = _sent(app, "organizer_message")
    for email in ("raul@example.org", "greg@example.org"):
        subject, text = sent[email]
        assert subject == "Estacionamiento" and "El estacionamiento es gratuito." in text
    # The frame stays in each reader's language around the organizer's words.
    assert sent["raul@example.org"][1].startswith("Hola, Raúl Benítez Manaut:")
    assert sent["greg@example.org"][1].startswith("Hello Gregory Guillot,")
    with app.app_context():
        record = db.session.scalars(select(SentMessage)).one()
    assert (record.subject, record.body) == ("Estacionamiento", "El estacionamiento es gratuito.")


def test_a_spanish_subject_serves_an_english_message_and_the_reverse(app, client, auth,
                                                                      make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    _post(client, event_id, subject="", body="Parking is free.", subject_es="Estacionamiento",
          body_es="Es gratuito.")
    sent = _sent(app, "organizer_message")
    assert sent["greg@example.org"][0] == "Estacionamiento"
    assert "Parking is free." in sent["greg@example.org"][1]
    assert "Es gratuito." in sent["raul@example.org"][1]


def test_preview_and_test_of_a_spanish_only_message(app, client, auth, make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    page = _post(client, event_id, action="preview", subject="", body="",
                 subject_es="Estacionamiento", body_es="Gratuito.").get_data(as_text=True)
    english = page.split("Preview for Gregory Guillot")[1].split("</section>")[0]
    assert "Estacionamiento" in english and "Gratuito." in english
    _post(client, event_id, action="test", subject="", body="", subject_es="Estacionamiento",
          body_es="Gratuito.")
    with app.app_context():
        subjects = list(db.session.scalars(select(OutboxMessage.subject).where(
            OutboxMessage.kind == "organizer_message_test")))
    assert subjects == ["[Prueba] Estacionamiento"]


def test_a_message_needs_one_version_at_least(app, client, auth, make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    page = _post(client, event_id, subject="", body="").get_data(as_text=True)
    assert "Write the message, in English, in Spanish or in both." in page
    page = _post(client, event_id, subject="", body="", body_es="Gratuito.").get_data(
        as_text=True)
    assert "Write a subject." in page
    page = _post(client, event_id, body="", subject_es="Estacionamiento",
                 body_es="Gratuito.").get_data(as_text=True)
    assert "Write the message in English, or leave its subject blank." in page
    spanish = client.post(f"/manage/events/{event_id}/message?lang=es", data={
        "audience": "confirmed", "subject": "", "body": "", "action": "send"})
    assert "Escriba el mensaje en inglés, en español o en ambos." in spanish.get_data(
        as_text=True)
    assert _sent(app, "organizer_message") == {}


def test_a_follow_up_sent_with_its_english_draft_cleared(app, client, auth, make_user,
                                                         make_event):
    event_id = _setup(client, auth, make_user, make_event)
    from roundtable.attendance import followup
    from roundtable.events.models import Event

    with app.test_request_context():
        draft = followup.drafts(db.session.get(Event, event_id))["no_show"]
        subject_es, body_es = draft.subject_es, draft.body_es
    # (Sent to everyone confirmed: "did not come" needs attendance taken first.)
    response = _post(client, event_id, subject="", body="",
                     subject_es=subject_es, body_es=body_es)
    assert response.status_code == 302
    sent = _sent(app, "organizer_message")
    assert set(sent) == {"raul@example.org", "greg@example.org"}
    assert all(subject == subject_es for subject, _text in sent.values())
    assert "Mesa redonda" in sent["greg@example.org"][0]


def test_a_reminder_note_written_only_in_spanish(app, client, auth, make_user, make_event):
    from roundtable.events.models import Event
    from roundtable.mail import notices

    event_id = _setup(client, auth, make_user, make_event, starts_in=timedelta(hours=10))
    with app.app_context():
        event = db.session.get(Event, event_id)
        starts, ends = event.local_start, event.local_end
    # Through the event form: the English note left blank.
    response = client.post(f"/manage/events/{event_id}/edit?lang=en", data=event_form(
        slug="mesa", title="Roundtable", starts_at=f"{starts:%Y-%m-%dT%H:%M}",
        ends_at=f"{ends:%Y-%m-%dT%H:%M}", registration_closes_at="", new_series_name="",
        reminder_note="", reminder_note_es="El estacionamiento es gratuito."))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.reminder_note, event.reminder_note_es) == (
            None, "El estacionamiento es gratuito.")
        notices.queue_reminders(now=datetime.now(UTC))
    sent = _sent(app, "reminder")
    for email in ("raul@example.org", "greg@example.org"):
        assert "El estacionamiento es gratuito." in sent[email][1]
    # Around the note, each reads the reminder in their own language.
    assert "A reminder: Roundtable starts" in sent["greg@example.org"][1]
    assert "Le recordamos" in sent["raul@example.org"][1]
