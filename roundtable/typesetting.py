"""HTML typesetting that keeps what belongs together on one line.

A time range ("16:00–17:30", "4:00 PM – 5:30 PM") breaks after its dash on a
narrow screen, leaving the end time alone on the next line. Pages wrap each range
in ``<span class="nowrap">``; emails, calendars and CSV keep the plain text.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_CLOCK = r"\d{1,2}:\d{2}(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
TIME_RANGE = re.compile(rf"{_CLOCK}\s?[–-]\s?{_CLOCK}")


def keep_times_together(text) -> Markup:
    """``text`` escaped, with every time range in it kept on one line."""
    escaped = str(escape(text))
    return Markup(TIME_RANGE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>',
                                 escaped))


def register(app) -> None:
    app.add_template_filter(keep_times_together)
