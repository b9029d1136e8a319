"""Registration rules: capacity per mode, waitlist, cancellation, check-in.

Every change that touches seats starts with lock_event(), so the capacity
check and the write happen in one transaction that holds the event row.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, bindparam, func, or_, select, text

from roundtable import folding, labels, matching
from roundtable.db_types import utcnow
from roundtable.events.glance import EventGlance
from roundtable.events.models import Event, EventStatus
from roundtable.extensions import db
from roundtable.formatting import local_date, local_time, zone_label
from roundtable.i18n import normalize as normalize_language
from roundtable.i18n import word_list
from roundtable.mail.throttle import recipient_allows
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus
from roundtable.registration.tokens import issue_token
from roundtable.signals import announce_link, announce_registration, state_of

# Re-registering resends the manage link: at most this many to one address an hour.
RESENDS_PER_HOUR = 3


class RegistrationError(Exception):
    """A registration change that the rules do not allow; the message says why."""


class NeedsConfirmation(RegistrationError):
    """A change the rules allow only when asked first: the message is the question.

    Call again with the keyword the service names (``anyway``) once the person said yes.
    """


class LikelyDuplicate(NeedsConfirmation):
    """A walk-in without an email whose name is like a registration's: asked first.

    ``registrations`` are the likely ones, most alike first, so the door can show
    them (and admit or check in the right one) before adding anyone.
    """

    def __init__(self, message: str, registrations: list[Registration]):
        super().__init__(message)
        self.registrations = registrations


class AlreadyRegistered(RegistrationError):
    """A walk-in whose email already has a live registration: admit that one instead."""

    def __init__(self, message: str, registration: Registration):
        super().__init__(message)
        self.registration = registration


@dataclass
class RegistrationResult:
    """What happened when someone registered."""

    registration: Registration
    token: str | None
    outcome: str  # "confirmed", "waitlisted" or "existing"
    other_mode_has_room: bool = False


def lock_event(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction and return it fresh.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite has no row locks; a no-op UPDATE
    takes its database-wide write lock, which serializes writers the same way.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(_TAKE_WRITE_LOCK, {"id": event_id})
    event = db.session.scalar(_locked_event(), {"id": event_id})
    if event is None:
        raise RegistrationError(_("This event no longer exists."))
    return event


_TAKE_WRITE_LOCK = text("UPDATE events SET id = id WHERE id = :id")


# The registration's statements are built once (functools.cache): building one and
# its cache key cost as much as running it, and a rush runs them for every request.
@cache
def _locked_event():
    return (select(Event).where(Event.id == bindparam("id")).with_for_update()
            .execution_options(populate_existing=True))


@cache
def _seat_counts():
    # count(*), not count(id): PostgreSQL answers it from the (event, mode, status) index alone.
    return (select(Registration.mode, Registration.status, func.count())
            .where(Registration.event_id == bindparam("event_id"))
            .group_by(Registration.mode, Registration.status))


@cache
def _live_registration():
    return select(Registration).where(
        Registration.event_id == bindparam("event_id"),
        Registration.email == bindparam("email"),
        # The unique index's own predicate, so the planner matches it at once.
        Registration.status != RegistrationStatus.CANCELLED,
    )


@cache
def _ahead_in_line():
    return select(func.count()).where(
        Registration.event_id == bindparam("event_id"),
        Registration.mode == bindparam("mode"),
        Registration.status == RegistrationStatus.WAITLISTED,
        or_(
            Registration.waitlisted_at < bindparam("waitlisted_at"),
            and_(Registration.waitlisted_at == bindparam("waitlisted_at"),
                 Registration.id < bindparam("id")),
        ),
    )


def _local(event: Event, instant: datetime) -> str:
    """'Monday, November 3, 2025, 9:00 AM, Arizona time (MST)' in the event's zone."""
    return (f"{local_date(instant, event.timezone)}, "
            f"{local_time(instant, event.timezone)}, {zone_label(instant, event.timezone)}")


def closed_reason(event: Event, now: datetime | None = None) -> str | None:
    """Return why registration is closed for this event, and since or until when; None if open."""
    now = now or utcnow()
    if event.status == EventStatus.DRAFT:
        return _("This event is not open for registration.")
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    if event.ends_at <= now:
        return _("This event took place on %(date)s.",
                 date=local_date(event.starts_at, event.timezone))
    if event.starts_at <= now:
        return _("This event is under way (it began %(when)s), so registration is closed.",
                 when=_local(event, event.starts_at))
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(when)s.", when=_local(event, event.registration_opens_at))
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration closed on %(when)s.",
                 when=_local(event, event.registration_closes_at))
    return None


