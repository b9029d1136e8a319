"""A date and a 24-hour time, entered the page's way whatever the browser's language.

``<input type="datetime-local">`` shows the browser's own clock (4:00 PM on an
English phone) and ``<input type="date">`` the browser's own date order (11/21/2030
on an English browser reading a Spanish page), while our pages write dates the
reader's way and times in 24-hour form. This field is two plain text boxes: a date
in the page's order (21/11/2030 on a Spanish page, 11/21/2030 on an English one;
2030-11-21 is read on either) and a time ("16:00"); its visible hint says the order.
Both boxes share the field's name, so a form posts ``name=21/11/2030&name=16:00``. A
single ``2030-11-21T16:00`` (as a datetime-local posts it, and scripts and tests may)
is read too. No script is needed, and every browser shows the same thing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms import Field

from roundtable.i18n import current

# "16:00", "16.00", "1600", "9:05"; an "a. m./p. m." or "AM/PM" after it is read as well.
_TIME = re.compile(r"^(\d{1,2})[:.h]?(\d{2})\s*(?:([ap])\.?\s?m\.?)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """The time ``text`` names, or None."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# "21/11/2030", "21.11.2030", "21-11-2030" (day or month first, as the page reads).
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXAMPLE = date(2030, 11, 21)


def day_first() -> bool:
    """Whether the page's language writes the day before the month."""
    return current() == "es"


def date_format() -> str:
    """The order a reader types a date in, as a hint: "dd/mm/aaaa" or "mm/dd/yyyy"."""
    return _("mm/dd/yyyy")


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y" if day_first() else "%m/%d/%Y")


def parse_date(text: str) -> date | None:
    """The date ``text`` names in the page's order (or ISO 2030-11-21), or None."""
    text = text.strip()
    try:
        if _ISO.match(text):
            return date.fromisoformat(text)
        match = _DATE.match(text)
        if not match:
            return None
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if day_first() else (second, first)
        return date(year, month, day)
    except ValueError:
        return None


class DateAndTimeInput:
    """A date box in the page's order and a 24-hour time box for one field."""

    def __call__(self, field, **kwargs):
        kwargs.pop("required", None)  # the server says what is missing, in the page's language
        invalid = "".join(f' aria-invalid="{escape(v)}"' for k, v in kwargs.items()
                          if k in ("aria-invalid", "aria_invalid"))
        described = " ".join(v for k, v in kwargs.items()
                             if k in ("aria-describedby", "aria_describedby") and v)
        own = f"{field.id}-format"
        described = f' aria-describedby="{escape(f"{described} {own}".strip())}"'
        day, clock = field.parts()
        time_label = _("%(label)s: time (24-hour, such as 16:00)", label=field.label.text)
        order = date_format()
        hint = _("Date as %(format)s (such as %(example)s), time in 24-hour form (16:00).",
                 format=order, example=format_date(EXAMPLE))
        return Markup(
            f'<span class="date-and-time">'
            f'<input type="text" class="date" id="{escape(field.id)}" '
            f'name="{escape(field.name)}" value="{escape(day)}" inputmode="numeric" '
            f'autocomplete="off" size="10" maxlength="10" '
            f'pattern="\\d{{1,2}}\\D\\d{{1,2}}\\D\\d{{4}}|\\d{{4}}-\\d{{2}}-\\d{{2}}" '
            f'placeholder="{escape(order)}"{described}{invalid}>'
            f'<input type="text" class="time" id="{escape(field.id)}-time" '
            f'name="{escape(field.name)}" value="{escape(clock)}" inputmode="numeric" '
            f'autocomplete="off" size="5" maxlength="8" placeholder="16:00" '
            f'aria-label="{escape(time_label)}"{described}{invalid}>'
            f'<small class="hint" id="{escape(own)}">{escape(hint)}</small>'
            f"</span>")


class DateAndTimeField(Field):
    """A naive local datetime from a date and a 24-hour time (see the module's note)."""

    widget = DateAndTimeInput()

    def parts(self) -> tuple[str, str]:
        """What the two boxes show: the data, or what was typed when it was refused."""
        if self.raw_data is not None and self.process_errors:
            typed = [*self.raw_data, "", ""]
            return typed[0], typed[1]
        if self.data:
            return format_date(self.data.date()), self.data.strftime("%H:%M")
        return "", ""

    def _value(self) -> str:
        return self.data.isoformat(timespec="minutes") if self.data else ""

    def process_formdata(self, valuelist):
        values = [v.strip() for v in valuelist]
        if not any(values):
            self.data = None
            return
        if len(values) == 1 and "T" in values[0]:
            values = values[0].split("T", 1)
        day_text, time_text = [*values, ""][:2]
        self.data = None
        day = parse_date(day_text)
        if day is None:
            raise ValueError(_("Enter the date as %(format)s, such as %(example)s.",
                               format=date_format(), example=format_date(EXAMPLE)))
        clock = parse_time(time_text)
        if clock is None:
            raise ValueError(_("Enter the time in 24-hour form, such as 16:00."))
        self.data = datetime.combine(day, clock)
