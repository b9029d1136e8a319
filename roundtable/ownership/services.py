"""Managers of shared records, and which events' titles a viewer may see next to them."""

from __future__ import annotations

from flask_babel import gettext as _

from roundtable.auth.services import find_user_by_email
from roundtable.extensions import db
from roundtable.validation import FieldErrors


def add_manager(record, email: str):
    """Make the active organizer with ``email`` a manager of ``record``; return them."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        raise FieldErrors({"email": _("No active organizer account uses that address. "
                                      "An admin can invite them first.")})
    if any(u.id == user.id for u in record.managers):
        raise FieldErrors({"email": _("%(name)s already manages this.", name=user.name)})
    record.managers.append(user)
    db.session.flush()
    return user


def remove_manager(record, user_id: int):
    """Remove one manager, never the last; return them, or None if not a manager."""
    user = next((u for u in record.managers if u.id == user_id), None)
    if user is None:
        return None
    if len(record.managers) == 1:
        raise FieldErrors({"managers": _("Add another manager before removing the last one.")})
    record.managers.remove(user)
    db.session.flush()
    return user


def visible_events(events, user) -> list:
    """The events ``user`` may see listed: public ones, and drafts they organize.

    Other organizers' drafts are private: their titles must not show on shared pages.
    """
    seen, shown = set(), []
    for event in events:
        if event.id not in seen and (event.is_public or event.is_organized_by(user)):
            seen.add(event.id)
            shown.append(event)
    return shown
