"""Text cleaning shared by every output: calendars, spreadsheets, headers.

Core layer: imports nothing from roundtable. Escaping itself is the writers' job
(icalendar, csv, openpyxl, email); these helpers take out what no writer can make
safe — line breaks where one line is expected, control characters, formulas.
"""

import re

# Everything Python (and so some parsers) treats as a line break ...
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# ... and the remaining control characters, which RFC 5545 forbids in values.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Spreadsheets run cells that start with these as formulas (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """Multi-line text with every line break as ``\\n`` and no other control characters."""
    if value.replace("\n", " ").isprintable():
        return value  # the usual case: nothing above matches a printable character
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", value))


def one_line(value: str) -> str:
    """Collapse a value that may not contain line breaks (URIs, parameters)."""
    return CONTROLS.sub("", LINE_BREAKS.sub(" ", value)).strip()


def param_value(value: str) -> str:
    """An iCalendar parameter value: one line, ``'`` for ``"`` (icalendar quotes as needed)."""
    return one_line(value).replace('"', "'")


def uri_value(value: str) -> str:
    """A URI value: one line with no spaces (they would end it for some parsers)."""
    return re.sub(r"\s", "", one_line(value))


def spreadsheet_text(text: str) -> str:
    """A cell's text that no spreadsheet runs as a formula (a leading ``'`` keeps it text)."""
    return "'" + text if text.startswith(FORMULA_START) else text
