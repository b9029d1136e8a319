"""Text everyone may read never carries an event's Zoom meeting, whatever path saves it.

Which text is public is said by the models themselves: a column's ``info`` is
``PUBLIC`` (it reaches pages, feeds or everyone's email) or ``PRIVATE`` (not
free text, or a secret with its own rules). A column ``<name>_es`` left unmarked
follows ``<name>``, so a translation is covered as soon as it is added. A model
whose text is public says whose meetings its text reaches (``meeting_events()``)
and, optionally, which other records it puts beside that meeting
(``linked_public()``: a role shows its person, a sponsorship its organization,
an event its series). One whose ``meeting_events()`` reaches the events through
links of each of its rows (an organization's sponsorships, a person's roles) names
that path (``meeting_events_path``), so the records along it are loaded for all of
them at once rather than one event at a time. tests/test_public_text.py fails on
any text column of such a model that is marked neither way.

One check (``zoom_guard.mentions_meeting``) runs in one place, a ``before_flush``
session listener, so forms, corrections, copies, the CLI and any future API are
all held to it: a flush that would store the meeting in public text raises
``FieldErrors`` keyed by the column's name, which forms show on that field.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from itertools import chain

from flask_babel import gettext as _
from sqlalchemy import String, Text, inspect, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from roundtable.extensions import db
from roundtable.mail.zoom_guard import ZOOM_FIELDS, mentions_meeting
from roundtable.validation import FieldErrors

PUBLIC = {"public": True}
PRIVATE = {"public": False}
TRANSLATION_SUFFIX = "_es"


def _marked(columns, name: str) -> bool | None:
    """The column's own mark, else (for a translation) its original's, else None."""
    column = columns.get(name)
    if column is not None and "public" in column.info:
        return column.info["public"]
    if name.endswith(TRANSLATION_SUFFIX):
        return _marked(columns, name.removesuffix(TRANSLATION_SUFFIX))
    return None


def text_columns(cls) -> list[str]:
    """The attribute names of ``cls``'s String and Text columns."""
    mapper = inspect(cls)
    return [attr.key for attr in mapper.column_attrs
            if isinstance(attr.columns[0].type, (String, Text))]


def unmarked_columns(cls) -> list[str]:
    """Text columns of ``cls`` marked neither public nor private (a test keeps it empty)."""
    columns = {attr.key: attr.columns[0] for attr in inspect(cls).column_attrs}
    return [name for name in text_columns(cls) if _marked(columns, name) is None]


@functools.cache
def public_fields(cls) -> tuple[str, ...]:
    """The attribute names of ``cls``'s columns that everyone may read."""
    if not hasattr(cls, "meeting_events"):
        return ()
    columns = {attr.key: attr.columns[0] for attr in inspect(cls).column_attrs}
    return tuple(name for name in text_columns(cls) if _marked(columns, name))


def public_models() -> list[type]:
    """Every mapped class whose text reaches public surfaces."""
    return [m.class_ for m in db.Model.registry.mappers if hasattr(m.class_, "meeting_events")]


def related(obj, name: str):
    """A many-to-one relationship's value, loaded by its foreign key when only that is set.

    Pending objects built with ``event_id=...`` do not load ``event`` by themselves.
    """
    value = getattr(obj, name)
    if value is not None:
        return value
    prop = inspect(type(obj)).relationships[name]
    keys = [getattr(obj, column.key) for column in prop.local_columns]
    if any(key is None for key in keys):
        return None
    session = inspect(obj).session
    return session.get(prop.mapper.class_, keys[0] if len(keys) == 1 else tuple(keys))


def _changed(obj, names) -> list[str]:
    attrs = inspect(obj).attrs
    return [name for name in names if attrs[name].history.has_changes()]


def _links_changed(obj) -> bool:
    state = inspect(obj)
    if state.pending:
        return True
    return any(state.attrs[column.key].history.has_changes()
               for column in state.mapper.columns if column.foreign_keys
               and column.key in state.attrs)


