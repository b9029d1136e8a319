"""The door: everyone registered, each with a plain status and the one action that matters.

People expected in the room (confirmed in person, walk-ins) are listed first; a
search finds every registration of the event (waitlisted, online, cancelled), so
whoever arrives can be let in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from roundtable import folding, labels
from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.folding import fold
from roundtable.formatting import FORMAT_LOCALE, local_time
from roundtable.i18n import current
from roundtable.registration import services
from roundtable.registration.checkin import checkin_code
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus


def search_key(registration: Registration) -> str:
    """What the door search matches: name, email and affiliation, folded (as stored in
    ``registrations.search_text``, computed here for rows not yet flushed too)."""
    return folding.search_text(registration.name, registration.email,
                               registration.affiliation)


def is_expected(registration: Registration) -> bool:
    """Confirmed in person (walk-ins too): the people the room is waiting for."""
    return registration.is_confirmed and registration.mode == AttendanceMode.IN_PERSON


def code_hash(registration: Registration) -> str:
    """sha256 of the door QR's code: the device matches a scan without holding the code."""
    return hashlib.sha256(checkin_code(registration).encode()).hexdigest()


@dataclass
class DoorEntry:
    """One registration as the door shows it."""

    registration: Registration
    status: str          # "On the in-person waitlist, number 2"
    action: str          # "check_in", "undo", "admit" or "" (nothing to do)
    question: str        # asked before the action ("Over capacity by 1 — admit anyway?")
    rule: str            # the capacity rule an admission applies, stated

    @property
    def expected(self) -> bool:
        return is_expected(self.registration)

    def as_json(self) -> dict:
        """What the door page's script keeps (the device stores only some of it)."""
        r = self.registration
        return {"id": r.id, "name": r.name, "affiliation": r.affiliation or "",
                "email": r.email, "status": self.status, "action": self.action,
                "question": self.question, "rule": self.rule, "expected": self.expected,
                "walk_in": r.is_walk_in, "checked_in": r.checked_in_at is not None,
                "code_hash": code_hash(r)}


def arrival_time(event: Event, instant: datetime, now: datetime | None = None) -> str:
    """'4:05 PM' today (in the event's zone), 'Nov 17, 2027, 4:05 PM' on another day."""
    local, today = instant.astimezone(event.tz), (now or utcnow()).astimezone(event.tz)
    clock = local_time(instant, event.timezone)
    if local.date() == today.date():
        return clock
    day = format_date(local.date(), "medium", locale=FORMAT_LOCALE[current()])
    return f"{day}, {clock}"


def status_text(event: Event, registration: Registration, position: int | None) -> str:
    """The registration's state in plain words, as a door volunteer reads it aloud."""
    r = registration
    if r.is_cancelled:
        return _("Cancelled")
    if r.is_waitlisted:
        return _("On the %(audience)s waitlist, number %(position)s",
                 audience=labels.mode_audience(r.mode), position=position or "?")
    if r.mode == AttendanceMode.ONLINE:
        return _("Registered online")
    if r.checked_in_at is not None:
        return _("Checked in at %(time)s", time=arrival_time(event, r.checked_in_at))
    if r.is_walk_in:
        return _("Walk-in")
    return _("Registered in person")


def admission_words(event: Event, over: int, taken: int) -> tuple[str, str]:
    """(the capacity rule stated, the question asked first) for admitting one more."""
    if over:
        return (ngettext("Over capacity by %(num)d", "Over capacity by %(num)d", over),
                services.over_capacity_question(over))
    if event.capacity_in_person is None:
        return _("No seat limit in the room"), ""
    return (_("Within capacity: %(taken)s of %(capacity)s seats taken", taken=taken,
              capacity=event.capacity_in_person), "")


def entries(event: Event, search: str = "", everyone: bool = False,
            now: datetime | None = None) -> list[DoorEntry]:
    """The door list: the room's people by name, or everyone a search matches.

    Without a search (and not ``everyone``), only the people expected in the room.
    Sorted and searched in Python: a room holds hundreds at most, and SQL
    collations differ between SQLite and PostgreSQL in how they treat accents.
    """
    people = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id)))
    needle = folding.needle(search)
    if needle:
        people = [r for r in people if needle in search_key(r)]
    elif not everyone:
        people = [r for r in people if is_expected(r)]
    rows = entries_of(event, people, now)
    # The room's people first, then the others, each by name.
    return sorted(rows, key=lambda e: (not e.expected, fold(e.registration.name),
                                       e.registration.name, e.registration.id))


def entries_of(event: Event, registrations, now: datetime | None = None) -> list[DoorEntry]:
    """``registrations`` of ``event`` as the door shows them, in the order given."""
    counts = services.count_by_mode_and_status(event.id)
    taken = counts.get((AttendanceMode.IN_PERSON, RegistrationStatus.CONFIRMED), 0)
    positions = services.waitlist_positions(event.id)
    early = services.early_question(event, now)
    return [_entry(event, r, positions.get(r.id), taken, early) for r in registrations]


def _entry(event: Event, r: Registration, position: int | None, taken: int,
           early: str | None) -> DoorEntry:
    status = status_text(event, r, position)
    if is_expected(r):
        if r.checked_in_at is not None:
            return DoorEntry(r, status, "undo", "", "")
        return DoorEntry(r, status, "check_in", early or "", "")
    if event.is_cancelled:
        return DoorEntry(r, status, "", "", "")
    over = max(0, taken + 1 - event.capacity_in_person) \
        if event.capacity_in_person is not None else 0
    rule, question = admission_words(event, over, taken)
    return DoorEntry(r, status, "admit", " ".join(filter(None, (question, early))), rule)


def others_count(event: Event) -> int:
    """Registrations not expected in the room (waitlisted, online, cancelled)."""
    people = db.session.scalars(select(Registration).where(Registration.event_id == event.id))
    return sum(1 for r in people if not is_expected(r))


@dataclass
class DoorCounter:
    """What the door counts: arrivals against those expected, seats against capacity."""

    arrived: int
    expected: int
    capacity: int | None
    walk_ins: int

    @property
    def seats_taken(self) -> int:
        # Every confirmed in-person registration holds a seat, arrived or not.
        return self.expected

    @property
    def over_capacity(self) -> int:
        return max(0, self.seats_taken - self.capacity) if self.capacity is not None else 0

    @property
    def warnings(self) -> list[str]:
        if not self.over_capacity:
            return []
        return [ngettext("Over capacity by %(num)d: %(taken)s seats taken of %(capacity)s.",
                         "Over capacity by %(num)d: %(taken)s seats taken of %(capacity)s.",
                         self.over_capacity, taken=self.seats_taken, capacity=self.capacity)]

    def as_json(self) -> dict:
        return {"arrived": self.arrived, "expected": self.expected,
                "seats_taken": self.seats_taken, "capacity": self.capacity,
                "walk_ins": self.walk_ins, "warnings": self.warnings}


def counter(event: Event) -> DoorCounter:
    """The door's figures, from the room's people (one query)."""
    people = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.mode == AttendanceMode.IN_PERSON)))
    return DoorCounter(
        arrived=sum(1 for r in people if r.checked_in_at is not None),
        expected=len(people),
        capacity=event.capacity_in_person,
        walk_ins=sum(1 for r in people if r.is_walk_in),
    )
