"""Organizers' messages: the parts each recipient gets, previews, tests and the sent record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from roundtable import labels
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.i18n import current as current_language
from roundtable.i18n import emailed_link, in_language
from roundtable.mail.models import SentMessage
from roundtable.mail.services import queue_message
from roundtable.mail.zoom_guard import fill_placeholder
from roundtable.markdown import markdown_to_text, render_markdown
from roundtable.registration.notify import reply_to_contact

# A body that opens with its own greeting gets no second "Hello …," from us.
_GREETING = re.compile(r"^\s*(hello|hi|dear|good (morning|afternoon|evening)|greetings|"
                       r"hola|estimad[oa]s?|buen[oa]s)\b", re.IGNORECASE)


@dataclass
class SampleRecipient:
    """Stands in for a registration in previews and tests: no real manage link."""

    name: str
    mode: str = "in_person"
    status: str = "confirmed"
    may_see_zoom: bool = False
    language: str = "en"

    @property
    def mode_label(self) -> str:
        return labels.mode_label(self.mode)

    @property
    def summary(self) -> str:
        """'In person, confirmed', as the "Your registration" line reads it."""
        return labels.registration_summary(self)


@dataclass
class Preview:
    """The message as one kind of reader gets it, and how many such readers there are."""

    reader: object
    count: int
    subject: str
    text: str
    html: Markup


def reader_kinds(recipients: list) -> list[tuple[object, int]]:
    """One reader per kind (language, mode, status, Zoom or not), with how many share it.

    Each kind reads a different message: the frame's language, the registration line,
    and what ``{zoom_link}`` becomes.
    """
    kinds: dict[tuple, list] = {}
    for r in recipients:
        kinds.setdefault((r.language, r.mode, r.status, r.may_see_zoom), []).append(r)
    return [(group[0], len(group)) for group in kinds.values()]


def in_their_language(reader, subject: str, body: str, subject_es: str | None = None,
                      body_es: str | None = None) -> tuple[str, str]:
    """The version a reader gets: the one in their language, else the other one.

    Either version may be blank (an organizer writing only in Spanish); a blank subject
    borrows the other version's.
    """
    spanish = getattr(reader, "language", "en") == "es"
    if body_es and (spanish or not body):
        return subject_es or subject, body_es
    return subject or subject_es or "", body


def previews(event: Event, recipients: list, subject: str, body: str,
             author_name: str, subject_es: str | None = None,
             body_es: str | None = None) -> list[Preview]:
    """The message as each kind of reader in the audience will read it (a sample if none).

    Spanish readers read the Spanish version when there is one.
    """
    kinds = reader_kinds(recipients) or [(SampleRecipient(_("Ana Example")), 0)]
    # Signed as it will be sent: with the event's contact (notices.send_organizer_message).
    author_name = event.contact_name or author_name
    shown = []
    for reader, count in kinds:
        own_subject, own_body = in_their_language(reader, subject, body, subject_es, body_es)
        with in_language(reader.language):
            text, _html = message_parts(event, reader, own_body, author_name, "#")
            html = Markup(render_template("mail/_organizer_message_body.html",
                                          **_context(event, reader, own_body, author_name,
                                                     "#")))
        shown.append(Preview(reader, count, own_subject, text, html))
    return shown


def starts_with_greeting(body: str) -> bool:
    """Whether the organizer already greets the reader."""
    return bool(_GREETING.match(body or ""))


def message_parts(event: Event, recipient, body: str, author_name: str,
                  manage_url: str) -> tuple[str, str]:
    """Return the text part (Markdown made readable text) and the HTML part for one reader."""
    context = _context(event, recipient, body, author_name, manage_url)
    return (render_template("mail/organizer_message.txt", **context),
            render_template("mail/organizer_message.html", **context))


def _context(event: Event, recipient, body: str, author_name: str, manage_url: str) -> dict:
    body = fill_placeholder(body, event, recipient)
    return {
        "registration": recipient,
        "event": event,
        # The text part shows no "**" or "[…](…)": Markdown read as text.
        "body": markdown_to_text(body).rstrip("\n"),
        "body_html": render_markdown(body),
        "greet": not starts_with_greeting(body),
        "author_name": author_name,
        # Links open in the language the frame is written in (the registrant's).
        "manage_url": emailed_link(manage_url),
        "event_url": emailed_link(f"{current_app.config['SITE_URL']}/events/{event.slug}"),
    }


def queue_test(event: Event, user, subject: str, body: str, recipients: list = (),
               language: str | None = None) -> None:
    """Queue the message to the organizer alone, marked as a test; nobody else gets it.

    It reads as the audience's first reader would (their mode and status on the "Your
    registration" line) and carries the Reply-To everyone's copy carries. The organizer
    may see the Zoom details, so {zoom_link} is filled in for them. ``language``: the
    version's language (its frame reads as that version's readers' will).
    """
    first = recipients[0] if recipients else None
    reader = SampleRecipient(user.name, may_see_zoom=True,
                             mode=getattr(first, "mode", "in_person"),
                             status=getattr(first, "status", "confirmed"))
    with in_language(language or current_language()):
        text, html = message_parts(event, reader, body, event.contact_name or user.name,
                                   f"{current_app.config['SITE_URL']}/events/{event.slug}")
        test_subject = _("[Test] %(subject)s", subject=subject)
    queue_message(kind="organizer_message_test", recipient=user.email,
                  recipient_name=user.name, subject=test_subject,
                  body_text=text, body_html=html, event=event,
                  **reply_to_contact(event))
    db.session.flush()


def record_sent(event: Event, *, audience: str, subject: str, body: str, count: int,
                user) -> SentMessage:
    """Keep a record of a message sent to an audience."""
    sent = SentMessage(event_id=event.id, audience=audience, subject=subject[:300], body=body,
                       recipient_count=count, sent_by_id=getattr(user, "id", None),
                       sent_by_name=getattr(user, "name", None) or _("An organizer"))
    db.session.add(sent)
    db.session.flush()
    return sent


def sent_messages(event: Event) -> list[SentMessage]:
    """The event's sent messages, newest first."""
    return list(db.session.scalars(
        select(SentMessage).where(SentMessage.event_id == event.id)
        .order_by(SentMessage.created_at.desc(), SentMessage.id.desc())
    ))
