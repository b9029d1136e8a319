"""Revoking manage links (``flask roundtable revoke-links``) after a leak or a key change."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token
from roundtable.signals import announce_link


@dataclass
class Revocation:
    """What ``revoke_links`` did."""

    revoked: int = 0
    emailed: int = 0


def revoke_links(event: Event | None = None) -> Revocation:
    """Give every registration (of ``event``, or of all events) a new manage link.

    Old links stop working at once. Registrants who still have something to manage
    (not cancelled, event neither cancelled nor over) are emailed the new link;
    the others keep no working link, which they no longer need.
    """
    query = select(Registration).options(joinedload(Registration.event)).order_by(
        Registration.id)
    if event is not None:
        query = query.where(Registration.event_id == event.id)
    result = Revocation()
    for registration in db.session.scalars(query):
        issue_token(registration)
        result.revoked += 1
        event_live = not (registration.event.is_cancelled or registration.event.is_past)
        if event_live and not registration.is_cancelled:
            announce_link(registration, "replaced")
            # A walk-in who gave no email is sent nothing (registration/notify.py).
            result.emailed += 1 if registration.email else 0
    db.session.flush()
    return result
