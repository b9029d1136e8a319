"""Time zones named the way readers name them: "hora de Arizona", "Arizona time (MST)".

An IANA name ("America/Phoenix") means nothing to most readers, and CLDR's names
are sometimes misleading for our audience: Babel calls Phoenix "Mountain Time",
which in summer is an hour off (Arizona keeps standard time), and Mexico City
"Central Time", the name of a U.S. zone with daylight saving that Mexico dropped
in 2022. So the zones a U.S.–Mexico audience uses get our own names (translated
in the catalog); every other zone gets Babel's generic name in the reader's
language. English adds the abbreviation in force ("MST"); Spanish, which has no
such abbreviations, adds the UTC offset for zones outside Mexico ("UTC−7").
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from flask_babel import lazy_gettext as _l

from roundtable.i18n import current

CENTRAL_MEXICO = _l("Central Mexico time")
OWN_NAMES = {
    "America/Phoenix": _l("Arizona time"),
    "America/Mexico_City": CENTRAL_MEXICO,
    "America/Monterrey": CENTRAL_MEXICO,
    "America/Merida": CENTRAL_MEXICO,
    "America/Bahia_Banderas": CENTRAL_MEXICO,
    "America/Chihuahua": CENTRAL_MEXICO,
    "America/Hermosillo": _l("Sonora time"),
    "America/Cancun": _l("Quintana Roo time"),
    "America/Los_Angeles": _l("Pacific Time"),
    "America/Tijuana": _l("Pacific Time"),
    "America/Denver": _l("Mountain Time"),
    "America/Chicago": _l("Central Time"),
    "America/New_York": _l("Eastern Time"),
}
# Zones a Mexican reader knows by name: no offset needed after them.
MEXICO = frozenset({
    "America/Mexico_City", "America/Monterrey", "America/Merida", "America/Bahia_Banderas",
    "America/Chihuahua", "America/Hermosillo", "America/Cancun", "America/Tijuana",
    "America/Mazatlan", "America/Matamoros", "America/Ojinaga", "America/Ciudad_Juarez",
})
LOCALES = {"en": "en_US", "es": "es_MX"}
MINUS = "\u2212"  # the minus sign, not a hyphen: "UTC−7"


def utc_offset(local: datetime) -> str:
    """'UTC−7', 'UTC+5:30', or 'UTC' for an aware datetime."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(local: datetime, tz: str) -> str:
    """The zone's name alone: 'hora de Arizona', 'Arizona time', 'hora de Colombia'."""
    own = OWN_NAMES.get(tz)
    if own is not None:
        return str(own)
    if tz in ("UTC", "Etc/UTC"):
        return "UTC" if current() == "en" else "hora UTC"
    locale = LOCALES[current()]
    name = get_timezone_name(local, "long", zone_variant="generic", locale=locale)
    if name.startswith("GMT"):  # CLDR has no generic name: try the specific one
        name = get_timezone_name(local, "long", locale=locale)
    if name.startswith("GMT"):
        return f"{utc_offset(local)}" if current() == "en" else f"hora {utc_offset(local)}"
    return name


def zone_label(dt: datetime, tz: str) -> str:
    """'Arizona time (MST)' or 'hora de Arizona (UTC−7)': the zone in force at ``dt``."""
    local = dt.astimezone(ZoneInfo(tz))
    name = zone_name(local, tz)
    if name.endswith(utc_offset(local)):
        return name
    if current() == "en":
        abbreviation = local.tzname() or ""
        extra = abbreviation if abbreviation.isalpha() else utc_offset(local)
        return name if extra == "UTC" else f"{name} ({extra})"
    return name if tz in MEXICO else f"{name} ({utc_offset(local)})"


def own_names_json() -> str:
    """Our zone names in the reader's language, for the viewer's-time script (JSON)."""
    import json

    return json.dumps({tz: str(name) for tz, name in OWN_NAMES.items()}, ensure_ascii=False)


def zone_heading(tz: str) -> str:
    """The zone's name for a column of times that may span a change of clocks.

    'Arizona time', 'hora de Arizona', 'Mountain Time': the generic name, no offset.
    """
    from datetime import UTC

    return zone_name(datetime.now(UTC).astimezone(ZoneInfo(tz)), tz)
