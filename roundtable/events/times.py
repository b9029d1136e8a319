"""Wall-clock times in an event's zone, to and from aware UTC instants."""

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _

# Names zoneinfo lists that are not places anyone would pick.
_NOT_PLACES = {"Factory", "localtime", "posixrules"}


class NonexistentTime(ValueError):
    """The wall-clock time is skipped when clocks spring forward."""


@cache
def timezone_names() -> tuple[str, ...]:
    """Return the IANA time zone names, sorted."""
    return tuple(sorted(available_timezones() - _NOT_PLACES))


def is_timezone(name: str | None) -> bool:
    """Return whether ``name`` is a known IANA time zone."""
    return bool(name) and name in timezone_names()


def to_utc(local: datetime, tz: str) -> datetime:
    """Read a naive wall-clock time in ``tz`` as an aware UTC instant."""
    instant = local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)
    if to_local(instant, tz) != local.replace(tzinfo=None):
        raise NonexistentTime(_("%(time)s does not exist in %(zone)s (clocks change).",
                                time=f"{local:%Y-%m-%d %H:%M}", zone=tz))
    return instant


def to_local(instant: datetime, tz: str) -> datetime:
    """Return ``instant`` as a naive wall-clock time in ``tz``, for form fields."""
    return instant.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def next_year(local: datetime) -> datetime:
    """The same wall-clock time a year later (29 February becomes the 28th)."""
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


def same_week_next_year(day: date) -> date:
    """The same weekday in the anniversary's week a year on (a Thursday stays a Thursday).

    The anniversary moved to the nearest day with the same weekday: 364 or 371 days
    later, never more than three days from the date a year on.
    """
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + 1, day=28)
    shift = (day.weekday() - anniversary.weekday() + 3) % 7 - 3
    return anniversary + timedelta(days=shift)


def days_to_next_edition(local: datetime) -> timedelta:
    """How many days the next edition moves ``local``: a whole number of weeks."""
    return same_week_next_year(local.date()) - local.date()