def offered_modes(event: Event) -> list[AttendanceMode]:
    """The attendance modes the event's format offers."""
    modes = []
    if event.offers_in_person:
        modes.append(AttendanceMode.IN_PERSON)
    if event.offers_online:
        modes.append(AttendanceMode.ONLINE)
    return modes


def capacity_of(event: Event, mode: str) -> int | None:
    """The seats of a mode; None means unlimited."""
    return event.capacity_in_person if mode == AttendanceMode.IN_PERSON else event.capacity_online


def count_by_mode_and_status(event_id: int) -> dict[tuple[str, str], int]:
    """Count an event's registrations grouped by (mode, status), in one query."""
    rows = db.session.execute(_seat_counts(), {"event_id": event_id})
    return {(mode, status): n for mode, status, n in rows}


# Scarcity is news only near the end: "Only 3 seats left" at or under this share of
# the capacity. A 5-seat event nobody has registered for has "5 seats left".
SCARCE_SHARE = 0.2


@dataclass
class Availability:
    """What one audience has left, as an attendee sees it before registering."""

    mode: str
    capacity: int | None
    confirmed: int
    waitlisted: int

    @property
    def label(self) -> str:
        return labels.mode_label(self.mode)

    @property
    def seats_left(self) -> int | None:
        """Free seats; None when the audience has no limit."""
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def is_scarce(self) -> bool:
        """Few seats left for the capacity (at most SCARCE_SHARE of it), but not none."""
        left = self.seats_left
        return bool(left) and self.capacity > 0 and left <= SCARCE_SHARE * self.capacity

    @property
    def text(self) -> str:
        """'12 seats left', 'Only 3 seats left', 'Full — join the waitlist (4 waiting)'."""
        left = self.seats_left
        if left is None:
            return _("Seats available")
        if left == 0:
            if self.waitlisted:
                return _("Full — join the waitlist (%(count)s waiting)", count=self.waitlisted)
            return _("Full — join the waitlist")
        if self.is_scarce:
            return ngettext("Only %(num)d seat left", "Only %(num)d seats left", left)
        return ngettext("%(num)d seat left", "%(num)d seats left", left)


def availability(event: Event, counts: dict[tuple[str, str], int] | None = None,
                 ) -> list[Availability]:
    """Seats left and waitlist length per offered audience, from the one grouped query.

    ``counts``: that query's answer when the caller has it (the event page's glance).
    """
    if counts is None:
        counts = count_by_mode_and_status(event.id)
    return [
        Availability(
            mode=mode,
            capacity=capacity_of(event, mode),
            confirmed=counts.get((mode, RegistrationStatus.CONFIRMED), 0),
            waitlisted=counts.get((mode, RegistrationStatus.WAITLISTED), 0),
        )
        for mode in offered_modes(event)
    ]


def everything_full(audiences: list[Availability]) -> bool:
    """Whether every offered audience is full, so registering means joining a waitlist."""
    return bool(audiences) and all(a.is_full for a in audiences)


def confirmed_count(event_id: int, mode: str) -> int:
    """Count confirmed registrations of one mode."""
    return db.session.scalar(
        select(func.count()).where(
            Registration.event_id == event_id,
            Registration.mode == mode,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def has_room(event: Event, mode: str,
             counts: dict[tuple[str, str], int] | None = None) -> bool:
    """Return whether a mode has a free seat (call with the event locked).

    ``counts``: count_by_mode_and_status() taken under the lock, when the caller has it.
    """
    capacity = capacity_of(event, mode)
    if capacity is None:
        return True
    if counts is None:
        return confirmed_count(event.id, mode) < capacity
    return counts.get((mode, RegistrationStatus.CONFIRMED), 0) < capacity


def find_live_registration(event_id: int, email: str | None) -> Registration | None:
    """Return the non-cancelled registration of this email for this event (none without one)."""
    if not (email or "").strip():
        return None
    return db.session.scalar(_live_registration(),
                             {"event_id": event_id, "email": normalize_email(email)})


def normalize_email(email: str) -> str:
    """Strip and lower-case an address; registrations are unique on the result."""
    return email.strip().lower()


def optional_email(email: str | None) -> str | None:
    """A walk-in's address normalized, or None when they gave none (blank)."""
    email = (email or "").strip()
    return normalize_email(email) if email else None


def similar_registrations(event_id: int, name: str) -> list[Registration]:
    """The event's registrations (any status) whose name is like ``name``, most alike first.

    ``matching.similar`` with ``person_words``: accents, case, honorifics, initials
    and word order aside, and small typos. At the door people give a shorter name
    than they registered with, so a name of two words or more also finds one that
    holds it ("Ana Perez" finds "Dra. Ana Pérez López"); a single word ("Ana") only
    its like, or every Ana would be asked about.
    """
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event_id)
        .order_by(Registration.name, Registration.id))
    subset = len(matching.person_words(name).split()) >= 2
    return matching.similar(registrations, name, names=lambda r: [r.name],
                            words=matching.person_words, subset=subset)


