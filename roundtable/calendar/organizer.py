"""The ORGANIZER of an event's calendar entries: the person registrants can reach."""

from __future__ import annotations

from email.utils import parseaddr
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from icalendar import vCalAddress

from roundtable.text import param_value, uri_value

if TYPE_CHECKING:
    from roundtable.events.models import Event

FALLBACK_ADDRESS = "noreply@localhost"


def _sender() -> tuple[str, str]:
    """(name, address) of MAIL_DEFAULT_SENDER, for an event that has no contact yet."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER", "") if has_app_context() else ""
    name, address = parseaddr(sender or "")
    return name, address or FALLBACK_ADDRESS


def calendar_organizer(event: Event) -> vCalAddress:
    """The event's contact as an ORGANIZER value (``mailto:`` with ``CN``), for every VEVENT."""
    name, address = (event.contact_name, event.contact_email)
    if not address:
        name, address = _sender()
    organizer = vCalAddress(f"mailto:{uri_value(address)}")
    if name and param_value(name):
        organizer.params["CN"] = param_value(name)
    return organizer
