"""Door actions applied once by their client-made id: the offline door's sync, and the API's.

A door phone records what the volunteer did (check in, undo, admit, a walk-in)
with a unique id and the time it happened, and sends the queue when it is back
online. ``apply_door_action`` applies one action through the registration
services (so the signals announce it as any check-in), records its outcome in
``door_actions`` under the event's lock, and answers the recorded outcome for an
id it has seen: a retried sync never checks anyone in twice. What another device
did first (the same person checked in on two phones, a walk-in added twice) is a
"conflict", reported back to the device, never doubled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _

from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.events.rules import FIRST_YEAR
from roundtable.extensions import db
from roundtable.registration import door, services
from roundtable.registration.models import AttendanceMode, DoorAction, Registration

KINDS = ("check_in", "undo", "admit", "walk_in")
_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# A sync carries at most this many actions; a phone sends the rest next time.
MAX_BATCH = 500


class BadAction(ValueError):
    """An action a client sent that cannot be read; the message says why."""


@dataclass
class QueuedAction:
    """One action as a door device queued it."""

    id: str
    kind: str
    at: datetime
    registration_id: int | None = None
    name: str = ""
    email: str = ""       # a walk-in's, optional ("" when they gave none)
    affiliation: str = ""
    # A walk-in without an email the volunteer said is someone else, when the device
    # showed them people with a similar name: added even beside a same-named walk-in.
    anyway: bool = False


@dataclass
class Outcome:
    """What the server did with one action (the same answer on every replay)."""

    id: str
    outcome: str          # "applied", "conflict" or "refused"
    message: str
    registration_id: int | None
    replayed: bool = False

    def as_json(self) -> dict:
        return {"id": self.id, "outcome": self.outcome, "message": self.message,
                "registration_id": self.registration_id, "replayed": self.replayed}


def read_action(data) -> QueuedAction:
    """Check one queued action from JSON; BadAction says what is wrong."""
    if not isinstance(data, dict):
        raise BadAction(_("An action must be an object."))
    action_id, kind = data.get("id"), data.get("kind")
    if not isinstance(action_id, str) or not _ID.match(action_id):
        raise BadAction(_("An action needs an id of 8 to 64 letters, digits or dashes."))
    if kind not in KINDS:
        raise BadAction(_("Unknown action."))
    at = _instant(data.get("at"))
    if kind == "walk_in":
        fields = {k: data.get(k) or "" for k in ("name", "email", "affiliation")}
        if not all(isinstance(v, str) for v in fields.values()):
            raise BadAction(_("A walk-in's name, email and affiliation are text."))
        name, email = fields["name"].strip(), fields["email"].strip()
        if not name or len(name) > 200 or (email and "@" not in email) or len(email) > 254 \
                or len(fields["affiliation"]) > 300 or _has_control(fields.values()):
            raise BadAction(_("A walk-in needs a name; an email, if given, needs an @."))
        return QueuedAction(action_id, kind, at, name=name, email=email,
                            affiliation=fields["affiliation"].strip(),
                            anyway=data.get("anyway") is True)
    registration_id = data.get("registration_id")
    if not isinstance(registration_id, int) or isinstance(registration_id, bool) \
            or not 0 < registration_id < 2**31:
        raise BadAction(_("An action needs the registration it is about."))
    return QueuedAction(action_id, kind, at, registration_id=registration_id)


def _has_control(values) -> bool:
    return any(re.search(r"[\x00-\x1f\x7f]", v) for v in values)


def _instant(value) -> datetime:
    """When it happened (ISO 8601 with a zone); never later than now."""
    if not isinstance(value, str):
        raise BadAction(_("An action needs the time it happened."))
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError(value)
        at = at.astimezone(UTC)
    except (ValueError, OverflowError):  # near year 1, UTC may be year 0
        raise BadAction(_("An action needs the time it happened.")) from None
    if at.year < FIRST_YEAR:
        # Stored, year 1 would overflow every door page showing it in the event's zone.
        raise BadAction(_("An action needs the time it happened."))
    # A phone whose clock runs ahead must not record arrivals in the future.
    return min(at, utcnow())


def apply_door_action(event: Event, action: QueuedAction, *, language: str = "en") -> Outcome:
    """Apply ``action`` once (idempotent by its id), or answer what was done with it.

    Call inside a transaction and commit after; the event row is locked first, so
    two devices sending the same id at once are applied one after the other.
    ``language``: a walk-in's emails are written in it.
    """
    services.lock_event(event.id)
    seen = db.session.get(DoorAction, action.id)
    if seen is not None:
        if seen.event_id != event.id:
            return Outcome(action.id, "refused", _("That action id belongs to another event."),
                           None, replayed=True)
        return Outcome(seen.id, seen.outcome, seen.message, seen.registration_id, replayed=True)
    try:
        outcome, message, registration_id = _apply(event, action, language)
    except services.RegistrationError as exc:
        outcome, message = "refused", str(exc)
        registration_id = action.registration_id if _belongs(event, action) else None
    db.session.add(DoorAction(
        id=action.id, event_id=event.id, kind=action.kind, registration_id=registration_id,
        outcome=outcome, message=message[:500], happened_at=action.at))
    db.session.flush()
    return Outcome(action.id, outcome, message, registration_id)


def _belongs(event: Event, action: QueuedAction) -> bool:
    return action.registration_id is not None and services.get_registration_of_event(
        event.id, action.registration_id) is not None


def _apply(event: Event, action: QueuedAction, language: str) -> tuple[str, str, int | None]:
    if action.kind == "walk_in":
        return _walk_in(event, action, language)
    registration = services.get_registration_of_event(event.id, action.registration_id)
    if registration is None:
        raise services.RegistrationError(_("That registration is not one of this event's."))
    db.session.refresh(registration)
    if action.kind == "undo":
        if registration.checked_in_at is None:
            return ("conflict", _("%(name)s's check-in was already undone.",
                                  name=registration.name), registration.id)
        services.undo_check_in(registration)
        return "applied", _("%(name)s: check-in undone.", name=registration.name), registration.id
    if registration.checked_in_at is not None and door.is_expected(registration):
        return ("conflict", _("%(name)s was already checked in (%(time)s), on another device "
                              "or at the desk: checked in once.", name=registration.name,
                              time=door.arrival_time(event, registration.checked_in_at)),
                registration.id)
    if action.kind == "check_in" and not door.is_expected(registration):
        return ("conflict", _("%(name)s is no longer expected in the room (%(status)s): "
                              "not checked in; admit them if they are here.",
                              name=registration.name,
                              status=door.status_text(event, registration, None)),
                registration.id)
    if action.kind == "check_in":
        services.check_in(registration, anyway=True, at=action.at)
        return "applied", _("%(name)s checked in.", name=registration.name), registration.id
    # The device asked its questions (over capacity, before the day) when it was done.
    services.admit(registration, anyway=True, at=action.at)
    return ("applied", _("%(name)s is admitted: in person, confirmed and checked in.",
                         name=registration.name), registration.id)


def _walk_in(event: Event, action: QueuedAction, language: str) -> tuple[str, str, int | None]:
    if not action.email and not action.anyway:
        # Without an email only the name tells: the same name added at the door (on
        # another phone, with or without an address) is the same person, kept once. The device
        # asked about similar names before queuing; ``anyway`` says it was answered.
        twins = services.walk_in_twins(event.id, action.name)
        if twins:
            twin = twins[0]
            return ("conflict",
                    _("%(name)s was already added at the door (%(time)s), on another device "
                      "or at the desk: kept once. If they are two people, add the second one "
                      "again and confirm.", name=twin.name,
                      time=door.arrival_time(event, twin.checked_in_at or twin.created_at)),
                    twin.id)
    try:
        registration = services.add_walk_in(
            event, name=action.name, email=action.email, affiliation=action.affiliation,
            # The device asked its question (similar names) when it was done.
            language=language, at=action.at, anyway=True)
    except services.AlreadyRegistered as exc:
        existing: Registration = exc.registration
        if existing.is_walk_in or (existing.mode == AttendanceMode.IN_PERSON
                                   and existing.checked_in_at is not None):
            message = _("%(name)s was already added at the door: kept once.", name=existing.name)
        else:
            # Registered beforehand (waitlisted, online...): the volunteer admits that one.
            message = _("%(name)s is already registered with that email (%(summary)s): "
                        "search for them and admit them.", name=existing.name,
                        summary=existing.summary)
        return "conflict", message, existing.id
    return ("applied", _("%(name)s is registered and checked in.", name=registration.name),
            registration.id)
