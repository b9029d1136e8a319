"""Single-line text holds no line breaks or control characters, whatever path saves it.

A name with a line break splits an email header or a CSV row, forges a line in a
calendar file or a log, and shows as two people on a badge. Every ``String(n)``
column is single-line (multi-line text is ``Text``), so one ``before_flush``
listener refuses control characters (category Cc: line feed, carriage return,
tab, NUL...), the line and paragraph separators (U+2028, U+2029) and the bidi
embeddings, overrides and isolates that reorder what a reader sees, in every
String column a flush writes; it raises ``FieldErrors`` keyed by the column's
name, which forms show on that field. A short column written in a text area
(an event's summary) says so with ``info=MULTILINE``.
"""

from __future__ import annotations

import functools
import unicodedata
from itertools import chain

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, inspect
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from roundtable.validation import FieldErrors

# Bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
MULTILINE = {"multiline": True}
MESSAGE = _l("Write this on one line, without line breaks, tabs or control characters.")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character a single line must not."""
    return any(c in _BIDI_CONTROLS or unicodedata.category(c) in _REFUSED_CATEGORIES
               for c in text)


def _multiline(columns, name: str) -> bool:
    """A String column marked ``MULTILINE`` (or the translation of one) takes line breaks."""
    column = columns.get(name)
    if column is not None and column.info.get("multiline"):
        return True
    return name.endswith("_es") and _multiline(columns, name.removesuffix("_es"))


@functools.cache
def _single_line_columns(cls) -> tuple[str, ...]:
    """The attribute names of ``cls``'s String columns that are not Text nor multi-line."""
    columns = {attr.key: attr.columns[0] for attr in inspect(cls).column_attrs}
    return tuple(name for name, column in columns.items()
                 if isinstance(column.type, String) and not isinstance(column.type, Text)
                 and not _multiline(columns, name))


def problems(session: Session) -> dict[str, str]:
    """Per column name, a message for each single-line value this flush would store badly."""
    found = {}
    for obj in chain(session.new, session.dirty):
        attrs = inspect(obj).attrs
        for name in _single_line_columns(type(obj)):
            history = attrs[name].history
            if any(isinstance(value, str) and has_control_characters(value)
                   for value in history.added or ()):
                found[name] = MESSAGE
    return found


@sa_event.listens_for(Session, "before_flush")
def _refuse_control_characters(session: Session, _context, _instances) -> None:
    if errors := problems(session):
        raise FieldErrors(errors)