def walk_in_twins(event_id: int, name: str) -> list[Registration]:
    """Live walk-ins of the event with the same name (``name_key``), with an email or not.

    For a walk-in added without an email: the same person added twice at the door
    (two phones offline, one of them maybe with the address) is told apart by
    nothing but the name, so an exact one is taken as the same person.
    """
    key = matching.name_key(name)
    walk_ins = db.session.scalars(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.is_walk_in.is_(True),
                                   Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.id))
    return [r for r in walk_ins if key and matching.name_key(r.name) == key]


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line of the registration's mode; None if not waitlisted."""
    if not registration.is_waitlisted:
        return None
    ahead = db.session.scalar(_ahead_in_line(), {
        "event_id": registration.event_id, "mode": registration.mode,
        "waitlisted_at": registration.waitlisted_at, "id": registration.id})
    return ahead + 1


def register(
    event: Event | EventGlance,
    *,
    name: str,
    email: str,
    mode: str,
    affiliation: str | None = None,
    attends_reception: bool | None = None,
    language: str = "en",
) -> RegistrationResult:
    """Register someone, confirmed if their mode has room, else on its waitlist.

    ``language`` ('en' or 'es') is the one they registered in: their emails use it.
    ``event`` may be a glance: it is read again, whole, under the lock.
    """
    event = lock_event(event.id)
    reason = closed_reason(event)
    if reason:
        raise RegistrationError(reason)
    if mode not in offered_modes(event):
        raise RegistrationError(_("This event does not offer that way of attending."))
    existing = find_live_registration(event.id, email)
    if existing is not None:
        # Anyone can ask for this email to be sent: cap it per address, whatever the client.
        if recipient_allows(existing.email, "manage_link", RESENDS_PER_HOUR, timedelta(hours=1)):
            announce_link(existing, "requested")
        return RegistrationResult(existing, None, "existing")
    # One grouped count answers for this mode now and, if it is full, for the others.
    counts = count_by_mode_and_status(event.id)
    confirmed = has_room(event, mode, counts)
    registration = Registration(
        event=event,
        name=name.strip(),
        email=normalize_email(email),
        affiliation=(affiliation or "").strip() or None,
        mode=mode,
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED,
        waitlisted_at=None if confirmed else utcnow(),
        attends_reception=attends_reception if mode == AttendanceMode.IN_PERSON else None,
        language=normalize_language(language) or "en",
    )
    token = issue_token(registration)
    db.session.add(registration)
    db.session.flush()
    announce_registration(registration, "created", None)
    if confirmed:
        return RegistrationResult(registration, token, "confirmed")
    other_room = any(m != mode and has_room(event, m, counts) for m in offered_modes(event))
    return RegistrationResult(registration, token, "waitlisted", other_room)


def _next_in_line(event_id: int, mode: str) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.mode == mode,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlisted_at, Registration.id)
        .limit(1)
    )


def promote_waitlisted(event: Event) -> list[Registration]:
    """Confirm people from each waitlist while their mode has room (event locked).

    Nobody is promoted once the event is cancelled or over: a seat freed after the
    end opens nothing, and "a seat opened up" (with the Zoom link) would be false.
    """
    promoted = []
    if event.is_cancelled or event.is_past:
        return promoted
    for mode in offered_modes(event):
        while has_room(event, mode):
            nxt = _next_in_line(event.id, mode)
            if nxt is None:
                break
            before = state_of(nxt)
            nxt.status = RegistrationStatus.CONFIRMED
            nxt.waitlisted_at = None
            db.session.flush()
            announce_registration(nxt, "promoted", before)
            promoted.append(nxt)
    return promoted


