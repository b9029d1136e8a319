"""CSV export of an event's registrations."""

import csv
import io

from roundtable.registration.models import Registration

COLUMNS = [
    "id", "name", "email", "affiliation", "mode", "status", "waitlist_position",
    "reception", "registered_at_utc", "checked_in_at_utc", "cancelled_at_utc",
]

# Spreadsheets run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def registrations_csv(registrations: list[Registration], positions: dict[int, int]) -> str:
    """Return UTF-8 CSV text with a BOM, so Excel shows 'Raúl' correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in registrations:
        reception = {True: "yes", False: "no", None: ""}[r.attends_reception]
        writer.writerow([_cell(v) for v in (
            r.id, r.name, r.email, r.affiliation, r.mode, r.status, positions.get(r.id),
            reception, r.created_at, r.checked_in_at, r.cancelled_at,
        )])
    return out.getvalue()
