"""The time zones organizers choose from: canonical IANA names, findable by city."""

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .replace("_", " ").replace("/", " ").split())


def _tab(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def catalog() -> dict[str, Zone]:
    """Every canonical zone (tzdata's zone.tab, plus UTC) with a label and search keys."""
    countries = {row[0]: row[1] for row in _tab("iso3166.tab")}
    zones = {"UTC": Zone("UTC", "Coordinated Universal Time", frozenset({"utc", "gmt"}))}
    for row in _tab("zone.tab"):
        code, name, comment = row[0], row[2], (row[3] if len(row) > 3 else "")
        city = name.rsplit("/", 1)[-1].replace("_", " ")
        places = PLACES.get(name, ())
        country = countries.get(code, code)
        label = ", ".join([city, *(p for p in places if p != country), country])
        if comment:
            label += f" ({comment})"
        keys = {_plain(city), _plain(name), *(_plain(p) for p in places)}
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


def ordered(used: list[str] = ()) -> list[Zone]:
    """Zones for the picker: those the institution's events use, the common ones, the rest."""
    zones = catalog()
    first = [n for n in (*used, *COMMON) if n in zones]
    first = list(dict.fromkeys(first))
    rest = sorted(n for n in zones if n not in first)
    return [zones[n] for n in first + rest]
