"""Content lines written straight to bytes, exactly as icalendar writes them.

icalendar's ``Component.to_ical`` makes a ``Contentline`` of every property and
folds it character by character in Python (``_foldline``); with building the
components that is most of a 1,000-event feed's time. A public VEVENT uses a few
value types with fixed parameters — TEXT, URI, INTEGER, DATE-TIME in UTC or in a
zone, CAL-ADDRESS — so ``ics.py`` writes those lines here instead, byte for byte
what icalendar writes (``tests/calendar/test_lines.py`` compares every function
with icalendar on hostile input, and whole feeds with ``Calendar.to_ical``):

- ``fold`` folds as ``_foldline``: at most 74 octets before a fold (75 with the
  leading space after one), never inside a UTF-8 character, and a trailing
  ``\\`` or ``^`` moves to the next line (icalendar's guard for escapes).
- Whatever depends on icalendar's own rules beyond that (a zone's ``TZID``, a
  calendar address with its parameters, ``vText`` escaping) is asked of
  icalendar once and kept.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Event, vCalAddress, vText
from icalendar.parser import Contentline, Parameters
from icalendar.timezone.tzid import tzid_from_tzinfo

_LIMIT = 74  # octets of a line before icalendar folds it (its limit is "< 75")
_ESCAPES = (0x5C, 0x5E)  # "\" and "^": icalendar never leaves one at the end of a line
_FOLD = b"\r\n "
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1  # RFC 5545's INTEGER
# What vText escapes or changes; a value without them is written as it is.
_VTEXT_ESCAPED = re.compile(r"[\\;,\r\n]")


def fold(line: str) -> bytes:
    """One content line as icalendar writes it: folded, ending in CRLF."""
    data = line.encode()
    size = len(data)
    if size <= _LIMIT:
        return data + b"\r\n"
    chunks = []
    start = 0
    while size - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        # A chunk is at least 71 octets, so always more than one character.
        if data[end - 1] in _ESCAPES:
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return _FOLD.join(chunks) + b"\r\n"


def escape_text(value: str) -> str:
    """A TEXT value escaped exactly as RFC 5545 3.3.11 says (a literal ``\\N`` stays one)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    )


def text(name: str, value: str, params: str = "") -> bytes:
    """``NAME[;params]:value`` for a TEXT value (``params`` already written)."""
    return fold(f"{name}{params}:{escape_text(value)}")


def vtext(name: str, value: str) -> bytes:
    """A TEXT value escaped by icalendar's ``vText`` (UIDs, as the components add them)."""
    if _VTEXT_ESCAPED.search(value):
        value = vText(value).to_ical().decode()
    return fold(f"{name}:{value}")


def uri(name: str, value: str) -> bytes:
    """``NAME;VALUE=URI:value``; the caller has cleaned the URI."""
    return fold(f"{name};VALUE=URI:{value}")


def integer(name: str, value: int) -> bytes:
    if not _INT_MIN <= value <= _INT_MAX:
        return component_line(name, value)  # icalendar refuses it, and so do we
    return fold(f"{name}:{int(value)}")


@lru_cache(maxsize=64)
def params(**values: str) -> str:
    """``;KEY=value`` as icalendar writes these parameters (quoting, RFC 6868)."""
    return ";" + Parameters(values).to_ical(sorted=False).decode()


@lru_cache(maxsize=512)
def _zone_form(zone: tzinfo) -> tuple[str, str] | None:
    """(parameters, suffix) icalendar writes for a datetime in ``zone``.

    ``TZID=<id>`` and no suffix for a named zone, ``Z`` for UTC. None when
    icalendar would name the zone from each datetime (``tzname()``): those go
    through icalendar itself.
    """
    tzid = tzid_from_tzinfo(zone)
    if tzid is None:
        return None
    if tzid == "UTC":
        return "", "Z"
    return params(TZID=tzid), ""


def date_time(name: str, value: datetime) -> bytes:
    """A DATE-TIME as ``Component.add`` writes an aware datetime: TZID or ``Z``.

    Written here in ``datetime.UTC`` and in zoneinfo's zones (compared by identity;
    ``datetime.timezone`` objects are equal whatever their names, so those and any
    other tzinfo go through icalendar itself). DTSTAMP, CREATED and LAST-MODIFIED
    must already be in UTC: ``Component.add`` would convert them.
    """
    zone = value.tzinfo
    form = _zone_form(zone) if zone is UTC or type(zone) is ZoneInfo else None
    if form is None:
        return component_line(name, value)
    parameters, suffix = form
    return fold(
        f"{name}{parameters}:{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}{suffix}"
    )


def component_line(name: str, value) -> bytes:
    """Any property exactly as icalendar's ``Component.add`` and ``to_ical`` write it."""
    component = Event()
    component.add(name, value)
    return component.to_ical(sorted=False)[len(b"BEGIN:VEVENT\r\n"): -len(b"END:VEVENT\r\n")]


@lru_cache(maxsize=256)
def _address_line(name: str, address: str, params_: tuple[tuple[str, str], ...]) -> bytes:
    value = vCalAddress(address)
    for key, param in params_:
        value.params[key] = param
    return fold(Contentline.from_parts(name, value.params, value, sorted=False))


def address(name: str, value: vCalAddress) -> bytes:
    """A CAL-ADDRESS with its parameters (``ORGANIZER;CN=…:mailto:…``), written by icalendar."""
    try:
        return _address_line(name, str(value), tuple(value.params.items()))
    except TypeError:  # a list parameter: not kept
        return fold(Contentline.from_parts(name, value.params, value, sorted=False))
