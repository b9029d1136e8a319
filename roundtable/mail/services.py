"""Writing emails to the outbox, in the caller's transaction."""

from collections.abc import Callable

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage


class CannotWrite(Exception):
    """A message left for the deliverer can no longer be written (what it was about is gone)."""


# Who writes a message left for the deliverer, by kind (registration messages are the
# default: registration/notify.write_pending). A domain registers its own writers.
LATER_WRITERS: dict[str, Callable[[OutboxMessage], None]] = {}


def writes_later(kind: str):
    """Register the function that writes the bodies of ``kind`` messages at delivery."""

    def register(function):
        LATER_WRITERS[kind] = function
        return function

    return register


def queue_message(
    *,
    kind: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    recipient_name: str | None = None,
    ics: str | None = None,
    ics_method: str | None = None,
    event=None,
    registration=None,
    dedupe_key: str | None = None,
    door_code_url: str | None = None,
    reply_to: str | None = None,
    reply_to_name: str | None = None,
    to_write: str | None = None,
) -> OutboxMessage:
    """Add an email to the outbox; it is sent only if the caller's transaction commits."""
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        recipient_name=recipient_name,
        reply_to=reply_to,
        reply_to_name=reply_to_name,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        ics=ics,
        ics_method=ics_method,
        event_id=event.id if event is not None else None,
        registration_id=registration.id if registration is not None else None,
        dedupe_key=dedupe_key,
        door_code_url=door_code_url,
        to_write=to_write,
    )
    db.session.add(message)
    return message
