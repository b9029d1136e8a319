"""Organizers' messages: the parts each recipient gets, previews, tests and the sent record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.i18n import emailed_link
from roundtable.mail.models import SentMessage
from roundtable.mail.services import queue_message
from roundtable.mail.zoom_guard import fill_placeholder
from roundtable.markdown import render_markdown

# A body that opens with its own greeting gets no second "Hello …," from us.
_GREETING = re.compile(r"^\s*(hello|hi|dear|good (morning|afternoon|evening)|greetings|"
                       r"hola|estimad[oa]s?|buen[oa]s)\b", re.IGNORECASE)


@dataclass
class SampleRecipient:
    """Stands in for a registration in previews and tests: no real manage link."""

    name: str
    mode_label: str = "In person"
    status: str = "confirmed"
    may_see_zoom: bool = False


def starts_with_greeting(body: str) -> bool:
    """Whether the organizer already greets the reader."""
    return bool(_GREETING.match(body or ""))


def message_parts(event: Event, recipient, body: str, author_name: str,
                  manage_url: str) -> tuple[str, str]:
    """Return the text part (the Markdown source) and the HTML part (rendered) for one reader."""
    body = fill_placeholder(body, event, recipient)
    context = {
        "registration": recipient,
        "event": event,
        "body": body,
        "body_html": render_markdown(body),
        "greet": not starts_with_greeting(body),
        "author_name": author_name,
        # Links open in the language the frame is written in (the registrant's).
        "manage_url": emailed_link(manage_url),
        "event_url": emailed_link(f"{current_app.config['SITE_URL']}/events/{event.slug}"),
    }
    return (render_template("mail/organizer_message.txt", **context),
            render_template("mail/organizer_message.html", **context))


def sample_for(recipients: list) -> SampleRecipient:
    """A sample reader for the preview: the first of the audience, else a made-up one."""
    if recipients:
        first = recipients[0]
        return SampleRecipient(first.name, first.mode_label, first.status, first.may_see_zoom)
    return SampleRecipient("Ana Example")


def queue_test(event: Event, user, subject: str, body: str) -> None:
    """Queue the message to the organizer alone, marked as a test; nobody else gets it.

    The organizer may see the Zoom details, so {zoom_link} is filled in for them.
    """
    reader = SampleRecipient(user.name, may_see_zoom=True)
    text, html = message_parts(event, reader, body, user.name,
                               f"{current_app.config['SITE_URL']}/events/{event.slug}")
    queue_message(kind="organizer_message_test", recipient=user.email,
                  recipient_name=user.name, subject=_("[Test] %(subject)s", subject=subject),
                  body_text=text, body_html=html, event=event)
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
