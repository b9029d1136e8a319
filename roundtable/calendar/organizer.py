"""Who the ORGANIZER of a published VEVENT is."""

from __future__ import annotations

from email.utils import parseaddr
from typing import TYPE_CHECKING

from flask import current_app
from icalendar import vCalAddress

if TYPE_CHECKING:
    from roundtable.events.models import Event

FALLBACK_ADDRESS = "noreply@localhost"


def calendar_organizer(event: Event) -> vCalAddress:
    """The ORGANIZER for ``event`` in METHOD:PUBLISH files: the site's sender address.

    RFC 5546 wants one ORGANIZER per published VEVENT; until events have a
    contact of their own, the address our mail comes from stands for them.
    """
    name, address = parseaddr(str(current_app.config.get("MAIL_DEFAULT_SENDER") or ""))
    address = "".join(address.split()) or FALLBACK_ADDRESS
    organizer = vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["CN"] = name.replace('"', "'")
    return organizer
