"""Storing a Zoom report against an event, matching people to registrations, deciding by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roundtable import matching
from roundtable.attendance import intervals
from roundtable.attendance.models import MatchedBy, OnlineAttendee, OnlineJoin, OnlineStatus
from roundtable.attendance.zoom import ZoomReport, ZoomRow, meeting_digits
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus
from roundtable.signals import attendance_imported
from roundtable.validation import FieldErrors


@dataclass
class ImportResult:
    people: int = 0
    new_people: int = 0
    new_joins: int = 0
    matched: int = 0
    unmatched: int = 0
    warnings: list[str] = field(default_factory=list)


def meeting_mismatch(event: Event, report: ZoomReport) -> str | None:
    """A warning when the report's Meeting ID is not the event's, else None."""
    theirs, ours = meeting_digits(report.meeting_id), meeting_digits(event.zoom_meeting_id)
    if theirs and ours and theirs != ours:
        return _("This report is for Zoom meeting %(theirs)s, but the event's meeting is "
                 "%(ours)s.", theirs=report.meeting_id, ours=event.zoom_meeting_id)
    return None


def _identities(rows: list[ZoomRow]) -> dict[int, str]:
    """Who each row is: their email, or, without one, the email their name has elsewhere."""
    email_of_name = {}
    for row in rows:
        if row.email:
            for name in (row.name, row.original_name):
                if name:
                    email_of_name.setdefault(matching.name_key(name), row.email)
    identities = {}
    for row in rows:
        email = row.email or email_of_name.get(matching.name_key(row.name))
        name = matching.name_key(row.name) or row.name.casefold()
        identities[row.line] = f"email:{email}" if email else f"name:{name}"
    return identities


def import_report(event: Event, report: ZoomReport) -> ImportResult:
    """Add the report's people and joins to the event; a join already stored is skipped."""
    result = ImportResult()
    existing = {a.identity: a for a in db.session.scalars(
        select(OnlineAttendee).where(OnlineAttendee.event_id == event.id)
        .options(selectinload(OnlineAttendee.joins)))}
    identities = _identities(report.rows)
    touched: dict[str, OnlineAttendee] = {}
    for row in report.rows:
        key = identities[row.line][:300]
        attendee = existing.get(key) or touched.get(key)
        if attendee is None:
            attendee = OnlineAttendee(event_id=event.id, identity=key, name=row.name,
                                      original_name=row.original_name, email=row.email,
                                      is_guest=row.guest, first_join_at=row.joined_at,
                                      last_leave_at=row.left_at, minutes=0,
                                      status=OnlineStatus.UNMATCHED)
            db.session.add(attendee)
            result.new_people += 1
        touched[key] = attendee
        _fill_in(attendee, row)
        seen = {(j.joined_at, j.left_at) for j in attendee.joins}
        if (row.joined_at, row.left_at) not in seen:
            attendee.joins.append(OnlineJoin(joined_at=row.joined_at, left_at=row.left_at,
                                             minutes=row.minutes))
            result.new_joins += 1
    window = (report.started_at, report.ended_at) if report.started_at else None
    for attendee in touched.values():
        _summarize(attendee, window)
    _match_registrants(event, report.rows, identities, touched)
    _match(event, list(touched.values()))
    db.session.flush()
    result.people = len(touched)
    result.matched = sum(a.status == OnlineStatus.MATCHED for a in touched.values())
    result.unmatched = sum(a.status == OnlineStatus.UNMATCHED for a in touched.values())
    attendance_imported.send(event)
    return result


def _fill_in(attendee: OnlineAttendee, row: ZoomRow) -> None:
    # A later row may know what an earlier one did not (an email, the original name).
    if row.email and not attendee.email:
        attendee.email = row.email
    if row.original_name and not attendee.original_name:
        attendee.original_name = row.original_name
    if row.guest is not None and attendee.is_guest is None:
        attendee.is_guest = row.guest


def _summarize(attendee: OnlineAttendee, window=None) -> None:
    """Minutes present: the union of their joins (a laptop and a phone at once count once),
    clipped to the meeting's own start and end when the report gives them."""
    minutes = intervals.present_minutes(((j.joined_at, j.left_at) for j in attendee.joins),
                                        window)
    first = min(j.joined_at for j in attendee.joins)
    last = max(j.left_at for j in attendee.joins)
    # Assign only on change, so a re-import writes nothing.
    if attendee.minutes != minutes:
        attendee.minutes = minutes
    if attendee.first_join_at != first:
        attendee.first_join_at = first
    if attendee.last_leave_at != last:
        attendee.last_leave_at = last


def _candidates(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id, Registration.mode == AttendanceMode.ONLINE,
            Registration.status != RegistrationStatus.CANCELLED,
        ).order_by(Registration.id)))


def _match(event: Event, attendees: list[OnlineAttendee]) -> None:
    """Match waiting people by email, then by a name only one registrant has."""
    waiting = [a for a in attendees if a.status == OnlineStatus.UNMATCHED]
    if not waiting:
        return
    registrations = _candidates(event)
    taken = set(db.session.scalars(
        select(OnlineAttendee.registration_id).where(
            OnlineAttendee.event_id == event.id, OnlineAttendee.registration_id.is_not(None))))
    by_email = {r.email: r for r in registrations}
    for attendee in waiting:
        registration = by_email.get(attendee.email or "")
        if registration is not None and registration.id not in taken:
            _set_match(attendee, registration, MatchedBy.EMAIL)
            taken.add(registration.id)
    for attendee in waiting:
        if attendee.status != OnlineStatus.UNMATCHED:
            continue
        found = {r.id: r for name in attendee.names
                 for r in matching.matching(registrations, name) if r.id not in taken}
        if len(found) == 1:
            registration = next(iter(found.values()))
            _set_match(attendee, registration, MatchedBy.NAME)
            taken.add(registration.id)


