"""Every email a Spanish reader can receive, with the demo's realistic data, in Spanish.

Each kind of message is produced through the services that send it (registration,
waitlist, promotion, switch, correction, links resent and replaced, cancellation,
event changes, cancellation and reinstatement, reminders, an organizer's message,
and the account emails), then every one is read: no common English word may remain
once stored content (names, titles, the organizer's own words) is taken out, and
every link to the site opens in Spanish (``lang=es``), the invitation's too.
"""

import re
from datetime import timedelta

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.i18n import in_language
from roundtable.mail.models import OutboxMessage
from tests.i18n.test_spanish_pages import ENGLISH, stored_text, visible_text

SITE = "http://roundtable.test"
LINK = re.compile(r"https?://roundtable\.test[^\s\"<>)]*")
# Every kind the test must have produced, so a new kind cannot slip past unread.
KINDS = {
    "registration_confirmed", "registration_waitlisted", "registration_promoted",
    "registration_cancelled", "registration_changed", "registration_corrected",
    "manage_link", "manage_link_replaced", "event_changed", "event_cancelled", "reminder",
    "organizer_message", "account_invitation", "password_reset", "email_confirmation",
    "account_notice",
}


def english_words(text: str, data: list[str]) -> set[str]:
    """Common English words in ``text`` once stored content is taken out.

    Whole words, accents included: "canceló" is not "cancel".
    """
    text = visible_text(text)
    for value in data:
        text = text.replace(value, " ")
    return {w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH}


def _produce_every_email(app) -> None:
    """Every kind of email, to the demo's people (the ``demo`` fixture loads them)."""
    from roundtable.auth import notify as account
    from roundtable.events import management
    from roundtable.mail import notices
    from roundtable.registration import corrections, notify, services

    with app.test_request_context("/?lang=es"):
        event = db.session.scalars(select(Event).where(
            Event.status == "published", Event.starts_at > db.func.now()
        ).order_by(Event.starts_at)).first()
        event.capacity_in_person = services.confirmed_count(event.id, "in_person") + 1
        db.session.commit()

        def register(name, email, mode):
            return services.register(event, name=name, email=email, mode=mode,
                                     affiliation="Universidad de Sonora",
                                     attends_reception=True, language="es").registration

        raul = register("Raúl Benítez Manaut", "raul@example.org", "in_person")
        itzel = register("Itzel Ramírez", "itzel@example.org", "in_person")  # waitlisted
        ana = register("Ana Covarrubias", "ana@example.org", "online")
        db.session.commit()
        notify.manage_link_resent(ana)
        notify.manage_link_replaced(ana)
        corrections.correct(ana, name="Ana Covarrubias Velasco", email="ana@example.org",
                            affiliation="El Colegio de México", mode="online")
        services.cancel(raul)  # Itzel is promoted
        db.session.commit()
        services.switch_mode(itzel, "online")
        notices.notify_event_changed(event, ["starts_at", "venue_name", "zoom_join_url"])
        notices.queue_reminders(now=event.starts_at - timedelta(hours=2), hours=24)
        notices.send_organizer_message(
            event, audience="confirmed", subject="Estacionamiento",
            body="Habrá estacionamiento en el edificio norte.", author_name="Equipo")
        management.cancel(event, "Por una tormenta.")
        management.publish(event)
        with in_language("es"):
            account.invitation("nuevo@example.org", "tok-invite", "Guadalupe Correa-Cabrera",
                               event.title_es)
            account.invitation("nueva@example.org", "tok-invite2", "Guadalupe Correa-Cabrera",
                               None)
            organizer = db.session.scalars(select(Event)).first().organizers[0]
            organizer.language = "es"  # account emails follow the account's language
            account.password_reset(organizer, "tok-reset")
            account.email_confirmation(organizer, "otra@example.org", "tok-confirm")
            account.email_changed(organizer, "vieja@example.org")
            account.password_changed(organizer)
        db.session.commit()


def test_every_email_is_spanish_and_opens_spanish_pages(app, demo):
    _produce_every_email(app)
    data = stored_text(app)
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        found = {m.kind for m in sent}
        assert KINDS <= found, KINDS - found
        leaks, english_links = {}, {}
        for message in sent:
            for part in (message.subject, message.body_text, message.body_html or ""):
                words = english_words(LINK.sub(" ", part), data)
                if words:
                    leaks.setdefault(f"{message.kind} → {message.recipient}", set()).update(words)
            links = LINK.findall(message.body_text + (message.body_html or ""))
            links += LINK.findall((message.ics or "").replace("\r\n ", ""))
            for link in links:
                if "lang=es" not in link and "/checkin/scan/" not in link:
                    english_links.setdefault(message.kind, set()).add(link)
    assert not leaks, "\n".join(f"{k}: {sorted(v)}" for k, v in leaks.items())
    assert not english_links, english_links
