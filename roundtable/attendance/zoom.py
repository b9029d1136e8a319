"""Read the participant report Zoom exports for a past meeting (pure: bytes in, rows out).

Zoom writes an optional meeting block (a header row and one row: Meeting ID,
Topic, Start Time, ...), a blank line, then one row per join. Header wording
and case change between Zoom versions, times are in the account's format and
zone, and files touched by Excel may be Latin-1 instead of UTF-8. An account set
to Spanish writes Spanish headers ("Nombre (nombre original)", "Hora de entrada",
"Duración (minutos)") and day-first dates (21/11/2024 16:01:23); errors quote
the file's own column names, so the organizer finds the cell they mean.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from roundtable.folding import without_accents

# About 10,000 joins (2,000 joins is about 200 KB): a large webinar's report. Parsing and
# importing are linear (`make bench`: 6,500 rows in about a second), and the request
# with its form stays within MAX_CONTENT_LENGTH (1 MiB).
MAX_BYTES = 1000 * 1024
# Bounds of one row, from the columns that store it and from what a meeting can be:
# a value beyond them is refused with its line rather than failing in the database.
MAX_NAME = 200
MAX_EMAIL = 254
MAX_TIME_TEXT = 40
MAX_MINUTES = 7 * 24 * 60  # no session lasts more than a week
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Zoom's and Excel's ways of writing a local date and time.
TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %I:%M:%S %p",
    "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %I:%M %p",
)

# A Spanish export writes dates day first; "p. m." for PM.
DAY_FIRST_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %I:%M:%S %p",
)
EXAMPLE = {False: "11/21/2024 04:01:23 PM", True: "21/11/2024 16:01:23"}

# Header words (lower case, accents and all but letters dropped) -> our field, English
# then Spanish. The first match wins.
_COLUMNS = (
    ("name", ("name original name", "name", "participant", "participant name", "user name",
              "display name", "nombre nombre original", "nombre", "participante",
              "nombre del participante", "nombre de usuario", "nombre para mostrar")),
    ("email", ("user email", "email", "email address", "participant email",
               "correo electronico del usuario", "correo electronico", "correo",
               "correo electronico del participante")),
    ("join", ("join time", "joined", "join", "hora de entrada", "hora de ingreso",
              "hora de union", "entrada")),
    ("leave", ("leave time", "left", "leave", "hora de salida", "salida")),
    ("minutes", ("duration minutes", "duration", "time in session minutes",
                 "total duration minutes", "minutes", "duration mins", "duracion minutos",
                 "duracion", "minutos", "tiempo en la sesion minutos")),
    ("guest", ("guest", "is guest", "invitado", "es invitado")),
    ("waiting", ("in waiting room", "waiting room", "en la sala de espera", "sala de espera")),
)
# Words only a Spanish export's participant header has: its dates are day first.
_SPANISH = frozenset(name for _field, names in _COLUMNS for name in names
                     if any(w in name.split() for w in (
                         "nombre", "participante", "correo", "hora", "entrada", "salida",
                         "duracion", "minutos", "invitado", "sala")))
# The meeting block's Spanish headings, read as the English ones.
_MEETING_KEYS = {"id de reunion": "meeting id", "id de la reunion": "meeting id",
                 "tema": "topic", "hora de inicio": "start time",
                 "hora de finalizacion": "end time", "hora de fin": "end time"}


class ZoomFileError(ValueError):
    """The file is not a participant report we can read; names the line."""


@dataclass(frozen=True)
class ZoomRow:
    line: int
    name: str
    original_name: str | None
    email: str | None
    joined_at: datetime
    left_at: datetime
    minutes: int
    guest: bool | None
    # Zoom's API report names the registration it registered (roundtable/zoom/report.py).
    registration_id: int | None = None


@dataclass
class ZoomReport:
    meeting_id: str | None
    topic: str | None
    rows: list[ZoomRow]
    # When the meeting itself started and ended, if the report says: attendance is
    # clipped to it (time in the meeting before it started is not attendance).
    started_at: datetime | None = None
    ended_at: datetime | None = None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the Windows Latin-1 Excel leaves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _words(header: str) -> str:
    folded = without_accents(header.casefold())
    words = " ".join(re.sub(r"[^a-z]+", " ", folded).split())
    return _MEETING_KEYS.get(words, words)


@dataclass(frozen=True)
class _Layout:
    """The participant header: where each field is, its own wording, how dates read."""

    columns: dict[str, int]
    labels: dict[str, str]
    has_original: bool
    day_first: bool

    @classmethod
    def of(cls, record: list[str], found: dict[str, int]) -> _Layout:
        words = [_words(c) for c in record]
        return cls(found, {field: record[i].strip() for field, i in found.items()},
                   "original" in words[found["name"]],
                   any(words[i] in _SPANISH for i in found.values()))


def _column_map(header: list[str]) -> dict[str, int]:
    words = [_words(h) for h in header]
    found = {}
    for field, names in _COLUMNS:
        for name in names:
            if name in words and words.index(name) not in found.values():
                found[field] = words.index(name)
                break
    return found


def meeting_digits(text: str | None) -> str:
    """A Meeting ID as digits only: '855 1234 5678' and '85512345678' are the same."""
    return re.sub(r"\D", "", text or "")


def parse_time(text: str, zone: ZoneInfo, day_first: bool = False) -> datetime | None:
    """A local time as Zoom writes it, in the event's zone, as aware UTC; None if unreadable.

    ``day_first``: a Spanish export's 21/11/2024 (and its "p. m.").
    """
    if len(text) > MAX_TIME_TEXT:
        return None
    text = " ".join(text.split())
    text = re.sub(r"\b([ap])\.?\s?m\.?(?=\s|$)", lambda m: m.group(1).upper() + "M", text,
                  flags=re.IGNORECASE)
    for fmt in DAY_FIRST_FORMATS if day_first else TIME_FORMATS:
        try:
            local = datetime.strptime(text, fmt)
        except ValueError:
            continue
        try:
            return local.replace(tzinfo=zone).astimezone(UTC)
        except OverflowError:
            # Year 1 or 9999 whose UTC leaves datetime's range: the local time as it is,
            # which every caller refuses with the years it accepts (FIRST_YEAR..LAST_YEAR).
            return local.replace(tzinfo=UTC)
    return None


def _split_name(value: str, with_original: bool) -> tuple[str, str | None]:
    # "Raúl B. (Raúl Benítez Manaut)": renamed in the meeting, original in parentheses.
    # Found with str methods, in one pass: a regex here backtracked for seconds on a
    # name made of "(" (the first "(" after the name opens the original).
    if not with_original or not value.endswith(")"):
        return value, None
    opening = value.find("(", 1)
    name, original = value[:max(opening, 0)].strip(), value[opening + 1:-1].strip()
    if opening > 0 and name and original:
        return name, original
    return value, None


def _guest(value: str) -> bool | None:
    """A yes/no cell (Zoom writes Yes/No; a Spanish-language export, Sí/No)."""
    value = value.strip().casefold()
    return True if value in ("yes", "y", "true", "sí", "si") else (
        False if value in ("no", "n", "false") else None)


def parse(data: bytes, timezone: str) -> ZoomReport:
    """Parse a participant report; raise ZoomFileError naming the first bad line."""
    text = decode(data)
    if "\x00" in text:
        raise ZoomFileError(_("This is not a CSV file (it contains binary data)."))
    reader = csv.reader(io.StringIO(text, newline=""))
    zone = ZoneInfo(timezone)
    meeting: dict[str, str] = {}
    pending_block: list[str] | None = None
    layout: _Layout | None = None
    rows: list[ZoomRow] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if layout is None:
                found = _column_map(record)
                words = [_words(c) for c in record]
                if ("name" in found and "join" not in found
                        and {"topic", "start time"} <= set(words)):
                    # Zoom's list of meetings (Reports → Usage): one row per meeting, whose
                    # "User Name" and "Duration" are the host's, not the participants'.
                    raise ZoomFileError(_(
                        "Line %(line)s: this is Zoom's list of meetings (%(columns)s), not the "
                        "participants of one meeting: in Zoom's usage report, open the "
                        "meeting's participant count and export that list.",
                        line=line, columns=_quoted(record)))
                if "name" in found and ("join" in found or "minutes" in found):
                    layout = _Layout.of(record, found)
                elif pending_block is None and "meeting id" in words:
                    pending_block = words
                elif pending_block is not None and not meeting:
                    meeting = dict(zip(pending_block, record, strict=False))
                else:
                    raise ZoomFileError(
                        _("Line %(line)s: the columns %(columns)s are not Zoom's participant "
                          "columns (Name, Join Time, Leave Time, Duration; from a Spanish "
                          "account, Nombre, Hora de entrada, Hora de salida, Duración): this "
                          "does not look like a participant report.",
                          line=line, columns=_quoted(record)))
                continue
            # Newer reports list time in the waiting room as rows of its own: not attendance.
            if _guest(_cell(record, layout.columns, "waiting")):
                continue
            rows.append(_row(record, line, layout, zone))
    except csv.Error as exc:
        raise ZoomFileError(_("Line %(line)s: the CSV is malformed (%(problem)s).",
                                      line=reader.line_num, problem=exc)) from None
    if layout is None:
        raise ZoomFileError(
            _("No participant rows found: the file has no header with a name and a join time "
              "(Name, Join Time; from a Spanish account, Nombre, Hora de entrada)."))
    return ZoomReport((meeting.get("meeting id") or "")[:MAX_TIME_TEXT] or None,
                      (meeting.get("topic") or "")[:300] or None, rows,
                      *_meeting_times(meeting, zone, layout.day_first))


def _meeting_times(meeting: dict[str, str], zone: ZoneInfo, day_first: bool) -> tuple:
    """The meeting block's start and end, both or neither (an unreadable one is ignored)."""
    start = parse_time(meeting.get("start time", ""), zone, day_first)
    end = parse_time(meeting.get("end time", ""), zone, day_first)
    within = all(t and FIRST_YEAR <= t.year <= LAST_YEAR for t in (start, end))
    return (start, end) if within and start < end else (None, None)


