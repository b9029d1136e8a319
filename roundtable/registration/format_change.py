"""An event stops offering a way of attending: its registrants are moved or cancelled, told."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from roundtable import labels
from roundtable.db_types import utcnow
from roundtable.events.models import Event, EventFormat
from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus
from roundtable.signals import announce_registration, state_of

# The reason given with a registration moved or cancelled here (roundtable/signals.py).
FORMAT_CHANGED = "format_changed"
MOVE = "move"
CANCEL = "cancel"
CHOICES = (MOVE, CANCEL)
_LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _modes(format_code: str) -> set[str]:
    return {
        EventFormat.IN_PERSON: {AttendanceMode.IN_PERSON},
        EventFormat.ONLINE: {AttendanceMode.ONLINE},
    }.get(format_code, {AttendanceMode.IN_PERSON, AttendanceMode.ONLINE})


def stranded(event: Event, new_format: str | None) -> list[Registration]:
    """The live registrations of the modes ``new_format`` drops: confirmed first, in order."""
    dropped = _modes(event.format) - _modes(new_format or event.format)
    if not dropped:
        return []
    confirmed_first = (Registration.status != RegistrationStatus.CONFIRMED)
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.mode.in_(dropped),
               Registration.status.in_(_LIVE))
        .order_by(confirmed_first, Registration.waitlisted_at, Registration.created_at,
                  Registration.id)
    ))


def describe(registrations: list[Registration]) -> str:
    """'3 people registered in person (1 of them waitlisted)'."""
    count = len(registrations)
    modes = sorted({r.mode for r in registrations})
    waiting = sum(r.is_waitlisted for r in registrations)
    how = _(" or ").join(str(labels.mode_phrase(m)) for m in modes)
    text = ngettext("%(num)d person is registered %(how)s", "%(num)d people are registered %(how)s",
                    count, how=how)
    if waiting:
        text += " " + ngettext("(%(num)d of them waitlisted)", "(%(num)d of them waitlisted)",
                               waiting)
    return text


def resolve(event: Event, registrations: list[Registration], choice: str) -> None:
    """Move ``registrations`` to the event's remaining mode, or cancel them; email each.

    Call with the event locked and its new format set. Moving follows the
    remaining mode's capacity: a seat if one is free, else its waitlist, behind
    the people already waiting there (who get any free seats first).
    """
    from roundtable.registration.services import has_room, promote_waitlisted

    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    if choice == CANCEL:
        for registration in registrations:
            _cancel(registration)
        return
    promote_waitlisted(event)
    [mode] = _modes(event.format)
    for registration in registrations:
        room = has_room(event, mode)  # counted before this one joins the mode
        before = state_of(registration)
        registration.mode = mode
        if mode == AttendanceMode.ONLINE:
            registration.attends_reception = None
        if room:
            registration.status = RegistrationStatus.CONFIRMED
            registration.waitlisted_at = None
        else:
            registration.status = RegistrationStatus.WAITLISTED
            registration.waitlisted_at = utcnow()
        db.session.flush()
        announce_registration(registration, "mode_changed", before, reason=FORMAT_CHANGED)


def _cancel(registration: Registration) -> None:
    before = state_of(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    db.session.flush()
    announce_registration(registration, "cancelled", before, reason=FORMAT_CHANGED)