def _records_of(session: Session, event) -> list:
    """Every stored public record that belongs to ``event`` (by its ``event_id``)."""
    if event.id is None:
        return []
    records = []
    for cls in public_models():
        if cls is not type(event) and "event_id" in inspect(cls).columns:
            records += session.scalars(select(cls).where(cls.event_id == event.id))
    return records


def _checks(session: Session, obj) -> list[tuple[object, list[str]]]:
    """(record, fields) pairs this flush must check against ``obj``'s meetings."""
    checks = [(obj, _changed(obj, public_fields(type(obj))))]
    if hasattr(obj, "linked_public") and _links_changed(obj):
        checks += [(linked, list(public_fields(type(linked))))
                   for linked in obj.linked_public() if linked is not None]
    if set(ZOOM_FIELDS) <= set(inspect(obj).attrs.keys()) and _changed(obj, ZOOM_FIELDS):
        # A new or changed meeting: everything already shown with the event.
        checks.append((obj, list(public_fields(type(obj)))))
        for record in _records_of(session, obj):
            checks.append((record, list(public_fields(type(record)))))
            if hasattr(record, "linked_public"):
                checks += [(linked, list(public_fields(type(linked))))
                           for linked in record.linked_public() if linked is not None]
    return checks


def _message(found: list[str]) -> str:
    return _("Everyone sees this, so it must not contain %(what)s; confirmed online "
             "registrants get them by email. Write it without the meeting, or use "
             "{zoom_link} in a message to online registrants.",
             what=_(" and ").join(found))


def _linked_message(record, found: list[str]) -> str:
    return _("“%(record)s” contains %(what)s in text everyone would then see with this "
             "event; remove it from that record first.", record=_label(record),
             what=_(" and ").join(found))


def _label(record) -> str:
    return str(getattr(record, "name", None) or getattr(record, "title", None) or "")


def _load_meeting_events(session: Session) -> list:
    """Load, in one query per model, what stored edited records' ``meeting_events()`` reach.

    ``meeting_events_path`` names the relationships from the record to its events, a
    collection then many-to-one links ("sponsorships", "event"). The rows of the links
    after the collection (agenda items, events, with every column the check reads) are
    selected by one join from the edited records, so they are in the session when
    ``meeting_events()`` follows them: each many-to-one link is then found there, without
    a query per event. Only the session is warmed: what ``meeting_events()`` returns
    (pending links included) is unchanged. The caller keeps the rows returned while it
    checks: the session holds unchanged records only weakly.
    """
    loaded: list = []
    ids: dict[type, set] = defaultdict(set)
    for obj in chain(session.new, session.dirty):
        state = inspect(obj)
        if getattr(obj, "meeting_events_path", None) and state.has_identity:
            ids[type(obj)].add(state.identity[0])
    for cls, keys in ids.items():
        links, target = [], cls
        for name in cls.meeting_events_path:
            links.append(getattr(target, name))
            target = inspect(target).relationships[name].mapper.class_
        entities = [link.property.mapper.class_ for link in links[1:]]
        query = select(*entities).select_from(cls)
        for link in links:
            query = query.join(link)
        loaded += session.execute(query.where(inspect(cls).primary_key[0].in_(keys))).all()
    return loaded


def problems(session: Session) -> dict[str, str]:
    """Per field, what public text this flush would store with a meeting it must not show."""
    found_by_field: dict[str, str] = {}
    _held = _load_meeting_events(session)  # kept alive while checking
    for obj in chain(session.new, session.dirty):
        if not hasattr(obj, "meeting_events"):
            continue
        meetings = [e for e in obj.meeting_events()
                    if e is not None and any(getattr(e, f) for f in ZOOM_FIELDS)]
        if not meetings:
            continue
        for record, names in _checks(session, obj):
            for name in names:
                value = getattr(record, name)
                found = sorted({w for e in meetings for w in mentions_meeting(e, value or "")},
                               key=str)
                if value and found and name not in found_by_field:
                    found_by_field[name] = (_message(found) if record is obj
                                            else _linked_message(record, found))
    return found_by_field


@sa_event.listens_for(Session, "before_flush")
def _refuse_meeting_in_public_text(session: Session, _context, _instances) -> None:
    if errors := problems(session):
        raise FieldErrors(errors)
