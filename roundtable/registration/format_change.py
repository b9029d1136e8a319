"""An event stops offering a way of attending: its registrants are moved or cancelled, told."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from roundtable import labels
from roundtable.db_types import utcnow
from roundtable.events.models import Event, EventFormat
from roundtable.extensions import db
from roundtable.i18n import in_language
from roundtable.registration import notify
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus
from roundtable.signals import announce_registration, state_of

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
    from roundtable.registration.services import has_room, promote_waitlisted, waitlist_position

    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    if choice == CANCEL:
        for registration in registrations:
            _cancel(event, registration)
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
        announce_registration(registration, "mode_changed", before)
        _tell_moved(event, registration, waitlist_position(registration))


def _tell_moved(event: Event, registration: Registration, position: int | None) -> None:
    with in_language(registration.language):
        intro = _("The organizers changed this event to %(format)s only, so your registration "
                  "moved: you are now registered %(mode)s.",
                  format=str(labels.format_label(event.format)).lower(),
                  mode=registration.mode_phrase)
        if position is not None:
            intro += " " + _("That audience is full, so you are on its waitlist at position "
                             "%(position)s. We will email you if a seat opens up.",
                             position=position)
        notify.queue_for_registrant("registration_changed", registration,
                                    _("Your registration changed"), intro)


def _cancel(event: Event, registration: Registration) -> None:
    before = state_of(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    db.session.flush()
    announce_registration(registration, "cancelled", before)
    with in_language(registration.language):
        notify.queue_for_registrant(
            "registration_cancelled", registration, _("Registration cancelled"),
            _("The organizers changed this event to %(format)s only, so your registration "
              "%(mode)s has been cancelled. If you can attend the new way, you are welcome to "
              "register again.",
              format=str(labels.format_label(event.format)).lower(),
              mode=registration.mode_phrase))
