"""What a reader reads in a text: the forms the Zoom guard compares secrets against.

A secret hidden by spelling is still read by a person: Markdown emphasis joins the
pieces of a number, an invisible separator or a Cyrillic letter looks like nothing
or like its Latin twin, and "nueve ocho siete" is read as 987. So the guard
compares on the text as rendered, Unicode-normalised (NFKC), without invisible and
format characters, with confusable letters folded to their Latin look-alikes
(Unicode TR39 data, from confusable_homoglyphs), and numbers written in words
(English and Spanish, text2num) turned into digits.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from urllib.parse import unquote

from confusable_homoglyphs import confusables
from markdown_it import MarkdownIt
from text_to_num import alpha2digit

# The rendering our emails and pages use (roundtable/markdown.py), without sanitising:
# only the text and the link targets matter here.
_md = MarkdownIt("commonmark", {"html": False, "breaks": True})
_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"""(?:href|src)="([^"]*)\"""")
# Invisible although not of category Cf: fillers, the blank braille pattern,
# the combining grapheme joiner, and Markdown's escaping backslash.
_ALSO_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800\\")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc"})
_KEEP = frozenset("\n\t")
_SCHEME = re.compile(r"\b(?:https?|zoommtg)://")
_ZOOM_HOST = re.compile(r"(?:[a-z0-9-]+\.)*zoom\.us\b")
# Digit words text2num leaves alone when they stand by themselves ("oh" for zero too).
_DIGIT_WORDS = {
    **{w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine"
                                       .split())},
    **{w: str(n) for n, w in enumerate("cero uno dos tres cuatro cinco seis siete ocho nueve"
                                       .split())},
    "oh": "0", "una": "1",
}
_DIGIT_WORD = re.compile(r"\b(" + "|".join(_DIGIT_WORDS) + r")\b")


def rendered(text: str) -> str:
    """The Markdown source as its reader sees it: the text, then every link target."""
    markup = _md.render(text or "")
    targets = " ".join(_LINK_TARGET.findall(markup))
    return html.unescape(_TAG.sub("", markup)) + "\n" + html.unescape(targets)


def _visible(text: str) -> str:
    return "".join(
        c for c in text
        if c in _KEEP or (c not in _ALSO_INVISIBLE
                          and unicodedata.category(c) not in _INVISIBLE_CATEGORIES)
    )


@functools.lru_cache(maxsize=4096)
def _latin_twin(char: str) -> str:
    """The Latin or common character ``char`` looks like, or ``char`` itself."""
    found = confusables.is_confusable(char, preferred_aliases=["latin", "common"])
    for homoglyph in (found[0]["homoglyphs"] if found else ()):
        if homoglyph["c"].isascii():
            return homoglyph["c"]
    return char


def _ascii_look(char: str) -> str:
    if char.isascii():
        return char
    if unicodedata.category(char) == "Nd":  # a digit of any script reads as that digit
        return str(unicodedata.decimal(char))
    return _latin_twin(char)


def skeleton(text: str) -> str:
    """Fold every non-ASCII character that looks like an ASCII one into that one."""
    return "".join(_ascii_look(c) for c in text)


def fold(text: str) -> str:
    """What a reader recognises: NFKC, entities and %-escapes undone, invisibles dropped,
    look-alike letters folded, lower case, and any ``*.zoom.us`` link without its scheme."""
    text = unicodedata.normalize("NFKC", text or "")
    for _attempt in range(3):  # doubly encoded text is still the link
        text = unquote(html.unescape(text))
    text = skeleton(_visible(unicodedata.normalize("NFKC", text))).lower()
    text = _SCHEME.sub("", text)
    return _ZOOM_HOST.sub("zoom.us", text)


def read(*texts: str) -> list[str]:
    """Each form of ``texts`` a reader may see (as typed, and Markdown rendered), folded."""
    joined = "\n".join(t for t in texts if t)
    return [fold(joined), fold(rendered(joined))] if joined else []


def numbers_as_digits(text: str) -> str:
    """``text`` (folded) with numbers written in English or Spanish words as digits."""
    for language in ("en", "es"):
        text = alpha2digit(text, language)
    return _DIGIT_WORD.sub(lambda m: _DIGIT_WORDS[m.group(1)], text)


# What a reader skips inside one number: punctuation, spaces, markup, a short joining
# word ("987 and 6543", "987 y 6543"), but not a sentence between two numbers.
_GAP = re.compile(r"(?<=\d)(?:[^0-9a-z]{1,6}|[^0-9a-z]{0,3}\b(?:and|y|e|then|luego)\b"
                  r"[^0-9a-z]{0,3})(?=\d)")


def joined_numbers(text: str) -> str:
    """``text`` (folded) with numbers in words as digits and the gaps inside numbers dropped."""
    return _GAP.sub("", numbers_as_digits(text))