def cancel(registration: Registration, *, by_organizer: bool = False) -> list[Registration]:
    """Cancel a registration and promote whoever its seat now goes to."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.is_cancelled:
        return []
    if registration.checked_in_at is not None:
        # Cancelling someone who is in the room would hand their seat to the waitlist.
        raise RegistrationError(_("%(name)s is checked in: undo the check-in before cancelling.",
                                  name=registration.name))
    before = state_of(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    db.session.flush()
    announce_registration(registration, "cancelled", before, by_organizer=by_organizer)
    return promote_waitlisted(event)


def switch_mode(registration: Registration, mode: str) -> Registration:
    """Move a registration to the other mode if that mode has a seat for it."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.is_cancelled:
        raise RegistrationError(_("This registration has been cancelled."))
    if closed_reason(event):
        raise RegistrationError(_("Changes are closed: ") + closed_reason(event))
    if mode not in offered_modes(event):
        raise RegistrationError(_("This event does not offer that way of attending."))
    if mode == registration.mode:
        return registration
    if not has_room(event, mode):
        raise RegistrationError(
            _("There is no seat left %(mode)s; your current registration is unchanged.",
              mode=AttendanceMode(mode).phrase)
        )
    was_confirmed = registration.is_confirmed
    before = state_of(registration)
    registration.mode = mode
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None
    if mode == AttendanceMode.ONLINE:
        registration.attends_reception = None
    db.session.flush()
    announce_registration(registration, "mode_changed", before)
    if was_confirmed:
        promote_waitlisted(event)
    return registration


def set_reception(registration: Registration, attends: bool) -> None:
    """Record whether an in-person registrant joins the reception."""
    if registration.is_cancelled:
        raise RegistrationError(_("This registration has been cancelled."))
    if registration.mode != AttendanceMode.IN_PERSON:
        raise RegistrationError(_("The reception is for the in-person audience."))
    registration.attends_reception = attends
    db.session.flush()


def confirm_from_waitlist(registration: Registration, *, anyway: bool = False) -> bool:
    """Organizer override: confirm a waitlisted person, adding a seat if the mode is full.

    Raising the capacity is asked first (NeedsConfirmation) unless ``anyway``.
    Returns whether the capacity was raised to make room, so the organizer is told.
    """
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if not registration.is_waitlisted:
        raise RegistrationError(_("Only waitlisted registrations can be confirmed."))
    raised = not has_room(event, registration.mode)
    if raised and not anyway:
        raise NeedsConfirmation(raise_capacity_question(event, registration))
    if raised:
        _add_seat(event, registration.mode)
    before = state_of(registration)
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None
    db.session.flush()
    announce_registration(registration, "promoted", before)
    return raised


def raise_capacity_question(event: Event, registration: Registration) -> str:
    """'The in-person audience is full: confirming X raises its capacity from 80 to 81. …'"""
    capacity = capacity_of(event, registration.mode) or 0
    return _("The %(audience)s audience is full: confirming %(name)s raises its capacity from "
             "%(old)s to %(new)s. Confirm?", audience=labels.mode_audience(registration.mode),
             name=registration.name, old=capacity, new=capacity + 1)


def _add_seat(event: Event, mode: str) -> None:
    if mode == AttendanceMode.IN_PERSON:
        event.capacity_in_person = (event.capacity_in_person or 0) + 1
    else:
        event.capacity_online = (event.capacity_online or 0) + 1


