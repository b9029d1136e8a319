"""What builds a calendar: one fingerprint of the code and catalogs that render it.

Stored VEVENTs and feed validators are keyed on it (``store.build_key``), so a
release that changes a translation or the calendar code yields new bytes and new
ETags instead of 304s for the old text forever. It is the package version, the
compiled Spanish (and any other) catalogs, and the source of the modules whose
code decides a calendar's bytes; the same release gives the same fingerprint on
every worker and host.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from flask import current_app

PACKAGE = Path(__file__).resolve().parent.parent
# The calendar package itself, and what it renders with: labels, dates, languages, Markdown.
SOURCES = ("calendar", "labels.py", "i18n.py", "formatting.py", "markdown.py")


def _version() -> str:
    try:
        return metadata.version("roundtable")
    except metadata.PackageNotFoundError:  # run from a source tree
        return "source"


def _catalogs(root: Path) -> list[Path]:
    """The compiled catalogs (their .po where none is compiled yet)."""
    found = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        found.append(mo if mo.exists() else po)
    return found


def _sources() -> list[Path]:
    files = []
    for name in SOURCES:
        path = PACKAGE / name
        files += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return files


@functools.cache
def _fingerprint(translations: str) -> str:
    digest = hashlib.sha256(_version().encode())
    for path in [*_sources(), *_catalogs(Path(translations))]:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def calendar_fingerprint() -> str:
    """The fingerprint of the code and catalogs that render calendars (computed once)."""
    return _fingerprint(str(Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
                            .resolve()))
