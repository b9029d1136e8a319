"""Why a typed email address is not one, in the reader's language.

email-validator explains itself in English ("The part after the @-sign is not
valid…"). Its reasons fall into a few kinds a person can act on; each kind has
our own sentence, so a Spanish reader never sees the library's English.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

# The library's wording, most specific first: the first kind that matches wins.
_KINDS = (
    ("no_at", re.compile(r"must have an @-sign")),
    ("no_name", re.compile(r"something before the @-sign")),
    ("no_domain", re.compile(r"something after the @-sign")),
    ("too_long", re.compile(r"too long")),
    ("domain", re.compile(r"should have a period")),
    ("periods", re.compile(r"period")),
    ("characters", re.compile(r"invalid character|unsafe|ASCII|quot|angle bracket|display name|"
                              r"anything after|Internationalized", re.IGNORECASE)),
    ("domain", re.compile(r"after the @-sign|address literal|IPv|top-level|IDNA")),
)

MESSAGES = {
    "no_at": _l("An email address needs an @, as in name@example.org."),
    "no_name": _l("Write the part before the @, as in name@example.org."),
    "no_domain": _l("Write the part after the @, as in name@example.org."),
    "too_long": _l("That email address is too long."),
    "periods": _l("Check the periods: an email address cannot have two in a row, or one at "
                  "the start, at the end, or next to the @ or a hyphen."),
    "domain": _l("The part after the @ is not a valid domain; it should look like "
                 "example.org."),
    "characters": _l("That email address has characters an address cannot have (such as "
                     "spaces, commas or quotation marks)."),
    "other": _l("That is not a valid email address; it should look like name@example.org."),
}


def problem_kind(reason: str) -> str:
    """The kind of problem email-validator's English ``reason`` describes."""
    for kind, pattern in _KINDS:
        if pattern.search(reason):
            return kind
    return "other"


def problem(exc: Exception) -> str:
    """Our sentence for email-validator's refusal ``exc``, in the current language."""
    return str(MESSAGES[problem_kind(str(exc))])
