"""Our VTIMEZONEs: yearly RRULEs, limited to the years used, and right to the second."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from roundtable.calendar.ics import fold
from roundtable.calendar.vtimezone import vtimezone_lines
from tests.calendar.conftest import parse_vobject


def _vcalendar(tzid, first, last) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    lines += vtimezone_lines(tzid, first, last)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def _blocks(tzid, first, last):
    cal = icalendar.Calendar.from_ical(_vcalendar(tzid, first, last))
    (tz,) = cal.walk("VTIMEZONE")
    return tz, [c for c in tz.subcomponents]


@pytest.mark.parametrize("tzid", ["America/Phoenix", "America/Mexico_City"])
def test_zones_without_dst_give_one_standard_block(tzid):
    tz, blocks = _blocks(tzid, 2024, 2027)
    assert [b.name for b in blocks] == ["STANDARD"]
    assert "RDATE" not in blocks[0] and "RRULE" not in blocks[0]
    offset = blocks[0]["TZOFFSETTO"].td
    assert offset == blocks[0]["TZOFFSETFROM"].td
    assert offset == timedelta(hours=-7 if tzid == "America/Phoenix" else -6)


def test_new_york_uses_yearly_rrules_not_rdates():
    text = _vcalendar("America/New_York", 2026, 2026).decode()
    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in text
    tz, blocks = _blocks("America/New_York", 2026, 2026)
    assert sorted(b.name for b in blocks) == ["DAYLIGHT", "STANDARD"]
    # The STANDARD observance in force on 1 January began the November before.
    standard = next(b for b in blocks if b.name == "STANDARD")
    assert standard["DTSTART"].dt <= datetime(2026, 1, 1)


def test_last_sunday_rules_and_rules_that_end():
    berlin = _vcalendar("Europe/Berlin", 2025, 2027).decode()
    assert "BYDAY=-1SU;BYMONTH=3" in berlin and "BYDAY=-1SU;BYMONTH=10" in berlin
    # Mexico stopped DST in 2022: the rules carry an UNTIL, and the last STANDARD stays.
    mexico = _vcalendar("America/Mexico_City", 2021, 2024).decode()
    assert ";UNTIL=2022" in mexico and "RDATE" not in mexico


CASES = [
    ("America/Phoenix", 2025, 2027),
    ("America/Mexico_City", 2024, 2026),
    ("America/Mexico_City", 2020, 2024),
    ("America/New_York", 2025, 2027),
    ("America/New_York", 2005, 2008),  # the 2007 US rule change
    ("Europe/Berlin", 2026, 2026),
    ("Australia/Sydney", 2026, 2027),  # southern hemisphere: DAYLIGHT first
    ("Asia/Kolkata", 2026, 2026),
]


def _instants(tzid, first, last):
    """Noon every day, plus one hour either side of every real offset change."""
    zone = ZoneInfo(tzid)
    day = datetime(first, 1, 1, 12, tzinfo=UTC)
    end = datetime(last, 12, 31, 12, tzinfo=UTC)
    previous = day.astimezone(zone).utcoffset()
    while day <= end:
        yield day
        offset = day.astimezone(zone).utcoffset()
        if offset != previous:
            probe = day - timedelta(days=1)
            while probe < day:
                yield probe
                probe += timedelta(minutes=30)
        previous = offset
        day += timedelta(days=1)


@pytest.mark.parametrize(("tzid", "first", "last"), CASES)
def test_offsets_match_zoneinfo_in_two_parsers(tzid, first, last):
    data = _vcalendar(tzid, first, last)
    (ical_tz,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    ical_zone = ical_tz.to_tz(lookup_tzid=False)
    dateutil_zone = parse_vobject(data).vtimezone.gettzinfo()
    zone = ZoneInfo(tzid)
    for instant in _instants(tzid, first, last):
        local = instant.astimezone(zone)
        expected = local.utcoffset()
        naive = local.replace(tzinfo=None)
        # Wall-clock time -> offset, the way a client reads DTSTART;TZID=...
        if local.fold == 0 and (naive.replace(fold=1).replace(tzinfo=zone).utcoffset()
                                == expected):
            assert naive.replace(tzinfo=ical_zone).utcoffset() == expected, (tzid, instant)
            assert naive.replace(tzinfo=dateutil_zone).utcoffset() == expected, (tzid, instant)


def test_every_zone_is_written_as_icalendar_writes_it():
    # Calendars splice ics.timezone_ical's bytes in without icalendar parsing them
    # back; for every zone on this system they must be what icalendar would write.
    import zoneinfo

    import icalendar

    from roundtable.calendar.ics import timezone_ical

    for tzid in sorted(zoneinfo.available_timezones()):
        for first, last in ((2020, 2023), (2026, 2027)):
            lines = "\r\n".join(vtimezone_lines(tzid, first, last)).encode()
            expected = icalendar.Timezone.from_ical(lines).to_ical(sorted=False)
            assert timezone_ical(tzid, first, last) == expected, (tzid, first, last)
