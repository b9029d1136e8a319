"""What in an organizer's message is the Zoom meeting, and the {zoom_link} placeholder."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roundtable.mail.reading import fold, joined_numbers, numbers_as_digits, read

PLACEHOLDER = "{zoom_link}"
ZOOM_FIELDS = ("zoom_join_url", "zoom_meeting_id", "zoom_passcode")
# What readers who may not see the meeting get where {zoom_link} stands.
WITHHELD = _l("(The Zoom link goes only to confirmed online registrants.)")
MIN_SECRET = 4  # shorter passcodes would match ordinary words
# A shorter passcode, or one made of letters only, may be an ordinary word or a year:
# it counts only right after a word that announces it ("passcode: 2025").
STRONG_SECRET = 6
MIN_MEETING_DIGITS = 9  # Zoom meeting ids have 9 to 11 digits
_CUE = re.compile(r"\b(?:pass\s*(?:code|word)|pwd|pin|code|c[oó]digo|clave|contrase[nñ]a)\b")
_CUE_REACH = 30  # characters between the announcing word and the passcode
def normalise(text: str) -> str:
    """Fold what a reader would still recognise (reading.fold), for one piece of text."""
    return fold(text)


def meeting_id(event) -> str | None:
    """The meeting id's digits, from the stored id or else the join URL's path."""
    digits = re.sub(r"\D", "", event.zoom_meeting_id or "")
    if not digits and event.zoom_join_url:
        match = re.search(r"/(?:j|w|s|wc(?:/join)?)/(\d+)", urlsplit(event.zoom_join_url).path)
        digits = match.group(1) if match else ""
    return digits if len(digits) >= MIN_MEETING_DIGITS else None


def _url_forms(event) -> list[str]:
    """The join URL, whole and without its query, as they look after fold()."""
    if not event.zoom_join_url:
        return []
    url = fold(event.zoom_join_url).rstrip("/")
    forms = [url]
    parts = urlsplit("//" + url)
    if parts.path.strip("/"):
        forms.append(parts.netloc + parts.path.rstrip("/"))
    return forms


def _url_password(event) -> str | None:
    """The join URL's ``pwd`` parameter, which opens the meeting like the passcode."""
    query = urlsplit(fold(event.zoom_join_url or "")).query
    pwd = next((p[4:] for p in query.split("&") if p.startswith("pwd=")), "")
    return pwd if len(pwd) >= MIN_SECRET else None


def mentions_meeting(event, *texts: str) -> list[str]:
    """Name what in ``texts`` a reader would recognise as the event's meeting.

    Compared on what the reader reads (reading.read: rendered, normalised, folded);
    the meeting id on its digits, whatever a reader skips between them.
    """
    forms = read(*(t.replace(PLACEHOLDER, "") for t in texts if t))
    found = []
    pwd, urls = _url_password(event), _url_forms(event)
    if any(url in text for url in urls for text in forms) or (
            pwd and any(_as_word(pwd, text) for text in forms)):
        found.append(_("the Zoom link"))
    digits = meeting_id(event)
    if digits and any(digits in joined_numbers(text) for text in forms):
        found.append(_("the meeting ID"))
    passcode = fold(event.zoom_passcode or "")
    if any(_has_passcode(passcode, text) for text in forms):
        found.append(_("the passcode"))
    return found


def _has_passcode(passcode: str, text: str) -> bool:
    """Whether the passcode stands in ``text``: anywhere if it is strong, else after a cue."""
    if len(passcode) < MIN_SECRET:
        return False
    forms = [text, numbers_as_digits(text), joined_numbers(text)]
    strong = len(passcode) >= STRONG_SECRET and not passcode.isalpha()
    pattern = _word(passcode)
    for form in forms:
        for match in pattern.finditer(form):
            if strong or _CUE.search(form[max(0, match.start() - _CUE_REACH):match.start()]):
                return True
    return False


def _word(secret: str) -> re.Pattern:
    return re.compile(rf"(?<![0-9a-z]){re.escape(secret)}(?![0-9a-z])")


def _as_word(secret: str, text: str) -> bool:
    """Whether ``secret`` stands on its own in ``text`` (so "2025" is not found in "20250")."""
    return _word(secret).search(text) is not None


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
