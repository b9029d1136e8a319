"""How every registration search compares text: accents dropped, case folded.

One definition for the door (in Python, and ``door.js``, which folds the same way),
the organizer's registrations list, the attendance search and the API: ``fold`` here,
and ``registrations.search_text`` (``search_text``, kept by the model on every flush),
which SQL searches with a plain LIKE, so SQLite and PostgreSQL agree whatever their
collations do with accents.
"""

from __future__ import annotations

import unicodedata


def without_accents(text: str | None) -> str:
    """``text`` with its accents and other combining marks dropped ('Barceló' -> 'Barcelo').

    The one way the application drops accents: searches, name matching, time-zone
    lookups and Zoom report headers all start from it."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str | None) -> str:
    """Text for matching and sorting: accents dropped, case folded ('Barceló' ~ 'barcelo')."""
    # lower(), not casefold(): the door page's script folds with toLowerCase() to match.
    return without_accents(text).lower()


def search_text(*parts: str | None) -> str:
    """What a registration search matches: its parts (name, email, affiliation) folded,
    one space between words."""
    return " ".join(fold(" ".join(filter(None, parts))).split())


def needle(search: str | None) -> str:
    """A search as typed, folded the same way ('  Benítez   MANAUT' -> 'benitez manaut')."""
    return " ".join(fold(search).split())
