"""The door: who is expected in the room, in the order door staff look for them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus


def fold(text: str) -> str:
    """Text for matching and sorting: accents dropped, case folded ('Barceló' ~ 'barcelo')."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    # lower(), not casefold(): the door page's script folds with toLowerCase() to match.
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def door_list(event_id: int, search: str = "") -> list[Registration]:
    """Confirmed in-person registrants and walk-ins, by name; online people never come to the door.

    Sorted and searched in Python: a room holds hundreds at most, and SQL
    collations differ between SQLite and PostgreSQL in how they treat accents.
    """
    query = select(Registration).where(
        Registration.event_id == event_id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.mode == AttendanceMode.IN_PERSON,
    )
    people = list(db.session.scalars(query))
    needle = fold(search.strip())
    if needle:
        people = [r for r in people if needle in search_key(r)]
    return sorted(people, key=lambda r: (fold(r.name), r.name, r.id))


def search_key(registration: Registration) -> str:
    """What the door search matches: name, email and affiliation, folded."""
    return fold(" ".join(filter(None, (registration.name, registration.email,
                                       registration.affiliation))))


@dataclass
class Room:
    """'81 of 80 in the room': confirmed in-person people against the capacity."""

    confirmed: int
    capacity: int | None

    @property
    def over_capacity(self) -> int:
        return max(0, self.confirmed - self.capacity) if self.capacity is not None else 0

    def __str__(self) -> str:
        if self.capacity is None:
            return _("%(count)s in the room", count=self.confirmed)
        return _("%(count)s of %(capacity)s in the room", count=self.confirmed,
                 capacity=self.capacity)


def room(event: Event, confirmed_in_person: int) -> Room:
    """The room's figure for the door and the walk-in message."""
    return Room(confirmed_in_person, event.capacity_in_person)
