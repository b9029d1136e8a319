"""Bar charts as plain geometry for server-rendered SVG: no script, no style attributes.

Colours come from classes in style.css (the CSP allows only our stylesheet);
each chart's numbers are also given to the template as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import pgettext

HEIGHT = 180          # plot area
TOP, BOTTOM, LEFT = 12, 40, 36
BAR, GAP = 14, 10     # bar width, space between groups
LABEL_SPACE = 40      # room an x-axis label needs ("16:05" at 11px)
CHAR_WIDTH = 6.5      # a generous average width of an 11px character, for label room


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    title: str
    groups: list[str]
    series: list[str]
    values: list[list[int]]   # values[group][series]
    width: float
    height: float
    bars: list[Bar]
    x_labels: list[tuple[float, list[str]]]   # x, and the label's lines (at most two)
    y_ticks: list[tuple[float, int]]


def label_lines(name: str) -> list[str]:
    """``name`` on one line, or on two split at the space nearest its middle.

    Spanish labels are longer ("Sin registro previo", "Inasistencias"): two short
    lines fit under a bar group where one long line would run into its neighbours.
    """
    words = name.split()
    if len(words) < 2:
        return [name]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(len(pair[0]), len(pair[1]))))


def label_width(lines: list[str]) -> float:
    """How wide a label's longest line is drawn, in chart units."""
    return max(len(line) for line in lines) * CHAR_WIDTH


def _ticks(top: int) -> list[int]:
    # Four steps whose last gridline is at or above the tallest bar.
    step = max(1, -(-top // 4))
    return list(range(0, step * -(-top // step) + 1, step))


def bar_chart(title: str, groups: list[str], series: list[str], values: list[list[int]],
              bar: float = BAR, gap: float = GAP, every_label: bool = False) -> Chart:
    """Grouped vertical bars, one colour per series, on a shared zero-based scale.

    Group labels are thinned so that neighbours never overlap (times on an axis);
    with ``every_label`` (named groups) the groups widen to fit each label instead.
    """
    top = max([v for row in values for v in row] + [1])
    ticks = _ticks(top)
    scale_top = ticks[-1] if ticks[-1] >= top else top
    lines = [label_lines(name) for name in groups]
    widest = max([label_width(each) for each in lines] + [LABEL_SPACE])
    if every_label:
        # Named groups are all labelled: each group is made as wide as the widest label.
        gap = max(gap, widest + CHAR_WIDTH - bar * len(series))
    group_width = bar * len(series) + gap
    label_every = max(1, math.ceil(widest / group_width))
    bars, x_labels = [], []
    for g, (name, row) in enumerate(zip(groups, values, strict=True)):
        x0 = LEFT + gap / 2 + g * group_width
        for s, value in enumerate(row):
            h = HEIGHT * value / scale_top
            bars.append(Bar(x0 + s * bar, TOP + HEIGHT - h, bar - 1, h, f"series-{s}",
                            f"{name}: {value} {series[s].lower()}"))
        if g % label_every == 0:
            x_labels.append((x0 + bar * len(series) / 2, lines[g]))
    y_ticks = [(TOP + HEIGHT - HEIGHT * t / scale_top, t) for t in ticks]
    return Chart(title, groups, series, values, LEFT + gap + len(groups) * group_width,
                 TOP + HEIGHT + BOTTOM, bars, x_labels, y_ticks)


def modes_chart(report) -> Chart:
    """Registered, confirmed, attended, no-shows and walk-ins, a bar per mode."""
    names = [_("Registered"), pgettext("attendance figures", "Confirmed"), _("Attended"),
             _("No-shows"), _("Walk-ins")]
    keys = ["registered", "confirmed", "attended", "no_shows", "walk_ins"]
    values = [[getattr(m, k) for m in report.modes] for k in keys]
    return bar_chart(_("Attendance by mode"), names, [m.label for m in report.modes], values,
                     bar=24, gap=40, every_label=True)


def arrivals_chart(report) -> Chart | None:
    """Check-ins in the room and first joins on Zoom per 5 minutes; None without arrivals."""
    if not report.arrivals:
        return None
    groups = [slot.strftime("%H:%M") for slot, _, _ in report.arrivals]
    values = [[room, online] for _, room, online in report.arrivals]
    return bar_chart(_("Arrivals per 5 minutes"), groups, [_("In the room"), _("On Zoom")], values,
                     bar=10, gap=8)
