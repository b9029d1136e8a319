"""Storing a Zoom report against an event, matching people to registrations, deciding by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from roundtable import folding, matching, single_line
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


@dataclass
class _NewAttendee:
    """A participant this import adds: matched and summed in memory, then inserted in bulk
    with the others (one statement for the people, one for their joins)."""

    identity: str
    name: str
    original_name: str | None
    email: str | None
    is_guest: bool | None
    minutes: int = 0
    first_join_at: datetime | None = None
    last_leave_at: datetime | None = None
    status: str = OnlineStatus.UNMATCHED
    registration_id: int | None = None
    registration: Registration | None = None
    matched_by: str | None = None

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, self.original_name) if n]


def import_report(event: Event, report: ZoomReport) -> ImportResult:
    """Add the report's people and joins to the event; a join already stored is skipped.

    Linear in the report's rows and the event's registrations: the event's participants
    and registrations are read once, every row is matched by dictionary lookups, and the
    new participants and joins are written with one bulk INSERT each (no statement per
    row; a 6,500-row report costs the same handful of statements as a 6-row one).
    """
    result = ImportResult()
    existing = {a.identity: a for a in db.session.scalars(
        select(OnlineAttendee).where(OnlineAttendee.event_id == event.id)
        .options(selectinload(OnlineAttendee.joins)))}
    identities = _identities(report.rows)
    touched: dict[str, OnlineAttendee | _NewAttendee] = {}
    spans: dict[str, set[tuple[datetime, datetime]]] = {}
    new_joins: list[tuple[str, ZoomRow]] = []
    for row in report.rows:
        key = identities[row.line][:300]
        attendee = touched.get(key)
        if attendee is None:
            attendee = existing.get(key)
            if attendee is None:
                attendee = _NewAttendee(key, row.name, row.original_name, row.email, row.guest)
                result.new_people += 1
                spans[key] = set()
            else:
                spans[key] = {(j.joined_at, j.left_at) for j in attendee.joins}
            touched[key] = attendee
        _fill_in(attendee, row)
        if (row.joined_at, row.left_at) not in spans[key]:
            spans[key].add((row.joined_at, row.left_at))
            new_joins.append((key, row))
            result.new_joins += 1
    window = (report.started_at, report.ended_at) if report.started_at else None
    for key, attendee in touched.items():
        _summarize(attendee, spans[key], window)
    _match_registrants(event, report.rows, identities, touched)
    _match(event, list(touched.values()))
    _store(event, touched, new_joins)
    result.people = len(touched)
    result.matched = sum(a.status == OnlineStatus.MATCHED for a in touched.values())
    result.unmatched = sum(a.status == OnlineStatus.UNMATCHED for a in touched.values())
    attendance_imported.send(event)
    return result


def _store(event: Event, touched: dict, new_joins: list[tuple[str, ZoomRow]]) -> None:
    """Insert the new participants, then every new join, in bulk; flush the changed ones.

    A bulk INSERT skips the session's ``before_flush`` checks, so the one that applies
    to these columns, single-line text, is made here on the values themselves.
    """
    added = [a for a in touched.values() if isinstance(a, _NewAttendee)]
    for attendee in added:
        for column in ("name", "original_name", "email"):
            value = getattr(attendee, column)
            if value and single_line.has_control_characters(value):
                raise FieldErrors({column: single_line.MESSAGE})
    db.session.flush()  # the changed participants, before the statements below
    ids = {a.identity: a.id for a in _existing(touched)}
    if added:
        # Core on the table, not the ORM's bulk insert: that one splits the rows into a
        # statement per run of rows with the same None columns. Without RETURNING: SQLite
        # cannot return ids in the rows' order except one statement per row; the ids are
        # read back by identity, unique in the event, in one query.
        db.session.execute(insert(OnlineAttendee.__table__), [
            {"event_id": event.id, "identity": a.identity, "name": a.name,
             "original_name": a.original_name, "email": a.email, "is_guest": a.is_guest,
             "minutes": a.minutes, "first_join_at": a.first_join_at,
             "last_leave_at": a.last_leave_at, "status": a.status,
             "registration_id": a.registration_id, "matched_by": a.matched_by}
            for a in added])
        new = {a.identity for a in added}
        ids.update((identity, id_) for identity, id_ in db.session.execute(
            select(OnlineAttendee.identity, OnlineAttendee.id).where(
                OnlineAttendee.event_id == event.id)) if identity in new)
    if new_joins:
        db.session.execute(insert(OnlineJoin.__table__), [
            {"attendee_id": ids[key], "joined_at": row.joined_at, "left_at": row.left_at,
             "minutes": row.minutes} for key, row in new_joins])
        for key in {key for key, _row in new_joins}:
            if not isinstance(touched[key], _NewAttendee):
                db.session.expire(touched[key], ["joins"])  # read again when asked


def _existing(touched: dict) -> list[OnlineAttendee]:
    return [a for a in touched.values() if isinstance(a, OnlineAttendee)]


def _fill_in(attendee, row: ZoomRow) -> None:
    # A later row may know what an earlier one did not (an email, the original name).
    if row.email and not attendee.email:
        attendee.email = row.email
    if row.original_name and not attendee.original_name:
        attendee.original_name = row.original_name
    if row.guest is not None and attendee.is_guest is None:
        attendee.is_guest = row.guest


def _summarize(attendee, spans, window=None) -> None:
    """Minutes present: the union of their joins (a laptop and a phone at once count once),
    clipped to the meeting's own start and end when the report gives them."""
    minutes = intervals.present_minutes(spans, window)
    first = min(joined for joined, _left in spans)
    last = max(left for _joined, left in spans)
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


