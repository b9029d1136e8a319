"""File names in the reader's language, and the header that carries them.

"asistencia.csv", "invitación.ics", "código-de-entrada.png": a Spanish reader's
downloads and attachments are named in Spanish. Browsers read a non-ASCII name
from ``filename*`` (RFC 6266); older clients get the same name without accents.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask_babel import pgettext

from roundtable.slugs import slugify


def ascii_name(filename: str) -> str:
    """``filename`` without accents, for clients that read only ``filename=``."""
    decomposed = unicodedata.normalize("NFKD", filename)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """A Content-Disposition header value naming ``filename`` (RFC 6266, RFC 8187)."""
    simple = ascii_name(filename).replace('"', "") or "download"
    if simple == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{simple}\"; filename*=UTF-8''{quote(filename, safe='')}"


def export_name(event, what: str, extension: str) -> str:
    """'<slug>-attendance.csv' / '<slug>-asistencia.csv' for an event's export ``what``."""
    words = {
        "attendance": pgettext("file name", "attendance"),
        "registrations": pgettext("file name", "registrations"),
        "badges": pgettext("file name", "badges"),
        "badge": pgettext("file name", "badge"),
    }
    slug = slugify(event.slug) or pgettext("file name", "event")
    return f"{slug}-{words[what]}.{extension}"


def invitation_name() -> str:
    """The calendar attachment of an invitation email."""
    return pgettext("file name", "invite") + ".ics"


def door_code_name() -> str:
    """The door QR code attached to a confirmation."""
    return pgettext("file name", "check-in-code") + ".png"


def registration_feed_name() -> str:
    """A registrant's private calendar."""
    return pgettext("file name", "registration") + ".ics"


def agenda_suffix() -> str:
    """'-agenda' / '-programa' after an event's slug, for its agenda's calendar."""
    return "-" + pgettext("file name", "agenda")
