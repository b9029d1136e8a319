"""Rule violations that services report per form field, and saving a form's change."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class FieldErrors(ValueError):
    """Input broke a rule; ``errors`` maps a field name to its message."""

    def __init__(self, errors: Mapping[str, str]):
        # str(): a message may be a lazy translation, made a string in the reader's language.
        self.errors = {name: str(message) for name, message in errors.items()}
        super().__init__("; ".join(self.errors.values()))


def attach_errors(form, exc: FieldErrors) -> list[str]:
    """Put each message on its form field; return those no field could take."""
    leftover = []
    for name, message in exc.errors.items():
        field = form._fields.get(name)
        if field is None:
            leftover.append(message)
        else:
            field.errors = [*field.errors, message]
    return leftover


@dataclass(frozen=True)
class Saved:
    """What ``save`` did: true when the change was committed; ``value`` is what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def save(change: Callable[[], Any], *forms) -> Saved:
    """Run ``change()`` and commit it; if it broke a rule, roll back and show why on ``forms``.

    Rolling back keeps "bad input changes nothing" true even when the service had
    already changed something before it found the problem.
    """
    from roundtable.extensions import db

    try:
        value = change()
        db.session.flush()  # rules checked at flush (public_text.py) report here too
    except FieldErrors as exc:
        db.session.rollback()
        leftover = set(exc.errors.values())
        for form in forms:
            leftover &= set(attach_errors(form, exc))
        _flash_each(leftover)
        return Saved(False)
    db.session.commit()
    return Saved(True, value)


def _flash_each(messages) -> None:
    """Show messages no field of the form could take, at the top of the page."""
    from flask import flash, has_request_context

    if has_request_context():
        for message in sorted(messages):
            flash(message, "error")


def blank_to_none(value):
    """Strip strings and turn empty ones into None, for nullable columns."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def strip(value):
    """WTForms filter: strip surrounding whitespace from submitted text."""
    return value.strip() if isinstance(value, str) else value


# "arizona.edu" or "www.arizona.edu/about": a host name, a dot, no scheme, no spaces.
_BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?$")


def with_scheme(value):
    """WTForms filter: a bare web address typed without its scheme gets ``https://``.

    Anything else (a full URL, a mistake) is left as typed for the validator to judge.
    """
    if isinstance(value, str):
        value = value.strip()
        if value and "://" not in value and _BARE_HOST.match(value):
            return "https://" + value
    return value


# PostgreSQL INTEGER: a bigger id cannot exist, and binding one fails (SQLite: OverflowError).
MAX_ID = 2**31 - 1


def record_id(value) -> int:
    """SelectField coerce for row ids: an int in the database's range, else ValueError."""
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError("not a record id")
    return number


def optional_record_id(value) -> int | None:
    """SelectField coerce for an optional row id: "" (nothing chosen) is None."""
    return None if value in ("", None) else record_id(value)


def select_choices(pairs) -> list:
    """Build SelectField choices from (value, label) pairs in the form WTForms prefers."""
    try:
        from wtforms.fields.choices import SelectChoice
    except ImportError:  # WTForms before 3.3 takes plain tuples.
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]
