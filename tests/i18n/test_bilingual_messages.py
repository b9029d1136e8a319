"""Organizer messages and follow-up drafts in English and Spanish: each reader gets theirs."""

from datetime import timedelta

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage


def _setup(client, auth, make_user, make_event, starts_in=timedelta(days=10)):
    owner = make_user(email="owner@example.org", name="Ana Barceló")
    event_id = make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
                          organizer_ids=[owner], starts_in=starts_in)
    for lang, name, email in (("es", "Raúl Benítez Manaut", "raul@example.org"),
                              ("en", "Gregory Guillot", "greg@example.org")):
        client.post(f"/events/mesa/register?lang={lang}",
                    data={"name": name, "email": email, "mode": "in_person", "reception": "no"})
    auth.login("owner@example.org")
    return event_id


def _sent(app, kind):
    with app.app_context():
        return {m.recipient: (m.subject, m.body_text) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id))}


def _post(client, event_id, action="send", **fields):
    data = {"audience": "confirmed", "subject": "Parking", "body": "Parking is free.",
            "action": action, **fields}
    return client.post(f"/manage/events/{event_id}/message?lang=en", data=data)


def test_each_registrant_gets_their_language(app, client, auth, make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    _post(client, event_id, subject_es="Estacionamiento",
          body_es="El estacionamiento es gratuito.")
    sent = _sent(app, "organizer_message")
    subject, text = sent["raul@example.org"]
    assert subject == "Estacionamiento" and "El estacionamiento es gratuito." in text
    assert "Parking is free." not in text and text.startswith("Hola, Raúl Benítez Manaut:")
    subject, text = sent["greg@example.org"]
    assert subject == "Parking" and "Parking is free." in text
    assert "gratuito" not in text


def test_without_a_spanish_version_everyone_gets_the_english(app, client, auth, make_user,
                                                            make_event):
    event_id = _setup(client, auth, make_user, make_event)
    _post(client, event_id)
    subject, text = _sent(app, "organizer_message")["raul@example.org"]
    assert subject == "Parking" and "Parking is free." in text


def test_a_spanish_subject_needs_its_message(app, client, auth, make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    page = _post(client, event_id, subject_es="Estacionamiento").get_data(as_text=True)
    assert "Write the message in Spanish, or leave its subject blank." in page
    assert _sent(app, "organizer_message") == {}


def test_the_zoom_link_in_the_spanish_version_is_refused_too(app, client, auth, make_user,
                                                            make_event):
    event_id = _setup(client, auth, make_user, make_event)
    page = _post(client, event_id, body_es="Entre a https://zoom.us/j/99911122233")
    assert page.status_code == 200
    assert _sent(app, "organizer_message") == {}


def test_preview_and_test_show_both_versions(app, client, auth, make_user, make_event):
    event_id = _setup(client, auth, make_user, make_event)
    page = _post(client, event_id, action="preview", subject_es="Estacionamiento",
                 body_es="Gratuito.").get_data(as_text=True)
    # One preview per kind of reader: the Spanish registrant reads the Spanish version.
    spanish = page.split("Preview for Raúl Benítez Manaut")[1].split("</section>")[0]
    english = page.split("Preview for Gregory Guillot")[1].split("</section>")[0]
    assert "Estacionamiento" in spanish and "Gratuito." in spanish
    assert "Hola, Raúl Benítez Manaut:" in spanish
    assert "Parking" in english and "Gratuito." not in english
    _post(client, event_id, action="test", subject_es="Estacionamiento", body_es="Gratuito.")
    with app.app_context():
        subjects = sorted(db.session.scalars(select(OutboxMessage.subject).where(
            OutboxMessage.kind == "organizer_message_test")))
    assert subjects == ["[Prueba] Estacionamiento", "[Test] Parking"]


def test_follow_up_drafts_are_prefilled_in_both_languages(app, client, auth, make_user,
                                                         make_event):
    event_id = _setup(client, auth, make_user, make_event, starts_in=timedelta(days=-1))
    page = client.get(f"/manage/events/{event_id}/message?draft=thanks&lang=en")
    html = page.get_data(as_text=True)
    assert "Thank you for coming: Roundtable" in html
    assert "Gracias por acompañarnos: Mesa redonda" in html
    from roundtable.attendance import followup
    from roundtable.events.models import Event

    with app.test_request_context():
        event = db.session.get(Event, event_id)
        draft = followup.drafts(event)["no_show"]
    assert "Roundtable" in draft.subject and "Mesa redonda" in draft.subject_es
    assert draft.body_es and draft.body_es != draft.body