def _match(event: Event, attendees: list) -> None:
    """Match waiting people by email, then by a name only one registrant has.

    Registrations are indexed once by email and by ``matching.name_key``, so a report's
    rows each cost a dictionary lookup: the time grows with the rows plus the
    registrations, never with their product.
    """
    waiting = [a for a in attendees if a.status == OnlineStatus.UNMATCHED]
    if not waiting:
        return
    registrations = _candidates(event)
    taken = set(db.session.scalars(
        select(OnlineAttendee.registration_id).where(
            OnlineAttendee.event_id == event.id, OnlineAttendee.registration_id.is_not(None))))
    # Walk-ins without an email are matched by name only.
    by_email = {r.email: r for r in registrations if r.email}
    by_name: dict[str, list[Registration]] = {}
    for registration in registrations:
        key = matching.name_key(registration.name) if registration.name else ""
        if key:
            by_name.setdefault(key, []).append(registration)
    for attendee in waiting:
        registration = by_email.get(attendee.email or "")
        if registration is not None and registration.id not in taken:
            _set_match(attendee, registration, MatchedBy.EMAIL)
            taken.add(registration.id)
    for attendee in waiting:
        if attendee.status != OnlineStatus.UNMATCHED:
            continue
        found = {r.id: r for name in attendee.names
                 for r in by_name.get(matching.name_key(name), ()) if r.id not in taken}
        if len(found) == 1:
            registration = next(iter(found.values()))
            _set_match(attendee, registration, MatchedBy.NAME)
            taken.add(registration.id)


def _match_registrants(event, rows, identities, touched) -> None:
    """Rows that name the registration Roundtable registered with Zoom match it exactly
    (the registrations they name are read in one query)."""
    wanted = {row.registration_id for row in rows if row.registration_id is not None}
    if not wanted:
        return
    registrations = {r.id: r for r in db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(wanted)))}
    for row in rows:
        attendee = touched.get(identities[row.line][:300])
        if row.registration_id is None or attendee is None:
            continue
        if attendee.status != OnlineStatus.UNMATCHED:
            continue
        registration = registrations.get(row.registration_id)
        if registration is not None:
            _set_match(attendee, registration, MatchedBy.ZOOM)


def _set_match(attendee, registration: Registration, how: str) -> None:
    attendee.status = OnlineStatus.MATCHED
    attendee.registration_id = registration.id
    attendee.registration = registration
    attendee.matched_by = how


PAGE_SIZE = 100
# The participants table's orders: each ends on the id, so a page boundary never moves.
SORTS = {
    "joined": (OnlineAttendee.first_join_at, OnlineAttendee.id),
    "name": (func.lower(OnlineAttendee.name), OnlineAttendee.id),
    "minutes": (OnlineAttendee.minutes.desc(), OnlineAttendee.id),
}
STATUS_FILTERS = ("all", *OnlineStatus)


@dataclass
class ParticipantsPage:
    """One page of an event's Zoom participants, in one status (or all), in one order."""

    attendees: list[OnlineAttendee]
    joins: dict[int, int]       # participant id -> their number of joins
    counts: dict[str, int]      # status -> participants, over the whole event; "all" too
    status: str
    sort: str
    page: int
    pages: int
    size: int

    @property
    def total(self) -> int:
        return self.counts.get(self.status, 0)

    @property
    def first(self) -> int:
        """The position of the page's first row (1-based), 0 on an empty page."""
        return (self.page - 1) * self.size + 1 if self.attendees else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + len(self.attendees)


