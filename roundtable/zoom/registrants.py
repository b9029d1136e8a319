"""Making Zoom's registrants match the event's confirmed online registrations.

Who belongs on Zoom: a confirmed online registration of a live event
(``Registration.may_see_zoom``). Everyone else who was registered is cancelled
on Zoom (``PUT …/registrants/status``, ``cancel``), so a forwarded personal
link stops working. People are added 30 at a time (the batch endpoint), one at
a time when a batch is refused, so one person Zoom will not take (3027 a host,
3043 the meeting full) does not hold back the others: they get the meeting's
own link instead, and the organizer sees why on the event page.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage, OutboxStatus
from roundtable.registration.models import Registration
from roundtable.zoom.client import ZoomClient, ZoomError, ZoomUnavailable
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.models import ZoomRegistrant

log = logging.getLogger("roundtable.zoom")

BATCH = 30  # Zoom's limit for the batch endpoints


class MeetingNotReady(ZoomError):
    """The event's meeting is still being created: the registrants wait for it."""

    def __init__(self) -> None:
        super().__init__(0, None, "the meeting is not created yet")


def person(registration: Registration) -> dict:
    """First and last name as Zoom wants them (the first word, then the rest)."""
    first, _sep, last = registration.name.strip().partition(" ")
    return {"email": registration.email, "first_name": first[:64] or registration.email,
            "last_name": last[:64]}


def is_registered(registration: Registration) -> bool:
    z = registration.zoom
    return z is not None and z.state == "registered" and bool(z.registrant_id)


def reconcile(client: ZoomClient, event, people: list[Registration], *, retrying: bool) -> None:
    meeting = managed_meeting(event)
    if meeting is None:
        return
    if meeting.zoom_id is None:
        raise MeetingNotReady()
    # An organizer's correction may change the email: Zoom's registrant is by email,
    # so the old one is cancelled and the person registered again under the new one.
    moved = [r for r in people if r.may_see_zoom and is_registered(r)
             and (r.zoom.email or "").casefold() != (r.email or "").casefold()]
    cancel = [r for r in people if not r.may_see_zoom and is_registered(r)] + moved
    # Zoom registers by email: a walk-in who gave none (later moved online) is not added.
    add = [r for r in people if r.may_see_zoom and r.email
           and (not is_registered(r) or r in moved)
           and not (r.zoom is not None and r.zoom.state == "refused")]
    for start in range(0, len(cancel), BATCH):
        chunk = cancel[start:start + BATCH]
        client.cancel_registrants(meeting.kind, meeting.zoom_id, [
            {"id": r.zoom.registrant_id, "email": r.zoom.email or r.email} for r in chunk])
        for registration in chunk:
            registration.zoom.state = "cancelled"
        db.session.commit()
    if add and retrying:
        add = _adopt_existing(client, meeting, add)
    for start in range(0, len(add), BATCH):
        _register(client, meeting, add[start:start + BATCH])
        db.session.commit()


def _adopt_existing(client, meeting, add: list[Registration]) -> list[Registration]:
    """After a lost answer: take the registrants Zoom already has instead of adding again."""
    known = {}
    for entry in client.registrants(meeting.kind, meeting.zoom_id):
        known.setdefault((entry.get("email") or "").casefold(), entry)
    rest = []
    for registration in add:
        entry = known.get(registration.email.casefold())
        if entry and entry.get("join_url"):
            _store(registration, entry["id"], entry["join_url"])
        else:
            rest.append(registration)
    db.session.commit()
    return rest


def _register(client: ZoomClient, meeting, chunk: list[Registration]) -> None:
    if len(chunk) > 1:
        try:
            answers = client.add_registrants(meeting.kind, meeting.zoom_id,
                                             [person(r) for r in chunk])
        except ZoomUnavailable:
            raise
        except ZoomError as exc:
            log.warning("zoom: batch registration refused (%s); one at a time", exc.code)
        else:
            by_email = {(a.get("email") or "").casefold(): a for a in answers}
            for registration in chunk:
                answer = by_email.get(registration.email.casefold())
                if answer and answer.get("join_url"):
                    _store(registration, answer["registrant_id"], answer["join_url"])
            chunk = [r for r in chunk if not is_registered(r)]
    for registration in chunk:
        try:
            answer = client.add_registrant(meeting.kind, meeting.zoom_id, person(registration))
        except ZoomUnavailable:
            raise
        except ZoomError as exc:
            if exc.code in (3027, 3043) or exc.status == 400:
                refuse(registration, str(exc), now=datetime.now(UTC))
                continue
            raise
        _store(registration, answer["registrant_id"], answer["join_url"])


def _store(registration: Registration, registrant_id: str, join_url: str) -> None:
    z = registration.zoom
    if z is None:
        z = registration.zoom = ZoomRegistrant(registration=registration)
        db.session.add(z)
    changed = z.join_url != join_url
    z.registrant_id, z.join_url, z.email = str(registrant_id), join_url, registration.email
    z.state, z.last_error = "registered", None
    if changed:
        z.link_sent_at = None
        _tell(registration)


def refuse(registration: Registration, error: str, *, now: datetime) -> None:
    """Zoom will not register them: they join by the meeting's own link (told by email)."""
    z = registration.zoom
    if z is None:
        z = registration.zoom = ZoomRegistrant(registration=registration)
        db.session.add(z)
    z.state, z.last_error, z.join_url = "refused", error[:500], None
    log.warning("zoom: registration %s not registered on Zoom: %s", registration.id, error)
    if registration.may_see_zoom:
        _tell(registration)


def _waiting_message(registration: Registration) -> bool:
    """A message to them not written yet: it will carry the link itself."""
    return db.session.scalar(select(exists().where(
        OutboxMessage.registration_id == registration.id,
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.to_write.is_not(None)))) or False


def _tell(registration: Registration) -> None:
    """The short second email with their link, unless a message still to be written has it."""
    from roundtable.registration import notify

    z = registration.zoom
    if z.link_sent_at is not None or not registration.may_see_zoom:
        return
    z.link_sent_at = datetime.now(UTC)
    if _waiting_message(registration):
        return
    with notify.in_language(registration.language):
        personal = z.state == "registered"
        notify.queue_for_registrant(
            "zoom_link", registration, _("Your Zoom link"),
            _("Here is your personal link to join on Zoom. It is yours alone: please do not "
              "forward it.") if personal else
            _("Here is the link to join on Zoom. Please do not forward it."),
            dedupe_key=f"zoom_link:{registration.id}:{z.registrant_id or 'meeting'}:"
                       f"{z.state}")