def _quoted(record: list[str], most: int = 4) -> str:
    """The row's first cells as the file writes them: “Tema”, “ID”, “Hora de inicio”…"""
    cells = [c.strip()[:40] for c in record if c.strip()]
    shown = ", ".join(f"“{c}”" for c in cells[:most])
    return shown + ("…" if len(cells) > most else "")


def _cell(record: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return record[index].strip() if index is not None and index < len(record) else ""


def _row(record, line, layout: _Layout, zone) -> ZoomRow:
    columns = layout.columns
    if len(record) <= max(columns.values()):
        raise ZoomFileError(_("Line %(line)s: the row has %(fields)s fields; the header has at "
                              "least %(needed)s.", line=line, fields=len(record),
                              needed=max(columns.values()) + 1))
    cell = _cell(record, columns, "name")
    if len(cell) > 2 * MAX_NAME + 3:  # a name and its original, each within the column
        raise ZoomFileError(_("Line %(line)s: the name (“%(column)s”) is longer than "
                              "%(count)s characters.", line=line, column=layout.labels["name"],
                              count=MAX_NAME))
    name, original = _split_name(cell, layout.has_original)
    if len(name) > MAX_NAME or len(original or "") > MAX_NAME:
        raise ZoomFileError(_("Line %(line)s: the name (“%(column)s”) is longer than "
                              "%(count)s characters.", line=line, column=layout.labels["name"],
                              count=MAX_NAME))
    if not name:
        raise ZoomFileError(_("Line %(line)s: the name (“%(column)s”) is empty.", line=line,
                              column=layout.labels["name"]))
    joined = _time(record, layout, "join", line, zone)
    left = _time(record, layout, "leave", line, zone)
    if joined and left and left < joined:
        raise ZoomFileError(_("Line %(line)s: the leave time (“%(leave)s”) is before the join "
                              "time (“%(join)s”).", line=line, leave=layout.labels["leave"],
                              join=layout.labels["join"]))
    minutes = _minutes(_cell(record, columns, "minutes"), joined, left, line,
                       layout.labels.get("minutes", ""))
    if joined is None or left is None:
        raise ZoomFileError(_("Line %(line)s: the row needs both a join time and a leave time.",
                              line=line))
    email = _cell(record, columns, "email").casefold() or None
    if email and (len(email) > MAX_EMAIL or "@" not in email):
        raise ZoomFileError(_("Line %(line)s: “%(value)s” in “%(column)s” is not an email "
                              "address.", line=line, value=email[:60],
                              column=layout.labels["email"]))
    return ZoomRow(line, name, original or None, email, joined, left, minutes,
                   _guest(_cell(record, columns, "guest")))


def _time(record, layout: _Layout, field, line, zone) -> datetime | None:
    value = _cell(record, layout.columns, field)
    if not value:
        return None
    parsed = parse_time(value, zone, layout.day_first) if len(value) <= MAX_TIME_TEXT else None
    if parsed is not None and not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ZoomFileError(_("Line %(line)s: the date “%(value)s” (column “%(column)s”) is "
                              "not between %(first)s and %(last)s.", line=line,
                              value=value[:MAX_TIME_TEXT], column=layout.labels[field],
                              first=FIRST_YEAR, last=LAST_YEAR))
    if parsed is None:
        # The file's own column name and its own date order, so the cell is easy to find.
        values = {"line": line, "value": value[:40], "column": layout.labels[field],
                  "example": EXAMPLE[layout.day_first]}
        if field == "join":
            message = _("Line %(line)s: the join time “%(value)s” (column “%(column)s”) is not "
                        "a date and time (expected e.g. %(example)s).", **values)
        else:
            message = _("Line %(line)s: the leave time “%(value)s” (column “%(column)s”) is "
                        "not a date and time (expected e.g. %(example)s).", **values)
        raise ZoomFileError(message)
    return parsed


def _minutes(value: str, joined, left, line, column: str = "") -> int:
    if value:
        try:
            minutes = float(value.replace(",", "."))
        except ValueError:
            raise ZoomFileError(_("Line %(line)s: the duration “%(value)s” (column "
                                  "“%(column)s”) is not a number of minutes.", line=line,
                                  value=value[:20], column=column)) from None
        if minutes < 0 or not math.isfinite(minutes):
            raise ZoomFileError(_("Line %(line)s: the duration (“%(column)s”) must be zero or "
                                  "more minutes.", line=line, column=column))
        if minutes > MAX_MINUTES:
            raise ZoomFileError(_("Line %(line)s: the duration (“%(column)s”) is more than "
                                  "%(count)s minutes (a week).", line=line, column=column,
                                  count=MAX_MINUTES))
        return math.ceil(minutes)
    if joined and left:
        # Zoom rounds a session's minutes up.
        return math.ceil((left - joined).total_seconds() / 60)
    return 0
