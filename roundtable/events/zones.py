"""The time zones organizers choose from: canonical IANA names, findable by city."""

from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale
from flask_babel import force_locale
from flask_babel import gettext as _

from roundtable.folding import without_accents
from roundtable.i18n import LANGUAGES

# Zones a U.S.–Mexico institution uses most; shown first after those its events use.
COMMON = (
    "America/Phoenix", "America/Mexico_City", "America/Los_Angeles", "America/Denver",
    "America/Chicago", "America/New_York", "America/Tijuana", "America/Hermosillo",
    "America/Monterrey", "America/Cancun", "Europe/London", "Europe/Madrid", "UTC",
)

# Places people type that are not part of a zone's name.
PLACES = {
    "America/Phoenix": ("Tucson", "Arizona", "Flagstaff"),
    "America/Mexico_City": ("Mexico", "Ciudad de México", "CDMX", "Guadalajara", "Puebla"),
    "America/New_York": ("Washington", "Boston", "Miami", "Atlanta", "Eastern Time"),
    "America/Chicago": ("Houston", "Dallas", "Austin", "San Antonio", "Central Time"),
    "America/Denver": ("Albuquerque", "El Paso", "Salt Lake City", "Mountain Time"),
    "America/Los_Angeles": ("San Diego", "San Francisco", "Seattle", "Pacific Time"),
    "America/Hermosillo": ("Sonora", "Nogales"),
    "America/Tijuana": ("Baja California", "Mexicali"),
    "America/Monterrey": ("Nuevo León", "Saltillo"),
    "America/Ciudad_Juarez": ("Juárez",),
    "Europe/London": ("United Kingdom", "England"),
}
# Places above that are English words, found by typing but not shown to Spanish readers.
ENGLISH_PLACES = frozenset({"Mexico", "Eastern Time", "Central Time", "Mountain Time",
                            "Pacific Time", "United Kingdom", "England"})


# Abbreviations people type, where one zone is meant. MST is Arizona's all year (Denver
# is on MDT half of it); CST is left out: Chicago and Mexico City both use it.
ABBREVIATIONS = {
    "mst": "America/Phoenix", "mdt": "America/Denver", "mt": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "cdt": "America/Chicago", "gmt": "UTC", "utc": "UTC", "bst": "Europe/London",
    "cet": "Europe/Madrid", "cest": "Europe/Madrid",
}


@dataclass(frozen=True)
class Zone:
    name: str
    label: str
    keys: frozenset


def _plain(text: str) -> str:
    return " ".join(without_accents(text.casefold()).replace("_", " ").replace("/", " ").split())


def _tab(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _city(name: str, locale: Locale) -> str:
    # CLDR names a zone's city in each language (Nueva York, Ciudad de México); the
    # tz database's own spelling where it has none.
    return (locale.time_zones.get(name, {}).get("city")
            or name.rsplit("/", 1)[-1].replace("_", " "))


@cache
def catalog(language: str = "en") -> dict[str, Zone]:
    """Every canonical zone (tzdata's zone.tab, plus UTC), labelled in ``language``.

    The search keys are the same in every language: an organizer may type
    "New York" on a Spanish page or "Ciudad de México" on an English one.
    """
    locale = Locale.parse(language)
    spoken = [Locale.parse(code) for code in LANGUAGES]
    countries = {row[0]: row[1] for row in _tab("iso3166.tab")}
    with force_locale(language):
        utc_name = _("Coordinated Universal Time")
    utc = Zone("UTC", f"{utc_name} (UTC)", frozenset({"utc", "gmt"}))
    zones = {"UTC": utc}
    for row in _tab("zone.tab"):
        code, name, comment = row[0], row[2], (row[3] if len(row) > 3 else "")
        city = _city(name, locale)
        places = PLACES.get(name, ())
        country = locale.territories.get(code) or countries.get(code, code)
        shown = [p for p in places if p not in (city, country)
                 and (language == "en" or p not in ENGLISH_PLACES)]
        label = ", ".join([city, *shown, country])
        if comment and language == "en":
            # zone.tab's notes ("MST - AZ (except Navajo)") are English only.
            label += f" ({comment})"
        keys = {*(_plain(_city(name, each)) for each in spoken), _plain(name),
                *(_plain(p) for p in places)}
        zones[name] = Zone(name, label, frozenset(keys))
    return zones


def is_canonical(name: str | None) -> bool:
    """Return whether ``name`` is a canonical zone (no aliases such as US/Arizona)."""
    return bool(name) and name in catalog()


def resolve(text: str | None) -> str | None:
    """Return the zone meant by ``text``: its name, or a city or place only one zone has."""
    if not text:
        return None
    if is_canonical(text.strip()):
        return text.strip()
    key = _plain(text)
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    zone = _only_zone_with(key)
    if zone is None and "," in text:
        # "Tucson, AZ", "Mexico City, Mexico": the place before the first comma decides.
        zone = _only_zone_with(_plain(text.split(",", 1)[0]))
    return zone


def _only_zone_with(key: str) -> str | None:
    found = [z.name for z in catalog().values() if key in z.keys]
    return found[0] if len(found) == 1 else None


def ordered(used: list[str] = (), language: str = "en") -> list[Zone]:
    """Zones for the picker: those the institution's events use, the common ones, the rest."""
    zones = catalog(language)
    first = [n for n in (*used, *COMMON) if n in zones]
    first = list(dict.fromkeys(first))
    rest = sorted(n for n in zones if n not in first)
    return [zones[n] for n in first + rest]
