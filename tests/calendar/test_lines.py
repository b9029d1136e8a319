"""calendar/lines.py writes every content line byte for byte as icalendar writes it."""

import random
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone

import icalendar
import pytest
from icalendar import vCalAddress, vText, vUri
from icalendar.parser import Contentline

from roundtable.calendar import lines
from roundtable.calendar.ics import Text

# Characters that test folding and escaping: 1-4 octet UTF-8, icalendar's fold guards,
# TEXT specials, line breaks icalendar turns into \n, and a combining mark.
ALPHABET = ["a", "Z", "7", " ", "é", "ñ", "€", "–", "“", "中", "😀", "👩\u200d💻",
            "\\", "^", ";", ",", ":", '"', "'", "\n", "\r\n", "\r", "\\N", "e\u0301"]


def _strings(seed: int, count: int = 400) -> list[str]:
    """Strings of every length around the fold limits, from ALPHABET."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        length = rng.choice([*range(60, 80), *range(140, 160), rng.randrange(0, 400)])
        made.append("".join(rng.choice(ALPHABET) for _ in range(length)))
    return made


def _icalendar(name, value, parameters=None) -> bytes:
    """The property's lines as icalendar writes them inside a component."""
    component = icalendar.Event()
    component.add(name, value, parameters=parameters)
    data = component.to_ical(sorted=False)
    return data[len(b"BEGIN:VEVENT\r\n"):-len(b"END:VEVENT\r\n")]


def test_fold_is_icalendars_at_every_boundary():
    cases = [""] + ["x" * n for n in range(70, 80)] + _strings(1)
    # A fold guard (\ or ^) and multi-octet characters right at the 74th octet.
    for n in range(68, 76):
        for tail in ("\\n rest of the line" * 5, "^^^^" * 30, "é" * 60, "😀" * 40, "\\" * 90):
            cases.append("D" * n + tail)
    for line in cases:
        line = line.replace("\r", "").replace("\n", "")  # a content line has no line breaks
        assert lines.fold(line) == Contentline(line).to_ical() + b"\r\n", line


def test_text_lines_are_icalendars():
    for value in _strings(2):
        assert lines.text("DESCRIPTION", value) == _icalendar("DESCRIPTION", Text(value)), value
    assert lines.text("RELATED-TO", "event-1@x", lines.params(RELTYPE="PARENT")) == \
        _icalendar("RELATED-TO", Text("event-1@x"), {"RELTYPE": "PARENT"})


def test_vtext_lines_are_icalendars():
    for value in [*_strings(3, 200), "event-1@example.org", "event-1@a,b;c", "a\\Nb"]:
        assert lines.vtext("UID", value) == _icalendar("UID", vText(value)), value


def test_uri_and_integer_lines_are_icalendars():
    url = "https://example.org/events/%C3%A9t%C3%A9?lang=es&x=1,2;3" + "/abc" * 30
    assert lines.uri("URL", url) == _icalendar("URL", vUri(url), {"VALUE": "URI"})
    for n in (0, 7, -5, 2**31 - 1):
        assert lines.integer("SEQUENCE", n) == _icalendar("SEQUENCE", n)
    with pytest.raises(ValueError):
        lines.integer("SEQUENCE", 2**31)


def _zones() -> list:
    names = sorted(zoneinfo.available_timezones())
    return [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(0), "Z"),
            *(zoneinfo.ZoneInfo(name) for name in names)]


@pytest.mark.parametrize("name", ["DTSTART", "DTSTAMP"])
def test_date_times_are_icalendars_in_every_zone(name):
    # Stamps are converted to UTC before either writer sees them (ics: _Lines.stamp).
    instants = [datetime(2024, 3, 10, 9, 30, 15, 123456, tzinfo=UTC),
                datetime(2024, 11, 3, 8, 30, tzinfo=UTC), datetime(12, 1, 1, 5, tzinfo=UTC),
                datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC)]
    for zone in _zones():
        for instant in instants:
            try:
                value = instant.astimezone(UTC if name == "DTSTAMP" else zone)
            except OverflowError:
                continue
            assert lines.date_time(name, value) == _icalendar(name, value), (zone, value)


def test_calendar_addresses_are_icalendars():
    for cn in ["Roundtable", "Ana Ruiz", "Ruiz, Ana", "O'Brien", "a;b:c", "Ñandú ^ caret",
               "x" * 90, "Dr. José María Ávila-Hernández (Universidad Nacional)"]:
        value = vCalAddress("mailto:contact@example.org")
        value.params["CN"] = cn
        assert lines.address("ORGANIZER", value) == _icalendar("ORGANIZER", value), cn
    bare = vCalAddress("mailto:noreply@localhost")
    assert lines.address("ORGANIZER", bare) == _icalendar("ORGANIZER", bare)
