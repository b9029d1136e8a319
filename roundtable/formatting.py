"""Jinja filters that show UTC instants in an event's own time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup, escape


def _clock(dt: datetime) -> str:
    return dt.strftime("%I:%M %p").lstrip("0")


def local_date(dt: datetime, tz: str) -> str:
    """'Thursday, November 21, 2024' in zone ``tz``."""
    local = dt.astimezone(ZoneInfo(tz))
    return f"{local:%A, %B} {local.day}, {local.year}"


def local_time(dt: datetime, tz: str) -> str:
    """'4:00 PM' in zone ``tz``."""
    return _clock(dt.astimezone(ZoneInfo(tz)))


def zone_label(dt: datetime, tz: str) -> str:
    """'MST, America/Phoenix': the abbreviation in force and the IANA name."""
    return f"{dt.astimezone(ZoneInfo(tz)).tzname()}, {tz}"


def time_range(start: datetime, end: datetime, tz: str) -> str:
    """'4:00 PM – 5:30 PM', with the end's date when it falls on another day."""
    s, e = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    if s.date() == e.date():
        return f"{_clock(s)} – {_clock(e)}"
    return f"{_clock(s)} – {local_date(end, tz)}, {_clock(e)}"


def event_when(event) -> str:
    """The full, unambiguous date line for an event."""
    return (
        f"{local_date(event.starts_at, event.timezone)}, "
        f"{time_range(event.starts_at, event.ends_at, event.timezone)} "
        f"({zone_label(event.starts_at, event.timezone)})"
    )


def paragraphs(text: str | None) -> Markup:
    """Render plain text with blank-line paragraphs, escaping everything."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("\n".join(f"<p>{escape(p)}</p>" for p in parts))


def register(app: Flask) -> None:
    """Expose the helpers to templates."""
    app.add_template_filter(local_date)
    app.add_template_filter(local_time)
    app.add_template_filter(zone_label)
    app.add_template_filter(event_when)
    app.add_template_filter(paragraphs)
    app.add_template_global(time_range)
