"""Find existing records whose names match a new one, so organizers reuse them."""

import re
import unicodedata

# Titles people put before a name; ignored when comparing names.
HONORIFICS = frozenset("""
    dr dra mr mrs ms miss mx sr sra srta don dona prof profa mtro mtra lic ing arq
    gen general col lt cap capt maj adm amb ambassador hon sen rep gov consul
    rev fr sir dame
""".split())


def _plain(text: str) -> str:
    """Lower-case letters and digits only, accents removed, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def name_key(name: str) -> str:
    """Comparable form of a name: accents, case, punctuation and leading titles dropped."""
    words = _plain(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def matching(records, name: str, *, names=lambda r: [r.name]) -> list:
    """Return the records one of whose names has the same key as ``name``."""
    key = name_key(name)
    if not key:
        return []
    return [r for r in records if any(n and name_key(n) == key for n in names(r))]
