"""What in an organizer's message is the Zoom meeting, and the {zoom_link} placeholder."""

from __future__ import annotations

import html
import re
import unicodedata
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PLACEHOLDER = "{zoom_link}"
ZOOM_FIELDS = ("zoom_join_url", "zoom_meeting_id", "zoom_passcode")
# What readers who may not see the meeting get where {zoom_link} stands.
WITHHELD = _l("(The Zoom link goes only to confirmed online registrants.)")
MIN_SECRET = 4  # shorter passcodes would match ordinary words
MIN_MEETING_DIGITS = 9  # Zoom meeting ids have 9 to 11 digits

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff\\]")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine".split())}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r"|oh)\b")
# Spaces, dashes (any), dots, commas, slashes and "and" between digits are not meaningful.
_BETWEEN_DIGITS = re.compile(r"(?<=\d)(?:[\s\-\u2010-\u2015\u2212.,/_]|and)+(?=\d)")
_ZOOM_HOST = re.compile(r"(?:[a-z0-9-]+\.)*zoom\.us\b")
_SCHEME = re.compile(r"\b(?:https?|zoommtg)://")


def normalise(text: str) -> str:
    """Fold what a reader would still recognise: case, widths, entities, %-escapes, schemes."""
    text = unicodedata.normalize("NFKC", text or "")
    for _attempt in range(3):  # doubly encoded text is still the link
        text = unquote(html.unescape(text))
    text = _INVISIBLE.sub("", text).lower()
    text = _SCHEME.sub("", text)
    return _ZOOM_HOST.sub("zoom.us", text)


def _digits(text: str) -> str:
    """The text with number words as digits and the separators between digits removed."""
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS.get(m.group(1), "0"), text)
    return _BETWEEN_DIGITS.sub("", text)


def meeting_id(event) -> str | None:
    """The meeting id's digits, from the stored id or else the join URL's path."""
    digits = re.sub(r"\D", "", event.zoom_meeting_id or "")
    if not digits and event.zoom_join_url:
        match = re.search(r"/(?:j|w|s|wc(?:/join)?)/(\d+)", urlsplit(event.zoom_join_url).path)
        digits = match.group(1) if match else ""
    return digits if len(digits) >= MIN_MEETING_DIGITS else None


def _url_forms(event) -> list[str]:
    """The join URL, whole and without its query, as they look after normalise()."""
    if not event.zoom_join_url:
        return []
    url = normalise(event.zoom_join_url).rstrip("/")
    forms = [url]
    parts = urlsplit("//" + url)
    if parts.path.strip("/"):
        forms.append(parts.netloc + parts.path.rstrip("/"))
    return forms


def _url_password(event) -> str | None:
    """The join URL's ``pwd`` parameter, which opens the meeting like the passcode."""
    query = urlsplit(normalise(event.zoom_join_url or "")).query
    pwd = next((p[4:] for p in query.split("&") if p.startswith("pwd=")), "")
    return pwd if len(pwd) >= MIN_SECRET else None


def mentions_meeting(event, *texts: str) -> list[str]:
    """Name what in ``texts`` is recognisable as the event's meeting (empty when nothing)."""
    text = normalise("\n".join(t for t in texts if t).replace(PLACEHOLDER, ""))
    found = []
    pwd = _url_password(event)
    if any(form and form in text for form in _url_forms(event)) or (pwd and _as_word(pwd, text)):
        found.append(_("the Zoom link"))
    digits = meeting_id(event)
    if digits and digits in _digits(text):
        found.append(_("the meeting ID"))
    passcode = normalise(event.zoom_passcode or "")
    if len(passcode) >= MIN_SECRET and _as_word(passcode, text):
        found.append(_("the passcode"))
    return found


def _as_word(secret: str, text: str) -> bool:
    """Whether ``secret`` stands on its own in ``text`` (so "2025" is not found in "20250")."""
    return re.search(rf"(?<![0-9a-z]){re.escape(secret)}(?![0-9a-z])", text) is not None


def meeting_of(data: dict):
    """The Zoom fields of submitted event data, in the shape mentions_meeting reads."""
    return SimpleNamespace(**{name: data.get(name) for name in ZOOM_FIELDS})


def public_text_problems(data: dict, fields: tuple[str, ...]) -> dict[str, str]:
    """Per field, a message if text everyone sees names the meeting of ``data``."""
    meeting = meeting_of(data)
    problems = {}
    for name in fields:
        if data.get(name) and (found := mentions_meeting(meeting, data[name])):
            problems[name] = _("Everyone sees this, so it must not contain %(what)s; "
                               "confirmed online registrants get them by email.",
                               what=_(" and ").join(found))
    return problems


def fill_placeholder(body: str, event, recipient) -> str:
    """Put the join details where {zoom_link} stands, for readers who may see them only."""
    if PLACEHOLDER not in (body or ""):
        return body
    from roundtable.zoom.links import join_link

    # A registrant gets their personal link; an organizer's sample, the shared one.
    link = join_link(recipient) if hasattr(recipient, "event") else None
    url = (link.url if link is not None else None) or event.zoom_join_url
    if getattr(recipient, "may_see_zoom", False) and url:
        details = url
        if event.zoom_meeting_id and event.zoom_passcode:
            details += " " + _("(meeting ID %(meeting)s, passcode %(passcode)s)",
                               meeting=event.zoom_meeting_id, passcode=event.zoom_passcode)
        elif event.zoom_meeting_id:
            details += " " + _("(meeting ID %(meeting)s)", meeting=event.zoom_meeting_id)
        return body.replace(PLACEHOLDER, details)
    return body.replace(PLACEHOLDER, str(WITHHELD))
