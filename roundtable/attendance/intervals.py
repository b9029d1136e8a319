"""How long someone was present, from their sessions: the union, clipped to the meeting.

A person on a laptop 4:00–5:30 and on a phone 4:30–5:00 was present 90 minutes,
not 120; time in the meeting before it started or after it ended is not attendance.
Pure: datetimes in, minutes out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

Span = tuple[datetime, datetime]


def merged(spans: Iterable[Span], window: Span | None = None) -> list[Span]:
    """The spans clipped to ``window`` (when given), overlapping or touching ones joined."""
    clipped = []
    for start, end in spans:
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
        if end > start:
            clipped.append((start, end))
    out: list[Span] = []
    for start, end in sorted(clipped):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def present_minutes(spans: Iterable[Span], window: Span | None = None) -> int:
    """Whole minutes present, counting time covered by several sessions once.

    A started minute counts, as in Zoom's own Duration column, so one session
    gives the minutes Zoom reports for it.
    """
    seconds = sum((end - start).total_seconds() for start, end in merged(spans, window))
    return math.ceil(seconds / 60)
