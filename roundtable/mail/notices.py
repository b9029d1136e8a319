"""Messages about an event to its registrants: changes, cancellation, reminders, organizers' notes.

Each function writes to the outbox in the caller's transaction and flushes;
delivery happens later (``roundtable.mail.delivery``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from roundtable import signals
from roundtable.attendance import followup
from roundtable.events.models import Event, EventStatus
from roundtable.extensions import db
from roundtable.formatting import event_when
from roundtable.i18n import in_language, localized, word_list
from roundtable.mail.models import OutboxMessage
from roundtable.mail.organizer import in_their_language, message_parts
from roundtable.mail.services import queue_message
from roundtable.mail.zoom_guard import mentions_meeting
from roundtable.registration import notify
from roundtable.registration.models import (
    AttendanceMode,
    Registration,
    RegistrationStatus,
)

# What a changed field is called in a message, and which audience it concerns
# (None: everyone). A new Zoom link is no news to the room, nor a new room to Zoom.
CHANGE_LABELS: dict[str, tuple[str, str | None]] = {
    "starts_at": (_l("the start time"), None),
    "ends_at": (_l("the end time"), None),
    "timezone": (_l("the time zone"), None),
    "format": (_l("how it is held (in person / online)"), None),
    "venue_name": (_l("the venue"), AttendanceMode.IN_PERSON),
    "venue_address": (_l("the address"), AttendanceMode.IN_PERSON),
    "venue_room": (_l("the room"), AttendanceMode.IN_PERSON),
    "zoom_join_url": (_l("the Zoom link"), AttendanceMode.ONLINE),
}

AUDIENCES = {
    "confirmed": _l("Everyone confirmed"),
    "in_person": _l("Confirmed, in person"),
    "online": _l("Confirmed, online"),
    "waitlisted": _l("The waitlist"),
    # After the event, from the attendance data (roundtable/attendance/followup.py).
    "attended": _l("Those who came"),
    "no_show": _l("Confirmed but did not come"),
}


def _registrations(event: Event, *statuses: str, mode: str | None = None) -> list[Registration]:
    """The event's registrants in these statuses whom an email can reach.

    Walk-ins who gave no email at the door are left out of every message (and of
    every audience's count): there is no address to write to.
    """
    query = (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(statuses),
               Registration.email.is_not(None))
        .order_by(Registration.id)
    )
    if mode is not None:
        query = query.where(Registration.mode == mode)
    return list(db.session.scalars(query))


def _labels_for(changes: list[str], mode: str) -> list[str]:
    labels = []
    for change in changes:
        label, audience = CHANGE_LABELS.get(change, (change, None))
        if (audience is None or audience == mode) and str(label) not in labels:
            labels.append(str(label))
    return labels


def notify_event_changed(event: Event, changes: list[str], skip=frozenset()) -> int:
    """Tell every confirmed registrant the time or place changed, with an updated invitation.

    ``changes`` names the changed fields (``starts_at``, ``venue_name``, ...; see
    CHANGE_LABELS) or gives labels. Registrants for whom nothing relevant
    changed (a new room, for the online audience) get nothing. Call after
    bumping ``event.sequence`` so the invitation's SEQUENCE rises. Returns the
    number of messages queued. Registrations whose ids are in ``skip`` have had
    their own notice of this change.
    """
    if event.is_cancelled or not changes:
        return 0
    queued = 0
    for registration in _registrations(event, RegistrationStatus.CONFIRMED):
        if registration.id in skip:
            continue
        with in_language(registration.language):
            labels = _labels_for(changes, registration.mode)
            if not labels:
                continue
            notify.queue_for_registrant(
                "event_changed", registration, _("Event updated"),
                _("The organizers have changed %(what)s. The details below are up to date, "
                  "and the attached invitation updates your calendar.", what=word_list(labels)),
            )
        queued += 1
    db.session.flush()
    return queued


def notify_event_reinstated(event: Event) -> int:
    """Tell every confirmed registrant a cancelled event is back on, with a fresh invitation.

    Their calendars show the event cancelled; the invitation (a higher SEQUENCE)
    puts it back.
    """
    queued = 0
    for registration in _registrations(event, RegistrationStatus.CONFIRMED):
        with in_language(registration.language):
            notify.queue_for_registrant(
                "event_changed", registration, _("Event back on"),
                _("The organizers have withdrawn the cancellation: the event takes place "
                  "as planned. The details below are up to date, and the attached "
                  "invitation puts it back in your calendar."),
            )
        queued += 1
    db.session.flush()
    return queued


def notify_event_cancelled(event: Event, reason: str | None) -> int:
    """Tell every live registrant the event is cancelled, with a calendar CANCEL."""
    reason = (reason or "").strip()
    queued = 0
    for registration in _registrations(
        event, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
    ):
        with in_language(registration.language):
            intro = _("We are sorry: the organizers have cancelled this event.")
            if reason and reason != (event.cancellation_reason or "").strip():
                intro += f" {reason}"
            notify.queue_for_registrant("event_cancelled", registration,
                                        _("Event cancelled"), intro)
        queued += 1
    db.session.flush()
    return queued


def reminder_key(registration: Registration, event: Event) -> str:
    # Once per registration and start time: a venue change does not remind again,
    # but an event moved to another day is reminded of again before its new start.
    return f"reminder:{registration.id}:{event.starts_at.astimezone(UTC):%Y%m%dT%H%MZ}"


def queue_reminders(now: datetime | None = None, hours: int | None = None) -> int:
    """Queue a reminder to each confirmed registrant of events starting soon; never twice.

    Soon is within ``REMINDER_HOURS``. Returns how many were queued. Safe to run
    concurrently and repeatedly: the dedupe key makes a second copy impossible.
    """
    now = now or datetime.now(UTC)
    hours = current_app.config["REMINDER_HOURS"] if hours is None else hours
    events = list(db.session.scalars(
        select(Event)
        .where(Event.status == EventStatus.PUBLISHED)
        .where(Event.starts_at > now, Event.starts_at <= now + timedelta(hours=hours))
        .order_by(Event.starts_at, Event.id)
    ))
    queued = 0
    for event in events:
        for _attempt in range(3):
            try:
                queued += _queue_event_reminders(event)
                db.session.commit()
                break
            except IntegrityError:
                # Another run queued some of the same reminders first: skip those.
                db.session.rollback()
                event = db.session.get(Event, event.id)
    return queued


def _queue_event_reminders(event: Event) -> int:
    registrations = _registrations(event, RegistrationStatus.CONFIRMED)
    keys = {reminder_key(r, event): r for r in registrations}
    done = set(db.session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(list(keys)))
    )) if keys else set()
    queued = 0
    for key, registration in keys.items():
        if key in done:
            continue
        with in_language(registration.language):
            how = (
                _("The Zoom link is below.") if registration.may_see_zoom
                else _("The venue is below.") if registration.mode == AttendanceMode.IN_PERSON
                else ""
            )
            intro = _("A reminder: %(title)s starts %(when)s.",
                      title=localized(event, "title"), when=event_when(event))
            intro = f"{intro} {how}".strip()
            # The organizers' note, in the registrant's language (else the other one).
            if note := (localized(event, "reminder_note") or "").strip():
                intro = f"{intro}\n\n{note}"
            notify.queue_for_registrant(
                "reminder", registration, _("Reminder"), intro,
                dedupe_key=key,
            )
        queued += 1
    db.session.flush()
    return queued


def without_email(event: Event) -> int:
    """Live registrants no message can reach: walk-ins who gave no email at the door."""
    return db.session.scalar(
        select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.email.is_(None),
            Registration.status != RegistrationStatus.CANCELLED)) or 0


def audience_counts(event: Event) -> dict[str, int]:
    """How many registrants each audience of the compose form reaches."""
    return {key: len(_audience(event, key)) for key in AUDIENCES}


def audience_of(event: Event, audience: str) -> list[Registration]:
    """The registrations an audience of the compose form reaches."""
    return _audience(event, audience)


def _audience(event: Event, audience: str) -> list[Registration]:
    if audience == "confirmed":
        return _registrations(event, RegistrationStatus.CONFIRMED)
    if audience in (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE):
        return _registrations(event, RegistrationStatus.CONFIRMED, mode=audience)
    if audience == "waitlisted":
        return _registrations(event, RegistrationStatus.WAITLISTED)
    if audience == "attended":
        return [r for r in followup.attended(event) if r.email]
    if audience == "no_show":
        return [r for r in followup.no_shows(event) if r.email]
    raise ValueError(f"unknown audience {audience!r}")


class MeetingLeak(ValueError):
    """An organizer's message names the Zoom meeting and would reach someone who may not see it."""


def send_organizer_message(
    event: Event, *, audience: str, subject: str, body: str, author_name: str,
    subject_es: str | None = None, body_es: str | None = None,
) -> int:
    """Queue an organizer's message to one audience of the event; return how many.

    The caller has validated the versions (see MessageForm). Each registrant gets the
    version in their language (``subject_es``, ``body_es`` for those who registered in
    Spanish), else the other one: a message written only in Spanish reaches everyone
    in Spanish. Anything recognisable as
    the Zoom meeting, in either version, may reach only confirmed online
    registrants: otherwise MeetingLeak is raised and nothing is queued.
    ``{zoom_link}`` is filled in per reader (zoom_guard.fill_placeholder).
    """
    recipients = _audience(event, audience)
    found = mentions_meeting(event, subject, body, subject_es, body_es)
    if found and not all(r.may_see_zoom for r in recipients):
        raise MeetingLeak(found)
    # Signed with the event's contact: the person replies reach (Reply-To).
    author_name = event.contact_name or author_name
    for registration in recipients:
        # The organizer's words stay as written; the frame around them is in the reader's language.
        own_subject, own_body = in_their_language(registration, subject, body, subject_es,
                                                  body_es)
        with in_language(registration.language):
            body_text, body_html = message_parts(
                event, registration, own_body, author_name, notify.manage_url(registration))
        queue_message(
            kind="organizer_message",
            recipient=registration.email,
            recipient_name=registration.name,
            subject=own_subject,
            body_text=body_text,
            body_html=body_html,
            event=event,
            registration=registration,
            **notify.reply_to_contact(event),
        )
    db.session.flush()
    return len(recipients)


# --- receivers: what an announced event change tells its registrants -------------------


def on_event_changed(event: Event, *, kind: str, moved=(), told=frozenset(),
                     reason: str | None = None, **_details) -> int:
    """Email the registrants a change concerns; return how many were emailed."""
    if kind == "updated" and moved:
        return notify_event_changed(event, list(moved), skip=told)
    if kind == "reinstated":
        # Their calendars show the event cancelled: send a fresh invitation.
        return notify_event_reinstated(event)
    if kind == "cancelled":
        return notify_event_cancelled(event, reason)
    return 0


def connect() -> None:
    """Subscribe the receiver above (idempotent: blinker keeps one of each)."""
    signals.event_changed.connect(on_event_changed)
