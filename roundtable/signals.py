"""What the domains announce, for whatever reacts to it (blinker, as Flask and Indico do).

A domain service decides and records, then sends one of these signals *inside the
same transaction*, after its flush. Receivers (the Zoom queue, outgoing webhooks,
and in time the notices) may only add rows to the session: queue work, never do
it. So a rolled-back change announces nothing that lasts, and a committed one is
never lost. Receivers must not commit, call out over the network or raise for
anything but a bug.

Senders and their keyword arguments:

``registration_changed`` — sender: the Registration, after the change.
    ``kind``: "created", "promoted", "cancelled", "mode_changed", "corrected",
    "walk_in", "checked_in", "check_in_undone", "admitted";
    ``before``: a RegistrationState (mode, status) from before the change, or
    None for a new registration.
``event_changed`` — sender: the Event, after the change.
    ``kind``: "created", "updated", "published", "unpublished", "cancelled",
    "reinstated"; ``changes``: names of the fields that changed (may be empty).
``attendance_imported`` — sender: the Event whose Zoom report was imported.
"""

from __future__ import annotations

from typing import NamedTuple

from blinker import Namespace

_signals = Namespace()

registration_changed = _signals.signal("registration-changed")
event_changed = _signals.signal("event-changed")
attendance_imported = _signals.signal("attendance-imported")


class RegistrationState(NamedTuple):
    """What a registration was before a change: receivers compare it with now."""

    mode: str
    status: str


def state_of(registration) -> RegistrationState:
    return RegistrationState(str(registration.mode), str(registration.status))


def announce_registration(registration, kind: str, before: RegistrationState | None) -> None:
    registration_changed.send(registration, kind=kind, before=before)


def announce_event(event, kind: str, changes=()) -> None:
    event_changed.send(event, kind=kind, changes=list(changes))
