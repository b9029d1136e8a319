"""A date and a 24-hour time, entered the same way whatever the browser's language.

``<input type="datetime-local">`` shows the browser's own clock (4:00 PM on an
English phone) while every time on our pages is 24-hour. This field is a date
picker and a plain time box ("16:00") side by side; both share the field's name,
so a form posts ``name=2030-11-21&name=16:00``. A single ``2030-11-21T16:00``
(as a datetime-local posts it, and scripts and tests may) is read too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms import Field

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


class DateAndTimeInput:
    """A date picker and a 24-hour time box for one field."""

    def __call__(self, field, **kwargs):
        kwargs.pop("required", None)  # the server says what is missing, in the page's language
        common = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in kwargs.items()
                         if k in ("aria-describedby", "aria_describedby", "aria-invalid",
                                  "aria_invalid"))
        day, clock = field.parts()
        time_label = _("%(label)s: time (24-hour, such as 16:00)", label=field.label.text)
        return Markup(
            f'<span class="date-and-time">'
            f'<input type="date" id="{escape(field.id)}" name="{escape(field.name)}" '
            f'value="{escape(day)}"{common}>'
            f'<input type="text" id="{escape(field.id)}-time" name="{escape(field.name)}" '
            f'value="{escape(clock)}" inputmode="numeric" autocomplete="off" size="5" '
            f'maxlength="8" placeholder="16:00" aria-label="{escape(time_label)}"{common}>'
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
            return self.data.strftime("%Y-%m-%d"), self.data.strftime("%H:%M")
        return "", ""

    def _value(self) -> str:
        day, clock = self.parts()
        return f"{day}T{clock}" if day else ""

    def process_formdata(self, valuelist):
        values = [v.strip() for v in valuelist]
        if not any(values):
            self.data = None
            return
        if len(values) == 1 and "T" in values[0]:
            values = values[0].split("T", 1)
        day_text, time_text = [*values, ""][:2]
        self.data = None
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise ValueError(_("Choose a date.")) from None
        clock = parse_time(time_text)
        if clock is None:
            raise ValueError(_("Enter the time in 24-hour form, such as 16:00."))
        self.data = datetime.combine(day, clock)
