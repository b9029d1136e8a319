"""Password rules: long enough and not a common password; no composition rules."""

import gzip
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of 20,000 common passwords, lower-cased."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def _is_common(lowered: str) -> bool:
    """A listed password, or one repeated to reach the length ("passwordpassword")."""
    common = common_passwords()
    if lowered in common:
        return True
    return any(
        len(lowered) % times == 0
        and lowered[: len(lowered) // times] * times == lowered
        and lowered[: len(lowered) // times] in common
        for times in (2, 3, 4)
    )


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return why ``password`` is refused, or None if it may be used."""
    if len(password) < MIN_LENGTH:
        return _("The password must be at least %(count)s characters long.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("The password must be at most %(count)s characters long.", count=MAX_LENGTH)
    lowered = password.lower()
    if _is_common(lowered) or len(set(lowered)) < 4:
        return _("That password is too common; choose one that is harder to guess.")
    personal = {email.strip().lower(), email.strip().lower().split("@")[0], name.strip().lower()}
    if lowered in personal - {""}:
        return _("The password must not be your name or email address.")
    return None
