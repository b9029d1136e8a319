"""Jinja filters that show UTC instants in an event's own time zone, in the reader's language.

Babel writes the month and day names; the clock patterns are ours so English
keeps "4:00 PM" (plain space) and Spanish reads "16:00".
"""

from datetime import datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask import Flask
from markupsafe import Markup, escape

from roundtable.i18n import current
from roundtable.markdown import render_markdown
from roundtable.zone_names import own_names_json, zone_label

CLOCK = {"en": "h:mm a", "es": "HH:mm"}
# Our Spanish is Mexico's: its CLDR data groups thousands with commas (Spain's uses dots).
FORMAT_LOCALE = {"en": "en_US", "es": "es_MX"}
# Between two clock times: spaced en dash in English, closed up in Spanish.
RANGE_DASH = {"en": " – ", "es": "–"}
# Spanish dates read in running text ("el jueves 21 de noviembre de 2024"): no comma
# after the weekday, as CLDR's full pattern has. English keeps CLDR's.
DATE_PATTERN = {"en": "full", "es": "EEEE d 'de' MMMM 'de' y"}


def _clock(dt: datetime, lang: str | None = None) -> str:
    return _clock_at(dt.hour, dt.minute, lang or current())


@lru_cache(maxsize=4096)
def _clock_at(hour: int, minute: int, lang: str) -> str:
    """Babel's clock text, kept: the CLOCK patterns show hours, minutes and AM/PM only,
    so the text depends on nothing else (a feed formats thousands of agenda times)."""
    return format_time(time(hour, minute), CLOCK[lang], locale=FORMAT_LOCALE[lang])


def local_date(dt: datetime, tz: str, lang: str | None = None) -> str:
    """'Thursday, November 21, 2024' or 'jueves 21 de noviembre de 2024' in zone ``tz``."""
    local = dt.astimezone(ZoneInfo(tz))
    lang = lang or current()
    return format_date(local.date(), DATE_PATTERN[lang], locale=FORMAT_LOCALE[lang])


def local_time(dt: datetime, tz: str) -> str:
    """'4:00 PM' (or '16:00') in zone ``tz``."""
    return _clock(dt.astimezone(ZoneInfo(tz)))


def time_range(start: datetime, end: datetime, tz: str, lang: str | None = None) -> str:
    """'4:00 PM – 5:30 PM' or '16:00–17:30', with the end's date when it is another day.

    ``lang`` defaults to the current language (calendars building many pass it once).
    """
    lang = lang or current()
    zone = ZoneInfo(tz)
    s, e = start.astimezone(zone), end.astimezone(zone)
    if s.date() == e.date():
        return f"{_clock(s, lang)}{RANGE_DASH[lang]}{_clock(e, lang)}"
    return f"{_clock(s, lang)} – {local_date(end, tz, lang)}, {_clock(e, lang)}"


def event_when(event) -> str:
    """The date line: 'jueves 21 de noviembre de 2024, 16:00–17:30, hora de Arizona (UTC−7)'.

    English: 'Thursday, November 21, 2024, 4:00 PM – 5:30 PM, Arizona time (MST)'.
    """
    return (
        f"{local_date(event.starts_at, event.timezone)}, "
        f"{time_range(event.starts_at, event.ends_at, event.timezone)}, "
        f"{zone_label(event.starts_at, event.timezone)}"
    )


def edition_ordinal(n: int) -> str:
    """'3rd' in English; '3.ª' in Spanish (feminine, agreeing with 'edición')."""
    if current() == "es":
        return f"{n}.ª"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(value) -> str:
    """A count or figure written the reader's way."""
    return format_decimal(value, locale=FORMAT_LOCALE[current()])


def paragraphs(text: str | None) -> Markup:
    """Render plain text with blank-line paragraphs, escaping everything."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("\n".join(f"<p>{escape(p)}</p>" for p in parts))


def markdown(text: str | None, top_heading: int = 1) -> Markup:
    """Sanitized HTML from an organizer's Markdown (roundtable/markdown.py).

    Pages pass ``top_heading=3`` for text inside a section, so "#" never opens an <h1>.
    """
    return render_markdown(text or "", top_heading)


def register(app: Flask) -> None:
    """Expose the helpers to templates."""
    app.add_template_filter(local_date)
    app.add_template_filter(local_time)
    app.add_template_filter(zone_label)
    app.add_template_filter(event_when)
    app.add_template_filter(number)
    app.add_template_filter(paragraphs)
    app.add_template_filter(markdown)
    app.add_template_global(time_range)
    app.add_template_global(own_names_json, "zone_names_json")
    app.add_template_global(lambda: RANGE_DASH[current()], "range_dash")
    app.add_template_global(lambda: FORMAT_LOCALE[current()].replace("_", "-"), "bcp47_locale")
