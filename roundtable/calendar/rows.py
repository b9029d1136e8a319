"""Read-only rows for a build of many VEVENTs: one Core query per table, no ORM objects.

The ORM makes an instrumented, identity-mapped object of every row (some ten
microseconds each, more with the collector running), and a 1,000-event feed reads
19,000 rows (sponsors, agenda items, their people's roles): loaded as models they
took as long as icalendar's whole serialization of the feed. The builders only
read, so a build (``store.py``) reads plain rows instead. Each is a plain object
with every column of its table, the relations VEVENTs show, and its model's own
properties (``Event.is_cancelled``, ``Person.display_name``, ``AgendaItem.kind_label``…)
taken from the model class, so the two cannot drift apart; anything else raises
``AttributeError`` rather than quietly reading a database. ``tests/calendar/
test_build_queries.py`` builds the same bytes from these rows as from the models.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from types import SimpleNamespace

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.orm import Session

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.recap.models import EventSummary


def _view(model, columns: tuple[str, ...] | None = None):
    """A class for ``model``'s rows, with the model's properties."""
    columns = columns or tuple(attr.key for attr in inspect(model).column_attrs)
    namespace = {
        "__module__": __name__,
        "__doc__": f"A read-only {model.__name__} row for building calendars.",
        "__repr__": lambda self: f"<{type(self).__name__} {getattr(self, 'id', '')}>",
    }
    for klass in reversed(model.__mro__):
        namespace.update(
            (name, value) for name, value in vars(klass).items() if isinstance(value, property)
        )
    if hidden := set(columns) & set(namespace):  # a property would hide the column's value
        raise TypeError(f"{model.__name__}: properties named as columns: {sorted(hidden)}")
    view = type(f"{model.__name__}Row", (), namespace)
    view.model, view.columns = model, columns
    return view


@cache
def _views() -> SimpleNamespace:
    """The row classes, made once the models are mapped (at the first build)."""
    return SimpleNamespace(
        event=_view(Event),  # and sponsors, agenda_items, summary_record
        sponsor=_view(EventSponsor),  # and organization
        organization=_view(Organization),
        item=_view(AgendaItem),  # and roles
        role=_view(AgendaRole),  # and person
        person=_view(Person),
        summary=_view(EventSummary, columns=("event_id",)),  # a VEVENT only says there is one
    )


def _rows(session: Session, view, where=None, order_by=()) -> list:
    """Every row of ``view``'s table matching ``where``, in ``order_by``'s order."""
    columns = view.columns
    query = select(*(getattr(view.model, name) for name in columns)).order_by(*order_by)
    if where is not None:
        query = query.where(where)
    made = []
    new = object.__new__
    for row in session.execute(query):
        obj = new(view)
        obj.__dict__ = dict(zip(columns, row, strict=True))
        made.append(obj)
    return made


def _order(relationship, model) -> tuple:
    """A relationship's own ``order_by``, then the id (ties in a fixed order)."""
    return (*(relationship.property.order_by or ()), model.id)


def load_rows(where: ColumnElement[bool], session: Session | None = None) -> list:
    """The events matching ``where`` as rows, oldest first, with all their VEVENTs show.

    Seven queries whatever the number of events: events, sponsors, organizations,
    agenda items, roles, people and summaries, each by a subquery on ``where``.
    """
    views = _views()
    session = session or db.session
    events = _rows(session, views.event, where, (Event.starts_at, Event.id))
    ids = select(Event.id).where(where).scalar_subquery()
    item_ids = select(AgendaItem.id).where(AgendaItem.event_id.in_(ids)).scalar_subquery()

    organizations = {org.id: org for org in _rows(session, views.organization, Organization.id.in_(
        select(EventSponsor.organization_id).where(EventSponsor.event_id.in_(ids))))}
    people = {person.id: person for person in _rows(session, views.person, Person.id.in_(
        select(AgendaRole.person_id).where(AgendaRole.agenda_item_id.in_(item_ids))))}
    sponsors = defaultdict(list)
    for sponsor in _rows(session, views.sponsor, EventSponsor.event_id.in_(ids),
                         (EventSponsor.event_id, *_order(Event.sponsors, EventSponsor))):
        sponsor.organization = organizations[sponsor.organization_id]
        sponsors[sponsor.event_id].append(sponsor)
    roles = defaultdict(list)
    for role in _rows(session, views.role, AgendaRole.agenda_item_id.in_(item_ids),
                      (AgendaRole.agenda_item_id, *_order(AgendaItem.roles, AgendaRole))):
        role.person = people[role.person_id]
        roles[role.agenda_item_id].append(role)
    items = defaultdict(list)
    for item in _rows(session, views.item, AgendaItem.event_id.in_(ids),
                      (AgendaItem.event_id, *_order(Event.agenda_items, AgendaItem))):
        item.roles = roles.get(item.id, [])
        items[item.event_id].append(item)
    summaries = {summary.event_id: summary
                 for summary in _rows(session, views.summary, EventSummary.event_id.in_(ids))}
    for event in events:
        event.sponsors = sponsors.get(event.id, [])
        event.agenda_items = items.get(event.id, [])
        event.summary_record = summaries.get(event.id)
    return events