def add_walk_in(event: Event, *, name: str, email: str | None = None,
                affiliation: str | None = None, language: str = "en",
                at: datetime | None = None, anyway: bool = False) -> Registration:
    """Register and check in someone who came to the door, in ``language`` (their emails').

    A full room is not refused: the person is there. They are recorded over
    capacity ("81 of 80 in the room"); the capacity in Details stays as set, and
    since the room has no free seat, nobody is promoted from the waitlist.
    Someone already registered with that email is refused with AlreadyRegistered,
    which names their registration, so the door can admit them instead.
    The email is optional (blank: None; they get no email at all). Without one, a
    registration of the event with a similar name (``similar_registrations``) is
    asked about first (LikelyDuplicate, naming them) unless ``anyway``.
    ``at``: when it happened at the door (an action queued offline), else now.
    """
    event = lock_event(event.id)
    if event.is_cancelled:
        raise RegistrationError(_("This event has been cancelled."))
    email = optional_email(email)
    existing = find_live_registration(event.id, email)
    if existing is not None:
        raise AlreadyRegistered(
            _("%(name)s is already registered with that email (%(summary)s).",
              name=existing.name, summary=existing.summary), existing)
    if email is None and not anyway:
        likely = similar_registrations(event.id, name)
        if likely:
            raise LikelyDuplicate(
                ngettext("%(names)s, with a similar name, is already on the list: is it the "
                         "same person? If not, add %(name)s anyway.",
                         "%(names)s, with similar names, are already on the list: is one of "
                         "them the same person? If not, add %(name)s anyway.",
                         len(likely), names=word_list([r.name for r in likely]),
                         name=name.strip()), likely)
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        affiliation=(affiliation or "").strip() or None,
        mode=AttendanceMode.IN_PERSON,
        status=RegistrationStatus.CONFIRMED,
        checked_in_at=at or utcnow(),
        is_walk_in=True,
        language=normalize_language(language) or "en",
    )
    issue_token(registration)
    db.session.add(registration)
    db.session.flush()
    announce_registration(registration, "walk_in", None)
    return registration


def check_in(registration: Registration, *, anyway: bool = False,
             at: datetime | None = None) -> bool:
    """Mark a confirmed in-person registrant as arrived; False if they already were.

    Before the event's own day (in its zone) this is asked first (NeedsConfirmation)
    unless ``anyway``. ``at``: when it happened at the door, else now.
    """
    if not registration.is_confirmed:
        raise RegistrationError(_("%(name)s is not confirmed, so cannot be checked in.",
                                  name=registration.name))
    if registration.mode != AttendanceMode.IN_PERSON:
        raise RegistrationError(
            _("%(name)s is registered online, so is not expected at the door.",
              name=registration.name))
    if registration.checked_in_at is not None:
        return False
    if not anyway:
        _ask_if_early(registration.event, at)
    before = state_of(registration)
    registration.checked_in_at = at or utcnow()
    db.session.flush()
    announce_registration(registration, "checked_in", before)
    return True


def early_question(event: Event, now: datetime | None = None) -> str | None:
    """'This event is on 18 November 2027 — check in anyway?' before its day; else None."""
    today = (now or utcnow()).astimezone(event.tz).date()
    if today >= event.local_start.date():
        return None
    return _("This event is on %(date)s — check in anyway?",
             date=local_date(event.starts_at, event.timezone))


def _ask_if_early(event: Event, at: datetime | None) -> None:
    question = early_question(event, at)
    if question:
        raise NeedsConfirmation(question)


@dataclass
class Admission:
    """What admitting someone at the door did to the room."""

    registration: Registration
    over_capacity: int  # seats beyond the capacity now; 0 when within it


def admission_rule(event: Event, registration: Registration,
                   counts: dict[tuple[str, str], int] | None = None) -> int:
    """How far over the room's capacity admitting this person puts it (0: within it)."""
    if registration.is_confirmed and registration.mode == AttendanceMode.IN_PERSON:
        return 0
    if event.capacity_in_person is None:
        return 0
    if counts is None:
        counts = count_by_mode_and_status(event.id)
    taken = counts.get((AttendanceMode.IN_PERSON, RegistrationStatus.CONFIRMED), 0)
    return max(0, taken + 1 - event.capacity_in_person)


def over_capacity_question(over: int) -> str:
    return ngettext("Over capacity by %(num)d — admit anyway?",
                    "Over capacity by %(num)d — admit anyway?", over)


