"""Pure rules about an event's times and what publishing needs; no database."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roundtable.events.models import EventFormat

# Dates far outside this range are typing mistakes, and near year 1 or 9999 the
# conversion to UTC and the calendar arithmetic overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_problem(value) -> str | None:
    """The message for a date outside the years events may use, or None."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        return _("Enter a date between the years %(first)s and %(last)s.",
                 first=FIRST_YEAR, last=LAST_YEAR)
    return None


def time_problems(starts, ends, opens=None, closes=None) -> dict[str, str]:
    """Return what is wrong with an event's start, end and registration window."""
    values = {"starts_at": starts, "ends_at": ends,
              "registration_opens_at": opens, "registration_closes_at": closes}
    problems = {name: message for name, value in values.items()
                if (message := year_problem(value))}
    if problems:
        return problems
    if starts and ends and ends <= starts:
        problems["ends_at"] = _("The event must end after it starts.")
    if ends and closes and closes > ends:
        problems["registration_closes_at"] = _("Registration must close before the event ends.")
    elif opens and closes and closes <= opens:
        problems["registration_closes_at"] = _("Registration must close after it opens.")
    if ends and opens and opens >= ends:
        problems["registration_opens_at"] = _("Registration must open before the event ends.")
    return problems


PAST_START = (_l("This event starts in the past. To keep it as a record of a past event, "
              "tick “Yes, this is a record of a past event”."))


def starts_in_past(starts, now) -> bool:
    """Whether an event starting at ``starts`` would already have begun at ``now``."""
    return bool(starts) and starts < now


def publication_problems(values) -> dict[str, str]:
    """Return what stops an event with these values (a dict or an Event) being published."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    problems = {}
    fmt = get("format")
    if fmt in (EventFormat.ONLINE, EventFormat.HYBRID) and not get("zoom_join_url"):
        problems["zoom_join_url"] = (
            _("An online or hybrid event needs a Zoom join URL to be published.")
        )
    if fmt in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not get("venue_name"):
        problems["venue_name"] = _("An in-person or hybrid event needs a venue to be published.")
    return problems
