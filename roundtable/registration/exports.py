"""Spreadsheet exports of an event's registrations: CSV and .xlsx, the same columns.

Times are the event's local time (spreadsheets have no time zones), labels are
the human ones from ``roundtable.labels``, and text that a spreadsheet would
run as a formula is kept as text.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from roundtable import labels
from roundtable.registration.models import Registration
from roundtable.text import spreadsheet_text
from roundtable.zone_names import zone_heading

# "2026-11-20 16:00": LibreOffice, Excel and Google Sheets read this as a date and time.
CSV_TIME = "%Y-%m-%d %H:%M"
XLSX_TIME = "yyyy-mm-dd hh:mm"


# Everyone who registers beforehand is sent one of these; a walk-in, added at the door, is not.
_SIGN_UP_KINDS = ("registration_confirmed", "registration_waitlisted")


def columns(timezone: str) -> list[str]:
    """The header row; time columns name their zone as readers do ('Arizona time')."""
    timezone = zone_heading(timezone)
    return [
        _("ID"), _("Name"), _("Email"), _("Affiliation"), _("Attending"), _("Status"),
        _("Waitlist position"), _("Walk-in"), _("Reception"),
        _("Registered at (%(zone)s)", zone=timezone), _("Checked in at (%(zone)s)", zone=timezone),
        _("Cancelled at (%(zone)s)", zone=timezone),
    ]


def local(instant: datetime | None, timezone) -> datetime | None:
    # Naive local time, minute precision: what a spreadsheet date cell can hold.
    if instant is None:
        return None
    return instant.astimezone(timezone).replace(tzinfo=None, second=0, microsecond=0)


def rows(registrations: list[Registration], positions: dict[int, int], event) -> list[list]:
    """One row of plain values per registration (local naive datetimes, ints, text)."""
    tz = event.tz
    return [
        [
            r.id, r.name, r.email or "", r.affiliation or "", labels.mode_label(r.mode),
            labels.status_label(r.status), positions.get(r.id),
            _("Yes") if r.is_walk_in else _("No"), labels.reception_label(r.attends_reception),
            local(r.created_at, tz), local(r.checked_in_at, tz), local(r.cancelled_at, tz),
        ]
        for r in registrations
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    text = value.strftime(CSV_TIME) if isinstance(value, datetime) else str(value)
    return spreadsheet_text(text)


def table_csv(header: list[str], values: list[list]) -> str:
    """Return UTF-8 CSV text with a BOM, so Excel shows 'Raúl' correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in values:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


# Excel's widths are in characters; a date cell shows as "2024-11-21 16:00".
MIN_WIDTH, MAX_WIDTH, DATE_WIDTH = 8, 60, 16


def column_width(cells: list) -> float:
    """A width that fits the column's longest value (capped, so a bio does not run off)."""
    longest = max((DATE_WIDTH if isinstance(v, datetime) else len(str(v)) for v in cells
                   if v is not None), default=0)
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))


def table_xlsx(header: list[str], values: list[list], title: str) -> bytes:
    """Return an .xlsx workbook: real date cells, text kept as text, a frozen header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for row in values:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = XLSX_TIME
            elif cell.data_type == "f":
                # openpyxl stores "=..." as a formula; a name is never one.
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, text in enumerate(header, start=1):
        column = [text, *(row[index - 1] for row in values if index <= len(row))]
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def registrations_csv(registrations: list[Registration], positions: dict[int, int],
                      event) -> str:
    """Every registration as CSV (see table_csv)."""
    return table_csv(columns(event.timezone), rows(registrations, positions, event))


def registrations_xlsx(registrations: list[Registration], positions: dict[int, int],
                       event) -> bytes:
    """Every registration as an .xlsx workbook (see table_xlsx)."""
    return table_xlsx(columns(event.timezone), rows(registrations, positions, event),
                      _("Registrations"))
