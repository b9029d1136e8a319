"""Human words for stored codes: the one place pages, emails, CSV and calendars read them.

Codes (``in_person``, ``waitlisted``) stay in the database and URLs; people see
these labels. Never lower-case a label to put it in a sentence ("online via
zoom"): ``mode_phrase`` ("you are registered online via Zoom") and
``mode_audience`` ("the Zoom waitlist") keep proper nouns capitalised.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

MODES = {"in_person": _l("In person"), "online": _l("Online via Zoom")}

# For use inside a sentence: "registered in person", "registered online via Zoom".
MODE_PHRASES = {"in_person": _l("in person"), "online": _l("online via Zoom")}

# "the in-person waitlist", "the Zoom waitlist".
MODE_AUDIENCES = {"in_person": _l("in-person"), "online": _l("Zoom")}

REGISTRATION_STATUSES = {
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waitlisted"),
    "cancelled": _l("Cancelled"),
}

EVENT_STATUSES = {"draft": _l("Draft"), "published": _l("Published"),
                  "cancelled": _l("Cancelled")}

EVENT_FORMATS = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}

RECEPTION = {True: _l("Yes"), False: _l("No"), None: ""}


def _lookup(table: dict, code) -> str:
    # An unknown code is shown as itself rather than breaking a page.
    return str(table.get(code, code or ""))


def mode_label(code: str) -> str:
    """'Online via Zoom' for ``online``."""
    return _lookup(MODES, code)


def mode_phrase(code: str) -> str:
    """'online via Zoom', for the middle of a sentence."""
    return _lookup(MODE_PHRASES, code)


def mode_audience(code: str) -> str:
    """'in-person' or 'Zoom', as in 'the Zoom waitlist'."""
    return _lookup(MODE_AUDIENCES, code)


def status_label(code: str) -> str:
    """'Waitlisted' for ``waitlisted``."""
    return _lookup(REGISTRATION_STATUSES, code)


def event_status_label(code: str) -> str:
    """'Published' for ``published``."""
    return _lookup(EVENT_STATUSES, code)


def format_label(code: str) -> str:
    """'Hybrid' for ``hybrid``."""
    return _lookup(EVENT_FORMATS, code)


def reception_label(value: bool | None) -> str:
    """'Yes', 'No' or '' for an unanswered reception question."""
    return str(RECEPTION.get(value, ""))


def registration_summary(registration) -> str:
    """'In person, confirmed' — how a registration is described in emails and calendars."""
    return pgettext("registration summary", "%(mode)s, %(status)s",
                    mode=mode_label(registration.mode),
                    status=status_label(registration.status).lower())


FILTERS = {
    "mode_label": mode_label,
    "mode_phrase": mode_phrase,
    "mode_audience": mode_audience,
    "status_label": status_label,
    "event_status_label": event_status_label,
    "format_label": format_label,
    "reception_label": reception_label,
}


def register(app) -> None:
    """Expose the labels to templates as filters."""
    for name, function in FILTERS.items():
        app.add_template_filter(function, name)
