"""A series' own words: its name and description, in English and Spanish."""

from __future__ import annotations

from flask_babel import gettext as _

from roundtable.events.models import EventSeries
from roundtable.extensions import db
from roundtable.validation import FieldErrors

# What the series form edits; the Spanish ones fall back to the English (i18n.localized).
SERIES_FIELDS = ("name", "name_es", "description", "description_es")


def save_series(series: EventSeries, data: dict) -> EventSeries:
    """Rename or describe a series (callers check that the user manages it)."""
    if not (data.get("name") or "").strip():
        raise FieldErrors({"name": _("Give the series a name.")})
    for name in SERIES_FIELDS:
        value = data.get(name)
        setattr(series, name, value.strip() or None if isinstance(value, str) else value)
    db.session.flush()
    return series
