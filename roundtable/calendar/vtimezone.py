"""VTIMEZONE components from the system's zoneinfo, written as yearly RRULEs.

icalendar 7.3's ``Timezone.from_tzid(..., first_date, last_date)`` lists each
transition as an ``RDATE``. Outlook ignores ``RDATE`` (it turns a VTIMEZONE into
one Windows yearly rule), so we derive the rules ourselves: find the UTC
offset changes in the years the calendar uses, describe each one as "the Nth
(or last) weekday of a month at a wall-clock time", and collapse consecutive
years that share a description into one ``RRULE:FREQ=YEARLY`` observance.

A zone without changes in those years (America/Phoenix; America/Mexico_City
since 2022) comes out as a single STANDARD block.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEP = timedelta(hours=12)
# The years a VTIMEZONE spells out; outside them clients extend the nearest rules.
# Bounded so that any stored date (year 1, year 9999) yields a small, valid component.
FIRST_SPELLED_YEAR, LAST_SPELLED_YEAR = 1900, 2200


@dataclass(frozen=True)
class _Transition:
    at_utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_dst: bool

    @property
    def local_start(self) -> datetime:
        """Wall-clock onset, in the offset in force before the change (RFC 5545 3.6.5)."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return (self.is_dst, self.offset_from, self.offset_to, self.name)

    @property
    def rule(self) -> tuple[int, str, tuple[int, int, int]]:
        """(month, BYDAY, wall time): '2SU' for the 2nd Sunday, '-1SU' for the last."""
        local = self.local_start
        weekday = _WEEKDAYS[local.weekday()]
        days_in_month = calendar.monthrange(local.year, local.month)[1]
        if local.day + 7 > days_in_month and local.day > 21:
            byday = f"-1{weekday}"
        else:
            byday = f"{(local.day - 1) // 7 + 1}{weekday}"
        return local.month, byday, (local.hour, local.minute, local.second)


def _offset(tz: ZoneInfo, at_utc: datetime) -> timedelta:
    return at_utc.astimezone(tz).utcoffset()


def _transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[_Transition]:
    """Every UTC offset change in [start, end), found by stepping and bisecting."""
    found = []
    here, here_offset = start, _offset(tz, start)
    while here < end:
        there = min(here + _STEP, end)
        there_offset = _offset(tz, there)
        if there_offset != here_offset:
            lo, hi = here, there
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid <= lo:
                    break
                if _offset(tz, mid) == here_offset:
                    lo = mid
                else:
                    hi = mid
            local = hi.astimezone(tz)
            found.append(
                _Transition(
                    at_utc=hi,
                    offset_from=here_offset,
                    offset_to=there_offset,
                    name=local.tzname() or _format_offset(there_offset),
                    is_dst=bool(local.dst()),
                )
            )
        here, here_offset = there, there_offset
    return found


def _format_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _local(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")


@lru_cache(maxsize=256)
def vtimezone_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """Return the content lines (unfolded, unescaped-safe) of a VTIMEZONE for ``tzid``.

    The component is correct for every instant from 1 January of ``first_year``
    to 31 December of ``last_year``; outside that range clients extend the last
    rules, which is what they would do with a full history anyway.
    """
    first_year = min(max(first_year, FIRST_SPELLED_YEAR), LAST_SPELLED_YEAR)
    last_year = min(max(last_year, first_year), LAST_SPELLED_YEAR)
    tz = ZoneInfo(tzid)
    range_start = datetime(first_year, 1, 1, tzinfo=UTC)
    range_end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    # Look one year back: the observance in force on 1 January began the year before.
    earlier = _transitions(tz, datetime(first_year - 1, 1, 1, tzinfo=UTC), range_start)
    inside = _transitions(tz, range_start, range_end)

    transitions = list(inside)
    if earlier:
        previous = earlier[-1]
        if any(t.kind == previous.kind and t.rule == previous.rule for t in inside):
            transitions.insert(0, previous)

    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    if not transitions or transitions[0].at_utc > range_start:
        # The observance in force at the start of the range, with no change inside it
        # before the first transition (or at all).
        at_start = range_start.astimezone(tz)
        offset = at_start.utcoffset()
        block = "DAYLIGHT" if at_start.dst() else "STANDARD"
        lines += [
            f"BEGIN:{block}",
            f"DTSTART:{_local(datetime(first_year, 1, 1))}",
            f"TZOFFSETFROM:{_format_offset(offset)}",
            f"TZOFFSETTO:{_format_offset(offset)}",
            f"TZNAME:{at_start.tzname() or _format_offset(offset)}",
            f"END:{block}",
        ]

    # Runs of consecutive years with the same kind of change and the same rule.
    runs: list[list[_Transition]] = []
    open_runs: dict[tuple, list[_Transition]] = {}
    for t in transitions:
        key = (t.kind, t.rule)
        run = open_runs.get(key)
        if run is not None and run[-1].local_start.year == t.local_start.year - 1:
            run.append(t)
            continue
        run = [t]
        open_runs[key] = run
        runs.append(run)

    for run in runs:
        first, last = run[0], run[-1]
        block = "DAYLIGHT" if first.is_dst else "STANDARD"
        month, byday, _ = first.rule
        # Parts in icalendar's own order (vRecur's), so these lines are its serialization.
        rrule = "RRULE:FREQ=YEARLY"
        if last.local_start.year < last_year:
            # The zone stopped following this rule inside the range (Mexico in 2022).
            rrule += f";UNTIL={last.at_utc.strftime('%Y%m%dT%H%M%SZ')}"
        rrule += f";BYDAY={byday};BYMONTH={month}"
        lines += [
            f"BEGIN:{block}",
            f"DTSTART:{_local(first.local_start)}",
            f"TZOFFSETFROM:{_format_offset(first.offset_from)}",
            f"TZOFFSETTO:{_format_offset(first.offset_to)}",
            f"TZNAME:{first.name}",
            rrule,
            f"END:{block}",
        ]
    lines.append("END:VTIMEZONE")
    return tuple(lines)