def admit(registration: Registration, *, anyway: bool = False,
          at: datetime | None = None) -> Admission:
    """Let someone in at the door: in person, confirmed and checked in, whatever they were.

    Waitlisted, online and cancelled registrants who come to the room are moved
    to the room. Within capacity that is all; over it, it is asked first
    (NeedsConfirmation, "Over capacity by 1 — admit anyway?") unless ``anyway``,
    and the capacity in Details stays as set, as for a walk-in. An online seat
    given up is offered to that waitlist. Before the event's day it is asked too.
    """
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if event.is_cancelled:
        raise RegistrationError(_("This event has been cancelled."))
    if registration.is_confirmed and registration.mode == AttendanceMode.IN_PERSON:
        check_in(registration, anyway=anyway, at=at)
        return Admission(registration, 0)
    if registration.is_cancelled:
        live = find_live_registration(event.id, registration.email)
        if live is not None:
            raise AlreadyRegistered(
                _("%(name)s has registered again (%(summary)s): admit that registration.",
                  name=live.name, summary=live.summary), live)
    over = admission_rule(event, registration)
    if not anyway:
        # Both questions at once when both apply: one answer covers what was asked.
        questions = [over_capacity_question(over) if over else None, early_question(event, at)]
        if any(questions):
            raise NeedsConfirmation(" ".join(filter(None, questions)))
    before = state_of(registration)
    gave_up_online_seat = registration.is_confirmed
    registration.mode = AttendanceMode.IN_PERSON
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None
    registration.cancelled_at = None
    registration.checked_in_at = at or utcnow()
    db.session.flush()
    announce_registration(registration, "admitted", before)
    if gave_up_online_seat:
        promote_waitlisted(event)
    return Admission(registration, over)


def undo_check_in(registration: Registration) -> None:
    """Clear an arrival recorded by mistake."""
    if registration.checked_in_at is None:
        return
    before = state_of(registration)
    registration.checked_in_at = None
    db.session.flush()
    announce_registration(registration, "check_in_undone", before)


def list_registrations(
    event_id: int,
    *,
    search: str = "",
    mode: str = "",
    status: str = "",
    checked_in: str = "",
) -> list[Registration]:
    """Return an event's registrations filtered as the organizer asked, oldest first."""
    query = select(Registration).where(Registration.event_id == event_id)
    needle = folding.needle(search)
    if needle:
        # Accents and case ignored, as at the door: the folded column, in SQL.
        query = query.where(Registration.search_text.contains(needle, autoescape=True))
    if mode in (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE):
        query = query.where(Registration.mode == mode)
    if status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                  RegistrationStatus.CANCELLED):
        query = query.where(Registration.status == status)
    if checked_in == "yes":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif checked_in == "no":
        query = query.where(Registration.checked_in_at.is_(None))
    return list(db.session.scalars(query.order_by(Registration.created_at, Registration.id)))


def waitlist_positions(event_id: int) -> dict[int, int]:
    """Map each waitlisted registration id to its place in its mode's line, in one query."""
    rows = db.session.execute(
        select(Registration.id, Registration.mode)
        .where(Registration.event_id == event_id,
               Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlisted_at, Registration.id)
    )
    positions, seen = {}, {}
    for reg_id, mode in rows:
        seen[mode] = seen.get(mode, 0) + 1
        positions[reg_id] = seen[mode]
    return positions


@dataclass
class EventStats:
    """Counts an organizer watches: seats, waitlists, arrivals, reception."""

    counts: dict
    capacity: dict
    checked_in: int
    reception: int

    def confirmed(self, mode: str) -> int:
        return self.counts.get((mode, RegistrationStatus.CONFIRMED), 0)

    def waitlisted(self, mode: str) -> int:
        return self.counts.get((mode, RegistrationStatus.WAITLISTED), 0)

    def cancelled(self, mode: str) -> int:
        return self.counts.get((mode, RegistrationStatus.CANCELLED), 0)

    def fill_percent(self, mode: str) -> int:
        cap = self.capacity.get(mode)
        if not cap:
            return 0
        return min(100, round(100 * self.confirmed(mode) / cap))


def event_stats(event: Event) -> EventStats:
    """Gather an event's registration figures in three queries."""
    counts = count_by_mode_and_status(event.id)
    confirmed_in_person = and_(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
    )
    # Arrivals count only the people expected in the room, as the door list shows them.
    checked_in = db.session.scalar(
        select(func.count(Registration.id)).where(
            confirmed_in_person,
            Registration.mode == AttendanceMode.IN_PERSON,
            Registration.checked_in_at.is_not(None),
        )
    )
    reception = db.session.scalar(
        select(func.count(Registration.id)).where(
            confirmed_in_person,
            Registration.mode == AttendanceMode.IN_PERSON,
            Registration.attends_reception.is_(True),
        )
    )
    capacity = {AttendanceMode.IN_PERSON: event.capacity_in_person,
                AttendanceMode.ONLINE: event.capacity_online}
    return EventStats(counts, capacity, checked_in, reception)


def get_registration_of_event(event_id: int, registration_id: int) -> Registration | None:
    """Return a registration only if it belongs to this event."""
    registration = db.session.get(Registration, registration_id)
    return registration if registration and registration.event_id == event_id else None
