"""Turning an outbox row into a MIME message (stdlib ``email``, SMTP policy).

Layout of a message with an invitation, as Google Calendar and Outlook send
them and RFC 6047 describes::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST; charset=UTF-8     (the iMIP part)
      application/ics; name=invite.ics                   (the same, as a file)

Messages without an invitation are ``multipart/alternative`` (text and HTML)
or plain text. Names are written through ``email.headerregistry.Address`` so
"Raúl Benítez Manaut" becomes an RFC 2047 encoded word, never raw 8-bit.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

import segno

from roundtable import downloads
from roundtable.i18n import in_language
from roundtable.mail.models import OutboxMessage

# The Content-ID of the door QR image; the HTML part refers to it as cid:DOOR_QR_CID.
DOOR_QR_CID = "door-qr@roundtable"

# Kinds written by people (an organizer) rather than by the system.
HUMAN_KINDS = {"organizer_message", "organizer_message_test"}

_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


class BadMessage(ValueError):
    """The row cannot become an email (e.g. an invalid address): retrying will not help."""


def header_text(value: str | None) -> str:
    """One line of header text: no CR, LF or other controls (no header injection)."""
    return " ".join(_HEADER_BREAKS.sub(" ", value or "").split())


def address(addr_spec: str, display_name: str | None = None) -> Address:
    """An Address for a header, raising BadMessage if it is not one."""
    addr_spec = header_text(addr_spec)
    try:
        return Address(display_name=header_text(display_name), addr_spec=addr_spec)
    except (ValueError, IndexError) as exc:
        raise BadMessage(f"invalid address: {exc}") from None


def sender_address(sender: str) -> Address:
    """The From address, from a "Name <address>" setting such as MAIL_DEFAULT_SENDER."""
    name, addr = parseaddr(sender)
    if not addr or "@" not in addr:
        raise BadMessage("MAIL_DEFAULT_SENDER is not an email address")
    return address(addr, name)


def message_id(message: OutboxMessage, domain: str) -> str:
    # Stable per row: if a crash makes us send a row twice, clients see one message.
    created = int((message.created_at or datetime.now(UTC)).timestamp())
    return f"<roundtable.outbox.{message.id}.{created}@{domain}>"


def build_email(
    message: OutboxMessage, *, sender: str, now: datetime | None = None, language: str = "en"
) -> EmailMessage:
    """Build the MIME message for an outbox row; ``language`` names its attachments."""
    from_ = sender_address(sender)
    email = EmailMessage(policy=SMTP)
    email["From"] = from_
    email["To"] = address(message.recipient, message.recipient_name)
    if message.reply_to:
        # Replies reach the event's contact; the envelope sender stays ours.
        email["Reply-To"] = address(message.reply_to, message.reply_to_name)
    email["Subject"] = header_text(message.subject)
    email["Date"] = format_datetime(now or datetime.now(UTC))
    email["Message-ID"] = message_id(message, from_.domain or "localhost")
    if message.kind not in HUMAN_KINDS:
        # RFC 3834: no out-of-office replies to notifications.
        email["Auto-Submitted"] = "auto-generated"

    with in_language(language):
        invitation_name, door_code_name = downloads.invitation_name(), downloads.door_code_name()
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
        if message.door_code_url:
            _add_door_qr(email.get_payload()[-1], message.door_code_url, door_code_name)
    if message.ics:
        method = header_text(message.ics_method or "REQUEST").upper()
        calendar = EmailMessage(policy=SMTP)
        calendar.set_content(message.ics, subtype="calendar", cte="base64")
        # RFC 6047 2.4: the method parameter must match the METHOD property.
        calendar.replace_header(
            "Content-Type", f"text/calendar; method={method}; charset=UTF-8"
        )
        if email.get_content_type() != "multipart/alternative":
            email.make_alternative()
        email.attach(calendar)
        email.add_attachment(
            message.ics.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename=invitation_name,
        )
    return email


def door_qr_png(url: str) -> bytes:
    """The door check-in URL as a PNG QR code (segno writes PNG without Pillow)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=5, border=2)
    return out.getvalue()


def _add_door_qr(html_part: EmailMessage, url: str, filename: str) -> None:
    # multipart/related around the HTML, so mail clients show the image inline.
    html_part.add_related(
        door_qr_png(url), maintype="image", subtype="png",
        cid=f"<{DOOR_QR_CID}>", disposition="inline", filename=filename,
    )
