"""Every email to a registrant is in the language they registered in."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail import notices
from roundtable.mail.models import OutboxMessage
from roundtable.registration import services
from roundtable.registration.models import Registration


def register(client, slug, lang, name, email, mode="in_person"):
    data = {"name": name, "email": email, "mode": mode, "reception": "yes"}
    return client.post(f"/events/{slug}/register?lang={lang}", data=data)


def messages(app, kind=None):
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [(m.recipient, m.subject, m.body_text, m.body_html or "")
                for m in db.session.scalars(query)]


def by_recipient(rows):
    return {to: (subject, text, html) for to, subject, text, html in rows}


def test_language_is_stored_at_registration_and_used_for_the_confirmation(app, client,
                                                                           make_event):
    make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
               starts_in=timedelta(days=30))
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org")
    register(client, "mesa", "en", "Gregory Guillot", "greg@example.org")
    with app.app_context():
        rows = db.session.execute(select(Registration.email, Registration.language)).all()
        languages = {email: language for email, language in rows}
    assert languages == {"raul@example.org": "es", "greg@example.org": "en"}
    sent = by_recipient(messages(app, "registration_confirmed"))
    subject, text, html = sent["raul@example.org"]
    assert subject == "Su registro está confirmado: Mesa redonda"
    assert text.startswith("Hola, Raúl Benítez Manaut:")
    assert "Su lugar está confirmado (de manera presencial)." in text
    assert " de 20" in text and "Lugar: Student Union" in text
    assert '<html lang="es">' in html and "Consultar, modificar o cancelar su registro" in html
    subject, text, _ = sent["greg@example.org"]
    assert subject == "You are registered: Roundtable"
    assert text.startswith("Hello Gregory Guillot,") and "Where: Student Union" in text


def test_waitlist_promotion_cancellation_in_spanish(app, client, make_event):
    make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda", capacity_in_person=1,
               starts_in=timedelta(days=30))
    register(client, "mesa", "en", "Gregory Guillot", "greg@example.org")
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org")
    waitlisted = by_recipient(messages(app, "registration_waitlisted"))
    subject, text, _ = waitlisted["raul@example.org"]
    assert subject == "Está en la lista de espera: Mesa redonda"
    assert "Ya no hay lugares en la modalidad presencial" in text
    with app.app_context():
        first = db.session.scalar(select(Registration).where(
            Registration.email == "greg@example.org"))
        services.cancel(first)
        db.session.commit()
    subject, text, _ = by_recipient(messages(app, "registration_promoted"))["raul@example.org"]
    assert subject == "Se liberó un lugar: Mesa redonda"
    assert text.startswith("Hola, Raúl Benítez Manaut:")
    subject, _, _ = by_recipient(messages(app, "registration_cancelled"))["greg@example.org"]
    assert subject == "Registration cancelled: Roundtable"


def test_changes_reminders_cancellation_and_organizer_frame_in_spanish(app, client,
                                                                        make_event):
    event_id = make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
                          starts_in=timedelta(hours=10))
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org", mode="online")
    register(client, "mesa", "en", "Gregory Guillot", "greg@example.org", mode="online")
    with app.app_context():
        event = db.session.get(Event, event_id)
        notices.notify_event_changed(event, ["starts_at", "zoom_join_url"])
        notices.send_organizer_message(event, audience="confirmed", subject="Aviso",
                                       body="Nos vemos pronto.", author_name="Ana")
        db.session.commit()
        notices.queue_reminders(now=datetime.now(UTC))
        event = db.session.get(Event, event_id)
        notices.notify_event_cancelled(event, "Por causas de fuerza mayor.")
        db.session.commit()
    changed = by_recipient(messages(app, "event_changed"))
    assert changed["raul@example.org"][0] == "Evento actualizado: Mesa redonda"
    assert "Los organizadores cambiaron la hora de inicio y el enlace de Zoom." in (
        changed["raul@example.org"][1])
    assert "The organizers have changed the start time and the Zoom link." in (
        changed["greg@example.org"][1])
    reminder = by_recipient(messages(app, "reminder"))["raul@example.org"]
    assert reminder[0] == "Recordatorio: Mesa redonda"
    assert "Le recordamos que el evento “Mesa redonda” se realiza el " in reminder[1]
    assert "Abajo encontrará el enlace de Zoom." in reminder[1]
    frame = by_recipient(messages(app, "organizer_message"))
    assert "Ana, en nombre de los organizadores" in frame["raul@example.org"][1]
    assert "Nos vemos pronto." in frame["raul@example.org"][1]
    assert "Ana, for the organizers" in frame["greg@example.org"][1]
    cancelled = by_recipient(messages(app, "event_cancelled"))["raul@example.org"]
    assert cancelled[0] == "Evento cancelado: Mesa redonda"
    assert "Lo sentimos: los organizadores cancelaron este evento." in cancelled[1]


def test_spanish_emails_carry_no_english_ui_text(app, client, make_event):
    from tests.i18n.test_spanish_pages import english_words, stored_text

    event_id = make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
                          capacity_in_person=1, starts_in=timedelta(hours=10))
    register(client, "mesa", "es", "Ana Example", "ana@example.org")
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org")
    register(client, "mesa", "es", "Rafael Barceló Durazo", "rafael@example.org",
             mode="online")
    with app.app_context():
        first = db.session.scalar(select(Registration).where(
            Registration.email == "ana@example.org"))
        services.cancel(first)
        event = db.session.get(Event, event_id)
        notices.notify_event_changed(event, ["venue_room", "ends_at"])
        notices.send_organizer_message(event, audience="confirmed", subject="Aviso",
                                       body="Nos vemos pronto.", author_name="Ana")
        db.session.commit()
        notices.queue_reminders(now=datetime.now(UTC))
    data = stored_text(app)
    sent = messages(app)
    assert len({subject.split(":")[0] for _, subject, _, _ in sent}) >= 7
    for to, subject, text, html in sent:
        assert not english_words(f"{subject}\n{text}\n{html}", data), (to, subject, text)
    with app.app_context():
        invitations = list(db.session.scalars(
            select(OutboxMessage.ics).where(OutboxMessage.ics.is_not(None))))
    assert invitations
    for ics in invitations:
        lines = ics.replace("\r\n ", "").split("\r\n")
        # The words people read: SUMMARY, DESCRIPTION and LOCATION (the rest is iCalendar).
        text = "\n".join(line.split(":", 1)[1] for line in lines
                         if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION")))
        text = text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        assert "Esta entrada de calendario es personal" in text
        assert not english_words(text, data), text


def test_format_change_notices_and_new_links_in_the_registrants_language(app, client,
                                                                         make_event):
    from roundtable.registration import format_change, links

    event_id = make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
                          starts_in=timedelta(days=30))
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org")
    register(client, "mesa", "en", "Gregory Guillot", "greg@example.org")
    with app.test_request_context("/?lang=en"):  # the organizer acts in English
        event = db.session.get(Event, event_id)
        stranded = format_change.stranded(event, "online")
        assert format_change.describe(stranded) == "2 people are registered in person"
        event.format = "online"
        format_change.resolve(event, stranded, format_change.MOVE)
        links.revoke_links(event)
        db.session.commit()
    moved = by_recipient(messages(app, "registration_changed"))
    subject, text, _ = moved["raul@example.org"]
    assert subject == "Su registro cambió: Mesa redonda"
    assert ("Los organizadores cambiaron este evento a modalidad en línea únicamente, por lo "
            "que su registro cambió: ahora su asistencia será en línea por Zoom.") in text
    assert moved["greg@example.org"][0] == "Your registration changed: Roundtable"
    assert "you are now registered online via Zoom." in moved["greg@example.org"][1]
    replaced = by_recipient(messages(app, "manage_link_replaced"))
    assert replaced["raul@example.org"][0] == "Su nuevo enlace de registro: Mesa redonda"
    assert "Por seguridad, reemplazamos el enlace a su registro." in replaced["raul@example.org"][1]
    assert replaced["greg@example.org"][0] == "Your new registration link: Roundtable"


def test_format_change_cancellation_and_withheld_zoom_note_in_spanish(app, client, make_event):
    from roundtable.registration import format_change

    event_id = make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
                          starts_in=timedelta(days=30))
    register(client, "mesa", "es", "Raúl Benítez Manaut", "raul@example.org")
    with app.test_request_context("/?lang=en"):
        event = db.session.get(Event, event_id)
        notices.send_organizer_message(event, audience="confirmed", subject="Aviso",
                                       body="Enlace: {zoom_link}", author_name="Ana")
        stranded = format_change.stranded(event, "online")
        event.format = "online"
        format_change.resolve(event, stranded, format_change.CANCEL)
        db.session.commit()
    subject, text, _ = by_recipient(messages(app, "registration_cancelled"))["raul@example.org"]
    assert subject == "Registro cancelado: Mesa redonda"
    assert ("se canceló su registro para asistir de manera presencial. Si puede asistir en la "
            "nueva modalidad, con gusto puede registrarse de nuevo.") in text
    note = by_recipient(messages(app, "organizer_message"))["raul@example.org"][1]
    assert ("Enlace: (El enlace de Zoom solo se envía a quienes tengan registro en línea "
            "confirmado.)") in note
