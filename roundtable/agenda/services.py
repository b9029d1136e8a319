"""Agenda items, people and roles: the rules for building an event's programme."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roundtable.agenda.models import (
    AGENDA_KIND_LABELS,
    ROLE_LABELS,
    SAME_PLACE,
    USUAL_ORDER,
    AgendaItem,
    AgendaKind,
    AgendaRole,
    Person,
)
from roundtable.events import times
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.formatting import local_date, local_time
from roundtable.matching import person_words, similar
from roundtable.ownership.services import visible_events
from roundtable.validation import FieldErrors

# Items may start before the doors open or run on after (a reception): within reason.
WINDOW = timedelta(hours=12)
DEFAULT_LENGTH = timedelta(minutes=30)


def _ordered(items):
    return sorted(items, key=lambda i: (i.starts_at, i.sort_order, i.id or 0))


def _check_item(event: Event, data: dict) -> None:
    errors = {}
    if data["kind"] not in AGENDA_KIND_LABELS:
        errors["kind"] = _("Choose a kind from the list.")
    earliest, latest = event.starts_at - WINDOW, event.ends_at + WINDOW
    if data["ends_at"] < data["starts_at"]:
        errors["ends_at"] = _("An item cannot end before it starts.")
    if not earliest <= data["starts_at"] <= latest:
        errors["starts_at"] = _window_message(event, earliest, latest)
    elif data["ends_at"] > latest:
        errors["ends_at"] = _window_message(event, earliest, latest)
    if errors:
        raise FieldErrors(errors)


def _window_message(event: Event, earliest, latest) -> str:
    start = f"{local_date(earliest, event.timezone)}, {local_time(earliest, event.timezone)}"
    end = f"{local_date(latest, event.timezone)}, {local_time(latest, event.timezone)}"
    return _("Agenda items must fall within 12 hours of the event: between %(start)s and "
             "%(end)s.", start=start, end=end)


def default_slot(event: Event) -> tuple:
    """Suggest local start and end for a new item: right after the last one."""
    start = max((i.ends_at for i in event.agenda_items), default=event.starts_at)
    return (times.to_local(start, event.timezone),
            times.to_local(start + DEFAULT_LENGTH, event.timezone))


def next_kind(event: Event) -> str:
    """Suggest a new item's kind: the first of the usual order the event has none of yet."""
    have = {SAME_PLACE.get(i.kind, i.kind) for i in event.agenda_items}
    return next((kind for kind in USUAL_ORDER if kind not in have), AgendaKind.OTHER.value)


def in_person_only_by_default(kind: str) -> bool:
    """A reception happens in the room: it starts as in person only."""
    return kind == "reception"


def add_item(event: Event, data: dict) -> AgendaItem:
    """Add an item to the event's agenda; raise FieldErrors on bad times."""
    _check_item(event, data)
    data = {"in_person_only": in_person_only_by_default(data["kind"]), **data}
    order = max((i.sort_order for i in event.agenda_items), default=-1) + 1
    item = AgendaItem(sort_order=order, **data)
    event.agenda_items.append(item)
    db.session.flush()
    return item


def update_item(item: AgendaItem, data: dict) -> None:
    """Change an agenda item; raise FieldErrors on bad times."""
    _check_item(item.event, data)
    for name, value in data.items():
        setattr(item, name, value)
    db.session.flush()


def find_item(event: Event, item_id: int) -> AgendaItem | None:
    """Return the event's agenda item with this id, if it is this event's."""
    return next((i for i in event.agenda_items if i.id == item_id), None)


def delete_item(event: Event, item: AgendaItem) -> None:
    """Remove an item and its roles from the agenda."""
    event.agenda_items.remove(item)
    db.session.flush()


