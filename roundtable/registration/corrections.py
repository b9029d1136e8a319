"""Organizers correcting a registration: name, affiliation, email and mode."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus
from roundtable.registration.services import (
    RegistrationError,
    find_live_registration,
    has_room,
    lock_event,
    normalize_email,
    offered_modes,
    optional_email,
    promote_waitlisted,
)
from roundtable.signals import announce_registration, state_of
from roundtable.validation import FieldErrors


def correct(registration: Registration, *, name: str, email: str | None,
            affiliation: str | None, mode: str) -> list[str]:
    """Apply an organizer's corrections; return what changed (the registrant is told).

    A mode change follows the registrants' own rule, under the event's lock: it needs a
    free seat in the new mode, and the seat it frees goes to that mode's waitlist.
    Only a walk-in may have no email (blank); anyone else keeps one.
    """
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.is_cancelled:
        raise RegistrationError(_("This registration has been cancelled; it cannot be changed."))
    email = optional_email(email) if registration.is_walk_in else normalize_email(email or "")
    if not email and not registration.is_walk_in:
        raise FieldErrors({"email": _("Please give your email address.")})
    affiliation = (affiliation or "").strip() or None
    _check(event, registration, email, mode)
    changes = [label for label, old, new in (
        (_l("name"), registration.name, name.strip()),
        (_l("email address"), registration.email, email),
        (_l("affiliation"), registration.affiliation, affiliation),
        (_l("way of attending"), registration.mode, mode),
    ) if old != new]
    if not changes:
        return []
    freed = registration.is_confirmed and mode != registration.mode
    before = state_of(registration)
    if mode != registration.mode:
        registration.mode = mode
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
        if mode == AttendanceMode.ONLINE:
            registration.attends_reception = None
    registration.name, registration.email = name.strip(), email
    registration.affiliation = affiliation
    db.session.flush()
    announce_registration(registration, "corrected", before, changes=changes)
    if freed:
        promote_waitlisted(event)
    return changes


def _check(event, registration: Registration, email: str, mode: str) -> None:
    if mode not in offered_modes(event):
        raise FieldErrors({"mode": _("This event does not offer that way of attending.")})
    other = find_live_registration(event.id, email)
    if other is not None and other.id != registration.id:
        raise FieldErrors({"email": _("%(email)s already has a registration for this event.",
                                      email=email)})
    if mode != registration.mode and not has_room(event, mode):
        label = AttendanceMode(mode).label.lower()
        raise FieldErrors({"mode": _("There is no seat left %(mode)s; the mode is unchanged.",
                                     mode=label)})
