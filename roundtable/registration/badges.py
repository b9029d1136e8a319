"""Printable name badges: several to a sheet of A4 or US Letter, as a PDF (fpdf2).

Each badge carries the person's name, affiliation, their role if they speak, the event's
title and co-sponsors, and the door QR code for a confirmed in-person registrant.
Names of any length fit: the font shrinks down to a floor, then the name wraps.
The font is Noto Sans (fontpkg-noto-sans, a PyPI package), which carries accents and
most Latin, Greek and Cyrillic letters; fpdf2 embeds only the glyphs used.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import segno
from flask import current_app
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF

from roundtable.i18n import localized
from roundtable.registration import checkin
from roundtable.registration.models import AttendanceMode

# A sheet, in mm: 2 × 4 badges of 90 × 65 mm fit both A4 (210 × 297) and Letter (216 × 279).
PAPERS = {"a4": "A4", "letter": "Letter"}
BADGE_W, BADGE_H, COLUMNS, ROWS = 90.0, 65.0, 2, 4
PAD = 5.0
QR_SIZE = 22.0
NAME_MAX, NAME_MIN, NAME_FLOOR = 22.0, 15.0, 10.0  # points: shrink to MIN, then wrap


@dataclass(frozen=True)
class Badge:
    name: str
    affiliation: str | None = None
    role: str | None = None        # for speakers: "Keynote speaker", "Panelist"…
    door_url: str | None = None    # the door QR code's address, for registrants


def _font_file() -> Path:
    from fontpkg_noto_sans import ROOT

    return ROOT / "files" / "NotoSans[wdth,wght].ttf"


def _bold_font_file() -> Path:
    """The variable font's bold instance as a static font file, made once per installation.

    Making the instance (fontTools' instancer) takes seconds; given the variable font and
    ``variations``, fpdf2 would make it again for every PDF. The file sits in the instance
    folder under a name that changes with the font file; it is written aside, to a file of
    its own (``mkstemp``: two threads of one process too), and renamed, so requests making
    it at once never read half a file nor rename away each other's.
    """
    source = _font_file()
    stat = source.stat()
    folder = Path(current_app.instance_path) / "fonts"
    target = folder / f"NotoSans-Bold-{stat.st_size}-{stat.st_mtime_ns}.ttf"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(TTFont(source), {"wght": 700}, static=True)
        handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                font.save(file)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return target


def badges_for(event, registrations) -> list[Badge]:
    """Speakers first (by agenda order), then confirmed in-person registrants by name.

    A registrant who is also a speaker (same name) gets one badge, with the role.
    """
    speakers: dict[str, Badge] = {}
    for item in event.agenda_items:
        for role in item.roles:
            person = role.person
            key = person.name.casefold()
            if key not in speakers:
                details = localized(person, "affiliation") or localized(person, "position")
                speakers[key] = Badge(person.display_name, details, str(role.role_label))
    badges = list(speakers.values())
    people = sorted((r for r in registrations
                     if r.is_confirmed and r.mode == AttendanceMode.IN_PERSON),
                    key=lambda r: r.name.casefold())
    for r in people:
        door = checkin.scan_url(r) if checkin.needs_door_code(r) else None
        speaker = speakers.get(r.name.casefold())
        if speaker is not None:
            badges[badges.index(speaker)] = Badge(speaker.name, speaker.affiliation,
                                                  speaker.role, door)
            continue
        badges.append(Badge(r.name, r.affiliation, None, door))
    return badges


def badge_for(registration) -> Badge:
    """One badge for one registrant (a walk-in at the door)."""
    door = checkin.scan_url(registration) if checkin.needs_door_code(registration) else None
    return Badge(registration.name, registration.affiliation, None, door)


def render(event, badges: list[Badge], paper: str = "letter") -> bytes:
    """The PDF: badges in rows of two, four rows a sheet, cut marks by their borders."""
    pdf = FPDF(orientation="portrait", unit="mm", format=PAPERS.get(paper, "Letter"))
    pdf.set_auto_page_break(False)
    pdf.set_creator("Roundtable")
    pdf.set_title(_("Badges · %(title)s", title=localized(event, "title")))
    pdf.add_font("Noto", "", _font_file())
    pdf.add_font("Noto", "B", _bold_font_file())
    left = (pdf.w - COLUMNS * BADGE_W) / 2
    top = (pdf.h - ROWS * BADGE_H) / 2
    title = localized(event, "title")
    sponsors = ", ".join(localized(s.organization, "name") for s in event.sponsors)
    per_page = COLUMNS * ROWS
    for index, badge in enumerate(badges or [Badge("")]):
        if index % per_page == 0:
            pdf.add_page()
        slot = index % per_page
        x = left + (slot % COLUMNS) * BADGE_W
        y = top + (slot // COLUMNS) * BADGE_H
        _draw(pdf, x, y, badge, title, sponsors)
    return bytes(pdf.output())


def _draw(pdf: FPDF, x: float, y: float, badge: Badge, title: str, sponsors: str) -> None:
    pdf.set_draw_color(180, 180, 180)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, BADGE_W, BADGE_H)
    inner = BADGE_W - 2 * PAD
    # The event, small, at the top.
    pdf.set_text_color(31, 58, 95)
    _fitted(pdf, x + PAD, y + PAD, inner, title, bold=True, size=9, floor=6.5, lines=2)
    # The name, as large as it fits.
    pdf.set_text_color(0, 0, 0)
    name_y = y + 17
    used = _name(pdf, x + PAD, name_y, inner, badge.name)
    text_right = inner - (QR_SIZE + 2 if badge.door_url else 0)
    below = name_y + used + 1.5
    if badge.role:
        pdf.set_text_color(158, 82, 0)
        below += _fitted(pdf, x + PAD, below, text_right, badge.role, bold=True, size=10,
                         floor=7, lines=1)
    if badge.affiliation:
        pdf.set_text_color(60, 60, 60)
        below += _fitted(pdf, x + PAD, below, text_right, badge.affiliation, size=10, floor=7,
                         lines=2)
    if sponsors:
        pdf.set_text_color(90, 90, 90)
        _fitted(pdf, x + PAD, y + BADGE_H - PAD - 7, text_right, sponsors, size=7, floor=5,
                lines=2)
    if badge.door_url:
        _qr(pdf, x + BADGE_W - PAD - QR_SIZE, y + BADGE_H - PAD - QR_SIZE, badge.door_url)


def _name(pdf: FPDF, x: float, y: float, width: float, name: str) -> float:
    """The name on one line shrunk down to NAME_MIN, else wrapped (shrinking to the floor)."""
    for size in _sizes(NAME_MAX, NAME_MIN):
        pdf.set_font("Noto", "B", size)
        if pdf.get_string_width(name) <= width:
            pdf.set_xy(x, y)
            pdf.cell(width, size * 0.45, name)
            return size * 0.45
    return _fitted(pdf, x, y, width, name, bold=True, size=NAME_MIN, floor=NAME_FLOOR, lines=3)


def _fitted(pdf: FPDF, x: float, y: float, width: float, text: str, *, size: float,
            floor: float, lines: int, bold: bool = False) -> float:
    """Write ``text`` within ``width`` in at most ``lines`` lines, shrinking to ``floor``.

    Returns the height used. A text too long even then is cut with an ellipsis.
    """
    style = "B" if bold else ""
    for points in _sizes(size, floor):
        pdf.set_font("Noto", style, points)
        wrapped = pdf.multi_cell(width, points * 0.42, text, dry_run=True, output="LINES")
        if len(wrapped) <= lines:
            break
    else:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip() + "…"
    height = points * 0.42
    for n, line in enumerate(wrapped):
        pdf.set_xy(x, y + n * height)
        pdf.cell(width, height, line)
    return height * len(wrapped)


def _sizes(start: float, floor: float):
    size = start
    while size >= floor:
        yield size
        size -= 0.5


def _qr(pdf: FPDF, x: float, y: float, url: str) -> None:
    """The door QR code, drawn as vector squares (sharp at any printer's resolution)."""
    code = segno.make(url, error="m")
    matrix = list(code.matrix)
    module = QR_SIZE / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                pdf.rect(x + col * module, y + row * module, module, module, style="F")