def move_item(event: Event, item: AgendaItem, step: int) -> AgendaItem | None:
    """Swap an item with its neighbour (-1 earlier, +1 later); return the neighbour.

    The agenda is shown in time order, so moving swaps the two time slots:
    the pair keeps its start, each item keeps its length, the gap between stays.
    """
    ordered = _ordered(event.agenda_items)
    i = ordered.index(item)
    j = i + step
    if not 0 <= j < len(ordered):
        return None
    first, second = sorted((ordered[i], ordered[j]), key=ordered.index)
    if first.starts_at != second.starts_at:
        gap = second.starts_at - first.ends_at
        first_len, second_len = first.ends_at - first.starts_at, second.ends_at - second.starts_at
        start = first.starts_at
        second.starts_at, second.ends_at = start, start + second_len
        first.starts_at = second.ends_at + gap
        first.ends_at = first.starts_at + first_len
    first.sort_order, second.sort_order = second.sort_order, first.sort_order
    if first.sort_order == second.sort_order:
        second.sort_order -= 1
    db.session.flush()
    return ordered[j]


def overlaps(event: Event) -> dict[int, list[str]]:
    """Map each item that overlaps another to the titles it overlaps (allowed, but flagged)."""
    found: dict[int, list[str]] = {}
    items = _ordered(event.agenda_items)
    for n, a in enumerate(items):
        for b in items[n + 1:]:
            if b.starts_at >= a.ends_at:
                break
            if a.ends_at > a.starts_at and b.ends_at > b.starts_at:
                found.setdefault(a.id, []).append(b.title)
                found.setdefault(b.id, []).append(a.title)
    return found


def add_role(item: AgendaItem, person_id: int, role: str) -> AgendaRole:
    """Give a person a role in the item, after the others."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise FieldErrors({"person_id": _("Choose a person from the list.")})
    if role not in ROLE_LABELS:
        raise FieldErrors({"role": _("Choose a role from the list.")})
    if any(r.person_id == person.id and r.role == role for r in item.roles):
        raise FieldErrors({"person_id": _("%(name)s already has that role here.",
                                            name=person.display_name)})
    order = max((r.sort_order for r in item.roles), default=-1) + 1
    agenda_role = AgendaRole(person=person, role=role, sort_order=order)
    item.roles.append(agenda_role)
    db.session.flush()
    return agenda_role


def find_role(item: AgendaItem, role_id: int) -> AgendaRole | None:
    """Return the item's role with this id, if it is this item's."""
    return next((r for r in item.roles if r.id == role_id), None)


def remove_role(item: AgendaItem, role: AgendaRole) -> None:
    """Take a person off the item."""
    item.roles.remove(role)
    db.session.flush()


def move_role(item: AgendaItem, role: AgendaRole, step: int) -> None:
    """Move a person up (-1) or down (+1) among the item's people."""
    ordered = sorted(item.roles, key=lambda r: (r.sort_order, r.id))
    i, j = ordered.index(role), ordered.index(role) + step
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for n, r in enumerate(ordered):
        r.sort_order = n
    db.session.flush()


def list_people() -> list[Person]:
    """Return every person by name, with their roles' events (and organizers) and managers."""
    return list(db.session.scalars(
        select(Person)
        .options(selectinload(Person.roles).selectinload(AgendaRole.agenda_item)
                 .selectinload(AgendaItem.event).selectinload(Event.organizers),
                 selectinload(Person.managers))
        .order_by(Person.name)
    ))


def events_shown_to(person: Person, user) -> list[Event]:
    """The events a person appears in that ``user`` may see listed (no others' drafts)."""
    return visible_events((r.agenda_item.event for r in person.roles), user)


def similar_people(name: str) -> list[Person]:
    """People whose name is like ``name``, the most alike first.

    "General Gregory Guillot" finds "Gen. Gregory M. Guillot" (matching.similar:
    honorifics, ranks, initials, accents, case and typos).
    """
    return similar(db.session.scalars(select(Person).order_by(Person.name)), name,
                   names=lambda p: [p.name], words=person_words)


def get_person(person_id: int) -> Person | None:
    """Return a person by id."""
    return db.session.get(Person, person_id)


def save_person(data: dict, person: Person | None = None, *, creator=None) -> Person:
    """Create a person managed by ``creator``, or update ``person`` (callers check managers)."""
    if person is None:
        person = Person(managers=[creator] if creator is not None else [])
        db.session.add(person)
    for name, value in data.items():
        setattr(person, name, value)
    db.session.flush()
    return person