def _match_registrants(event, rows, identities, touched) -> None:
    """Rows that name the registration Roundtable registered with Zoom match it exactly."""
    for row in rows:
        attendee = touched.get(identities[row.line][:300])
        if row.registration_id is None or attendee is None:
            continue
        if attendee.status != OnlineStatus.UNMATCHED:
            continue
        registration = db.session.get(Registration, row.registration_id)
        if registration is not None and registration.event_id == event.id:
            _set_match(attendee, registration, MatchedBy.ZOOM)


def _set_match(attendee: OnlineAttendee, registration: Registration, how: str) -> None:
    attendee.status = OnlineStatus.MATCHED
    attendee.registration_id = registration.id
    attendee.registration = registration
    attendee.matched_by = how


def online_attendees(event: Event) -> list[OnlineAttendee]:
    """Everyone in the event's Zoom reports, registrations loaded, by first join."""
    return list(db.session.scalars(
        select(OnlineAttendee).where(OnlineAttendee.event_id == event.id)
        .options(selectinload(OnlineAttendee.registration), selectinload(OnlineAttendee.joins))
        .order_by(OnlineAttendee.first_join_at, OnlineAttendee.id)))


def get_attendee(event: Event, attendee_id: int) -> OnlineAttendee | None:
    return db.session.scalar(select(OnlineAttendee).where(
        OnlineAttendee.event_id == event.id, OnlineAttendee.id == attendee_id))


@dataclass
class Suggestions:
    """A waiting Zoom participant's registrations to choose from, likeliest first."""

    likely: list[Registration]      # a similar name or the same email, not matched yet
    online_waiting: list[Registration]  # online registrants with no attendance yet
    others: list[Registration]      # everyone else who may still be chosen


def suggestions(attendee: OnlineAttendee, registrations: list[Registration],
                taken: set[int]) -> Suggestions:
    """Order ``registrations`` for matching ``attendee`` by hand; nothing is chosen for them.

    Likely: not yet matched to anyone, with a name like one of the participant's (or
    the same email), online registrants first. Then online registrants with no
    attendance yet; then the rest (in-person registrants, those already matched).
    """
    free = [r for r in registrations if r.id not in taken]
    likely = [r for r in free if attendee.email and r.email == attendee.email]
    for name in attendee.names:
        likely += [r for r in matching.similar(free, name, words=matching.person_words,
                                               names=lambda r: [r.name], subset=True)
                   if r not in likely]
    likely.sort(key=lambda r: r.mode != AttendanceMode.ONLINE)  # stable: keeps the score order
    shown = {r.id for r in likely}
    online_waiting = [r for r in free if r.mode == AttendanceMode.ONLINE and r.id not in shown]
    shown |= {r.id for r in online_waiting}
    return Suggestions(likely, online_waiting, [r for r in registrations if r.id not in shown])


def matched_registration_ids(event: Event) -> set[int]:
    """Registrations already matched to a Zoom participant."""
    return set(db.session.scalars(select(OnlineAttendee.registration_id).where(
        OnlineAttendee.event_id == event.id, OnlineAttendee.registration_id.is_not(None))))


def matchable_registrations(event: Event) -> list[Registration]:
    """Registrations an organizer may match a Zoom participant to: live ones, by name."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.name, Registration.id)))


def decide(event: Event, attendee: OnlineAttendee, decision: str,
           registration_id: int | None = None) -> None:
    """Match by hand, keep as an unregistered attendee, ignore, or put back to unmatched."""
    if decision == "match":
        registration = db.session.get(Registration, registration_id or 0)
        if (registration is None or registration.event_id != event.id
                or registration.is_cancelled):
            raise FieldErrors({"registration_id": _("Choose one of this event's registrations.")})
        other = db.session.scalar(select(OnlineAttendee).where(
            OnlineAttendee.registration_id == registration.id, OnlineAttendee.id != attendee.id))
        if other is not None:
            raise FieldErrors({"registration_id":
                              _("%(registration)s is already matched to %(participant)s "
                                "from Zoom.", registration=registration.name,
                                participant=other.name)})
        _set_match(attendee, registration, MatchedBy.HAND)
    elif decision in (OnlineStatus.UNREGISTERED, OnlineStatus.IGNORED, OnlineStatus.UNMATCHED):
        attendee.status = decision
        attendee.registration_id = None
        attendee.registration = None
        attendee.matched_by = None
    else:
        raise FieldErrors({"decision": _("Choose what to do with this participant.")})
    db.session.flush()


def clear_reports(event: Event) -> int:
    """Forget every imported Zoom participant of the event (a wrong file); return how many."""
    attendees = list(db.session.scalars(
        select(OnlineAttendee).where(OnlineAttendee.event_id == event.id)))
    for attendee in attendees:
        db.session.delete(attendee)
    db.session.flush()
    return len(attendees)