def participants_page(event: Event, status: str = "all", sort: str = "joined",
                      page: int = 1, size: int = PAGE_SIZE) -> ParticipantsPage:
    """A page of the event's participants: four queries, whatever their number.

    An unknown ``status`` or ``sort`` is the default; a page past the last is the last.
    """
    status = status if status in STATUS_FILTERS else "all"
    sort = sort if sort in SORTS else "joined"
    counts = {row.status: row.n for row in db.session.execute(
        select(OnlineAttendee.status, func.count().label("n"))
        .where(OnlineAttendee.event_id == event.id).group_by(OnlineAttendee.status))}
    counts["all"] = sum(counts.values())
    pages = max(1, -(-counts.get(status, 0) // size))
    page = min(max(page, 1), pages)
    query = select(OnlineAttendee).where(OnlineAttendee.event_id == event.id)
    if status != "all":
        query = query.where(OnlineAttendee.status == status)
    attendees = list(db.session.scalars(
        query.order_by(*SORTS[sort]).limit(size).offset((page - 1) * size)
        .options(selectinload(OnlineAttendee.registration))))
    joins = dict(db.session.execute(
        select(OnlineJoin.attendee_id, func.count()).where(
            OnlineJoin.attendee_id.in_([a.id for a in attendees]))
        .group_by(OnlineJoin.attendee_id)).all()) if attendees else {}
    return ParticipantsPage(attendees, joins, counts, status, sort, page, pages, size)


def find_registrations(event: Event, text: str, limit: int = 50) -> tuple[list, int]:
    """Live registrations whose name, email or affiliation holds ``text`` (accents and case
    ignored: ``folding``), by name, at most
    ``limit`` of them, and how many there are in all."""
    query = select(Registration).where(Registration.event_id == event.id,
                                       Registration.status != RegistrationStatus.CANCELLED)
    needle = folding.needle(text[:200])
    if needle:
        query = query.where(Registration.search_text.contains(needle, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    found = list(db.session.scalars(query.order_by(Registration.name, Registration.id)
                                    .limit(limit)))
    return found, total


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
    more: int = 0                   # registrations left out of the groups (Suggester limit)


def suggestions(attendee: OnlineAttendee, registrations: list[Registration],
                taken: set[int]) -> Suggestions:
    """Order ``registrations`` for matching ``attendee`` by hand; nothing is chosen for them.

    Likely: not yet matched to anyone, with a name like one of the participant's (or
    the same email), online registrants first. Then online registrants with no
    attendance yet; then the rest (in-person registrants, those already matched).
    """
    return Suggester(registrations, taken)(attendee)


class Suggester:
    """``suggestions`` for many participants against one list of registrations: the
    registrations' names are reduced once, and each participant costs one rapidfuzz call.

    ``limit``: at most that many registrations in each group (``Suggestions.more`` says
    how many were left out), so a page of participants stays small however many
    people registered; the participant's own page searches them all.
    """

    def __init__(self, registrations: list[Registration], taken: set[int],
                 limit: int | None = None):
        self.registrations = registrations
        self.free = [r for r in registrations if r.id not in taken]
        self.reduced = [matching.person_words(r.name) if r.name else "" for r in self.free]
        self.by_email: dict[str, list[Registration]] = {}
        for r in self.free:
            if r.email:  # a walk-in may have none: found by name only
                self.by_email.setdefault(r.email, []).append(r)
        self.online = [r for r in self.free if r.mode == AttendanceMode.ONLINE]
        self.online_ids = {r.id for r in self.online}
        self.limit = limit

    def __call__(self, attendee) -> Suggestions:
        likely = list(self.by_email.get(attendee.email, ())) if attendee.email else []
        for name in attendee.names:
            likely += [r for r in (self.free[i] for i in matching.similar_prepared(
                self.reduced, name, words=matching.person_words, subset=True))
                if r not in likely]
        likely.sort(key=lambda r: r.mode != AttendanceMode.ONLINE)  # stable: the score order
        shown = {r.id for r in likely}
        limit = self.limit
        online_waiting = list(islice((r for r in self.online if r.id not in shown), limit))
        shown |= self.online_ids
        others = list(islice((r for r in self.registrations if r.id not in shown), limit))
        if limit is None:
            return Suggestions(likely, online_waiting, others)
        # Every registration is in one group; count those the limits leave out.
        online_all = len(self.online) - sum(r.mode == AttendanceMode.ONLINE for r in likely)
        others_all = len(self.registrations) - len(likely) - online_all
        return Suggestions(likely[:limit], online_waiting, others,
                           more=(len(likely) - len(likely[:limit])
                                 + online_all - len(online_waiting)
                                 + others_all - len(others)))


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
