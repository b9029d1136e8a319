"""What the domains announce, for whatever reacts to it (blinker, as Flask and Indico do).

A domain service decides and records, then sends one of these signals *inside the
same transaction*, after its flush. Receivers (the registrants' emails in
registration/notify.py, the Zoom queue, outgoing webhooks) may only add rows to
the session: queue work, never do it. So a rolled-back change announces nothing
that lasts, and a committed one is never lost. Receivers must not commit, call
out over the network or raise for anything but a bug.

Senders and their keyword arguments:

``registration_changed`` — sender: the Registration, after the change.
    ``kind``: "created", "promoted", "cancelled", "mode_changed", "corrected",
    "walk_in", "checked_in", "check_in_undone", "admitted";
    ``before``: a RegistrationState (mode, status) from before the change, or
    None for a new registration. Optional details: ``by_organizer`` (cancelled),
    ``changes`` (corrected: labels of the fields), ``reason="format_changed"``
    (moved or cancelled because the event stopped offering their mode).
``registration_link_sent`` — sender: the Registration whose manage link must be
    emailed; ``reason``: "requested" (someone registered again with its address,
    within the hourly limit) or "replaced" (its old links were revoked).
``event_changed`` — sender: the Event, after the change.
    ``kind``: "created", "updated", "published", "unpublished", "cancelled",
    "reinstated"; ``changes``: names of the fields that changed (may be empty).
    Details: ``moved`` (updated: the time and place fields whose value changed),
    ``told`` (updated: ids of registrations that had their own notice), ``reason``
    (cancelled: the organizer's words).
``attendance_imported`` — sender: the Event whose Zoom report was imported.
``account_changed`` — sender: the User (None for an invitation). ``kind``:
    "invited" (``email``, ``token``, ``inviter_name``, ``event_title``),
    "reset_requested" (``token``; or, with no User, ``email``: the deliverer looks
    the account up), "email_confirmation" (``email``, ``token``),
    "email_changed" (``old_email``), "password_changed". A ``token`` is the secret
    an emailed link carries: receivers put it in that email and nowhere else.
"""

from __future__ import annotations

from typing import NamedTuple

from blinker import Namespace

_signals = Namespace()

registration_changed = _signals.signal("registration-changed")
event_changed = _signals.signal("event-changed")
attendance_imported = _signals.signal("attendance-imported")
registration_link_sent = _signals.signal("registration-link-sent")
account_changed = _signals.signal("account-changed")


class RegistrationState(NamedTuple):
    """What a registration was before a change: receivers compare it with now."""

    mode: str
    status: str


def state_of(registration) -> RegistrationState:
    return RegistrationState(str(registration.mode), str(registration.status))


def announce_registration(registration, kind: str, before: RegistrationState | None,
                          **details) -> None:
    registration_changed.send(registration, kind=kind, before=before, **details)


def announce_link(registration, reason: str) -> None:
    registration_link_sent.send(registration, reason=reason)


def announce_event(event, kind: str, changes=(), **details) -> int:
    """Announce an event change; return how many people its receivers emailed.

    A receiver that writes to people returns how many it wrote to (mail/notices.py);
    the others return None.
    """
    results = event_changed.send(event, kind=kind, changes=list(changes), **details)
    return sum(value for _receiver, value in results if isinstance(value, int))


def announce_account(user, kind: str, **details) -> None:
    account_changed.send(user, kind=kind, **details)
