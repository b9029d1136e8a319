"""URL slugs."""

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_length: int = 100) -> str:
    """'U.S.–Mexico Roundtable' -> 'us-mexico-roundtable'; accents folded to ASCII."""
    # Dashes (– —) separate words; folding to ASCII would otherwise drop them silently.
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"(?<=\w)\.(?=\w)", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")
