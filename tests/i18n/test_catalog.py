"""Every string a person reads is extracted, and the Spanish catalog translates all of it."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None,
            "lazy_pgettext": ((1, "c"), 2)}
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def extracted() -> dict:
    """What `make messages` would extract today, keyed like the catalog."""
    found = {}
    # Babel skips folders starting with "_" by default: templates/_macros is named too.
    for folder in ("roundtable", "templates", "templates/_macros"):
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / folder), METHODS, keywords=KEYWORDS
        ):
            key = message[0] if isinstance(message, tuple) else message
            found[(key, context)] = message
    return found


def catalog():
    with CATALOG.open("rb") as f:
        return read_po(f)


def test_every_extracted_string_has_a_spanish_translation():
    spanish = catalog()
    missing = []
    for (key, context), message in extracted().items():
        entry = spanish.get(key, context=context)
        strings = entry.string if entry is not None else None
        if isinstance(strings, str):
            strings = (strings,)
        if not strings or not all(strings) or entry.fuzzy:
            missing.append(message)
    assert not missing, f"untranslated strings (run `make messages`, then translate): {missing}"


def test_translations_keep_every_placeholder():
    for entry in catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for source, translated in zip(ids, strings, strict=False):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(
                PLACEHOLDER.findall(translated)
            ), (source, translated)


def test_catalog_has_no_stale_entries():
    current = set(extracted())
    stale = [e.id for e in catalog() if e.id and
             ((e.id[0] if isinstance(e.id, tuple) else e.id), e.context) not in current]
    assert not stale, f"strings no longer in the code: {stale}"


def test_catalog_uses_two_plural_forms():
    assert catalog().num_plurals == 2


def test_extraction_sees_templates_python_and_emails():
    keys = {key for key, _ in extracted()}
    # One from a page, a form, a flash, an email template and the calendar builder.
    for sample in ("How to attend", "Full name", "Past event",
                   "Published: the event is on the public site.",
                   "Please do not share this link.", "Agenda, in %(zone)s:"):
        assert sample in keys
