"""iCalendar builders: models in, bytes out.

Pure functions: no ``request``, no ``current_app``, no queries. The caller
loads what is needed (see ``roundtable.calendar.services``) and passes the
site's URL explicitly.

icalendar writes the files: every component is an ``icalendar`` class
(``Calendar``, ``Event``, ``Timezone``) and every value one of its types
(``vText``, ``vUri``, ``vCalAddress``, ``vDuration``, datetimes), so TEXT
escaping, parameter quoting, UTC and ``TZID`` forms, folding at 75 octets
(never inside a UTF-8 character) and CRLF line ends are its job.
``to_ical(sorted=False)`` keeps properties and parameters in the order we add
them, so a rebuild gives the same bytes and ``CONFERENCE`` reads
``VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Zoom``.

What we still do ourselves, and why:

- We never call ``Calendar.new()``/``Event.new()``: they invent a random UID
  and a DTSTAMP of now. Components are built empty and every property is added
  explicitly (identity rules below).
- Parameters icalendar would not choose: ``REFRESH-INTERVAL;VALUE=DURATION``
  and ``URL``/``SOURCE;VALUE=URI`` are added with explicit ``parameters``;
  ``FEATURE`` is a list, so it is not quoted.
- ``VTIMEZONE`` comes from ``vtimezone.py`` as yearly ``RRULE`` observances,
  read into a ``Timezone`` with ``Timezone.from_ical``: ``Timezone.from_tzid``
  writes ``RDATE`` lists, which Outlook ignores.
- Hostile input is cleaned before icalendar sees it (``clean_text``,
  ``param_value``, ``uri_value``): icalendar escapes CR and LF in TEXT but
  passes other line breaks (U+2028, VT, FF, NEL...) and control characters
  through, writes URIs and calendar addresses verbatim (a CR or LF there would
  break the file), and escapes ``"`` in parameters as RFC 6868 ``^'``, which
  vobject and many clients do not decode, so we use ``'`` instead.
- TEXT is escaped by ``Text``, not ``vText``: icalendar turns a literal
  backslash followed by ``N`` into a line break (``C:\\Notes`` would be read back
  as ``C:``, a line break and ``otes``).
- A local time that is ambiguous (clocks going back) or nonexistent in the
  event's zone is written in UTC: parsers disagree about which instant it is.
- Every VEVENT in a ``METHOD:PUBLISH`` calendar has one ``ORGANIZER``, from
  ``organizer.calendar_organizer(event)``.

Identity and change:

- UIDs derive from database ids and the site's host and never change:
  ``event-<id>@<host>``, ``agenda-<id>@<host>`` (``RELATED-TO`` its event), and
  ``event-<id>-registration-<id>@<host>`` for a registrant's own copy (private
  feed and iMIP mail share it; a cancelled-then-new registration gets a new one).
- ``DTSTAMP`` and ``LAST-MODIFIED`` are the event's ``calendar_changed_at``, which
  ``stamps.py`` moves only when the bytes its calendars show change (a speaker's bio,
  shown on the page but in no calendar, leaves it), so building twice gives the same
  bytes; a registrant's copy takes the later of it and their registration's change.
- ``SEQUENCE`` is ``Event.sequence``; a registrant's copy is three times it
  (plus the registration's ``revision``, raised by a mode change) plus the rank
  of the registration's status (waitlisted 0, confirmed 1,
  cancelled 2; a cancelled event counts as cancelled everywhere), so promotion,
  cancellation and reinstatement (which raises ``Event.sequence``) are updates
  clients apply, and every channel shows the same, only rising, number.

Cost. Feeds are assembled (``assemble``) from each event's stored VEVENT bytes
(``event_piece``/``agenda_piece``, kept by ``calendar/store.py``); a test proves
the result byte-identical to a from-scratch build. A build from scratch (after a
release, by ``flask roundtable calendar build`` or a first request) is kept
cheap three ways (``bench/calendar_feed.py`` measures it against icalendar's own
``to_ical`` of the same components):

- Public VEVENTs are written straight to bytes (``_Lines``, ``lines.py``), not
  built as icalendar components and serialized: icalendar folds each line
  character by character. The same builders write icalendar components
  (``_Components``) for registrants' copies and invitations, and for
  ``feed_components``, the reference the tests compare every byte with.
- One ``Batch`` serves a whole build: per language (``Words``) each message,
  label, person's line and zone name is looked up once (Flask-Babel finds the
  locale and catalog on every ``gettext``); across languages each VEVENT's
  identity, stamps and times, its closing lines and its description's plain
  text are written once.
- ``store.py`` loads a build's rows in one query per table and pauses the
  cyclic garbage collector while it builds (``roundtable/gc_pause.py``).

The tests read everything back with both icalendar and vobject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask_babel import gettext as _
from icalendar import vCalAddress, vDuration, vText, vUri

from roundtable import labels
from roundtable.calendar import lines
from roundtable.calendar.lines import fold
from roundtable.calendar.organizer import calendar_organizer
from roundtable.calendar.vtimezone import vtimezone_lines
from roundtable.formatting import time_range, zone_label
from roundtable.i18n import calendar_link, current, in_language, localized
from roundtable.markdown import markdown_to_text
from roundtable.text import clean_text, param_value, uri_value
from roundtable.zoom.links import join_link

if TYPE_CHECKING:
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

PRODID = "-//Roundtable//Roundtable hybrid events//EN"
# Part of every ETag: bump when the output format changes so caches refill.
FORMAT_VERSION = "4"
DEFAULT_REFRESH = timedelta(hours=1)

_UTC_ZONES = {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Z"}
_STATUS_RANK = {"waitlisted": 0, "confirmed": 1, "cancelled": 2}

# --- cleaning values (roundtable/text.py; icalendar does the escaping) -------------


class Text(vText):
    """A TEXT value escaped exactly as RFC 5545 3.3.11 says (a literal ``\\N`` stays one)."""

    def to_ical(self) -> bytes:
        return lines.escape_text(str(self)).encode(self.encoding)


def _text(component: icalendar.Component, name: str, value: str | None, **params) -> None:
    """Add a TEXT property, cleaned, unless the value is empty."""
    if value:
        component.add(name, Text(clean_text(value)), parameters=params or None)


def _uri(component: icalendar.Component, name: str, value: str | None) -> None:
    """Add a ``;VALUE=URI`` property unless the cleaned value is empty."""
    value = uri_value(value or "")
    if value:
        component.add(name, vUri(value), parameters={"VALUE": "URI"})


def _when(value: datetime, tzid: str) -> datetime:
    """An instant as wall time in ``tzid`` (icalendar adds ``TZID``), or in UTC.

    UTC too when the wall time is ambiguous or nonexistent there: parsers pick
    different instants for those.
    """
    if tzid in _UTC_ZONES:
        return value.astimezone(UTC)
    local = _in_zone(value, ZoneInfo(tzid))
    return local if local is not None and is_unambiguous(local) else value.astimezone(UTC)


def _in_zone(value: datetime, zone: ZoneInfo) -> datetime | None:
    """``value`` in ``zone``, or None when that wall time is beyond year 1 or 9999."""
    try:
        return value.astimezone(zone)
    except OverflowError:
        return None


def is_unambiguous(local: datetime) -> bool:
    """True if this wall time names exactly one instant in its zone."""
    naive = local.replace(tzinfo=None)
    instants = {
        naive.replace(tzinfo=local.tzinfo, fold=fold).astimezone(UTC) for fold in (0, 1)
    }
    round_trip = naive.replace(tzinfo=local.tzinfo).astimezone(UTC).astimezone(local.tzinfo)
    return len(instants) == 1 and round_trip.replace(tzinfo=None) == naive


# --- identity and URLs ------------------------------------------------------------


@lru_cache(maxsize=16)
def site_host(site_url: str) -> str:
    """The host part of the site URL, used on the right of every UID."""
    return urlsplit(site_url).hostname or "localhost"


def event_uid(event: Event, site_url: str) -> str:
    return f"event-{event.id}@{site_host(site_url)}"


def agenda_item_uid(item: AgendaItem, site_url: str) -> str:
    return f"agenda-{item.id}@{site_host(site_url)}"


def registration_uid(registration: Registration, site_url: str) -> str:
    return f"event-{registration.event_id}-registration-{registration.id}@{site_host(site_url)}"


def event_url(event: Event, site_url: str, lang: str | None = None) -> str:
    # A Spanish calendar's entries open the Spanish page, whatever the phone's language.
    return calendar_link(f"{site_url.rstrip('/')}/events/{quote(event.slug)}", lang)


def _is_web_url(value: str | None) -> bool:
    return bool(value) and urlsplit(uri_value(value)).scheme in ("http", "https")


# --- what an event says -----------------------------------------------------------

_MISSING = object()


class Words:
    """One language's words for a build, each looked up once.

    Flask-Babel finds the locale and its catalog on every ``gettext`` (tens of
    microseconds), and a 1,000-event feed asks for its messages, labels, people's
    lines and zone names tens of thousands of times (``formatting.py`` keeps the
    clock times). A build is in one language: make its ``Words`` inside
    ``in_language`` (``Batch.words``) and use them only there. Builders called
    alone make their own.
    """

    def __init__(self, lang: str | None = None, plain: dict | None = None) -> None:
        self.lang = lang or current()
        self._messages: dict[str, str] = {}
        self._kept: dict = {}
        self._plain = {} if plain is None else plain

    def _(self, msgid: str, **variables) -> str:
        """``flask_babel.gettext``: the translation, formatted with ``variables``."""
        text = self._messages.get(msgid)
        if text is None:
            text = self._messages[msgid] = _(msgid)
        return text % variables if variables else text

    def kept(self, key, compute: Callable[[], str]) -> str:
        """``compute()``, once per ``key`` in this language."""
        value = self._kept.get(key, _MISSING)
        if value is _MISSING:
            value = self._kept[key] = compute()
        return value

    def localized(self, obj, field: str) -> str | None:
        return localized(obj, field, self.lang)

    def mode(self, code: str) -> str:
        return self.kept(("mode", code), lambda: labels.mode_label(code))

    def zone(self, instant: datetime, tzid: str) -> str:
        """``zone_label``: the zone's name and the abbreviation or offset in force."""
        local = instant.astimezone(ZoneInfo(tzid))
        key = ("zone", tzid, local.utcoffset(), local.dst(), local.tzname())
        return self.kept(key, lambda: zone_label(instant, tzid))

    def plain(self, markdown: str | None) -> str:
        """``markdown_to_text``, kept for the batch (it has no language)."""
        text = self._plain.get(markdown)
        if text is None:
            text = self._plain[markdown] = markdown_to_text(markdown)
        return text


def _url(event: Event, site_url: str, w: Words) -> str:
    """``event_url``, once per event in a build (its description and URL, its agenda's)."""
    return w.kept(("url", site_url, event.slug), lambda: event_url(event, site_url, w.lang))


def _newest(*values: datetime | None) -> datetime:
    return max(v for v in values if v is not None)


def event_modified(event: Event) -> datetime:
    """When what the event's calendars show last changed (``calendar/stamps.py`` moves it
    only when their bytes would change): DTSTAMP and LAST-MODIFIED of its VEVENTs."""
    return event.calendar_changed_at


@dataclass(frozen=True)
class Shown:
    """What an event's VEVENT takes from rows beyond its own, in the current language.

    Its sponsors, agenda, people and summary: reading them costs queries, so a
    registrant's invitation can be written from a kept copy (``registration/notify.py``).
    """

    modified: datetime
    sponsors: str | None
    agenda: str | None
    has_summary: bool

    @property
    def size(self) -> int:
        """Roughly its bytes, for a cache's budget."""
        return 64 + len(self.sponsors or "") + len(self.agenda or "")


def shown_by(event: Event, words: Words | None = None) -> Shown:
    """Read what ``event``'s VEVENT shows from its sponsors, agenda, people and summary."""
    w = words or Words()
    sponsors = None
    if event.sponsors:
        sponsors = w._("Sponsors:") + " " + "; ".join(
            f"{w.localized(s.organization, 'name')} "
            f"({w.kept(('sponsor', s.role), lambda s=s: str(s.role_label))})"
            for s in event.sponsors)
    return Shown(modified=event_modified(event), sponsors=sponsors,
                 agenda=_agenda_text(event, w), has_summary=event.summary_record is not None)


def _venue(event: Event, w: Words) -> str | None:
    parts = [w.localized(event, "venue_name"), w.localized(event, "venue_room"),
             event.venue_address]
    text = ", ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def _public_location(event: Event, w: Words) -> str | None:
    if event.offers_in_person:
        return _venue(event, w)
    return w.mode("online")


def _person_line(role: AgendaRole, w: Words) -> str:
    """'Dr. Ana Ruiz (Speaker), Professor, UNAM': one per person and role in a build."""
    return w.kept(("person", role.person, role.role), lambda: _write_person_line(role, w))


def _write_person_line(role: AgendaRole, w: Words) -> str:
    person = role.person
    details = ", ".join(
        x for x in (w.localized(person, "position"), w.localized(person, "affiliation")) if x)
    line = f"{person.display_name} ({role.role_label})"
    return f"{line}, {details}" if details else line


def _english(label) -> str:
    with in_language("en"):
        return str(label)


def _item_title(item: AgendaItem, w: Words) -> str:
    """'Panel: Water and the border', or the kind alone when the title is just that."""
    title = w.localized(item, "title")
    # kind_label is a lazy translation: TEXT escaping needs a str.
    label = w.kept(("kind", item.kind), lambda: str(item.kind_label))
    english_label = w.kept(("kind.en", item.kind), lambda: _english(item.kind_label))
    # "Reception" titled as its kind reads "Recepción" in Spanish, not "Recepción: Reception".
    if title in (label, english_label):
        return label
    # A title that already starts with its kind ("Keynote address: …") is not prefixed again.
    if _starts_with_label(title, (label, english_label)):
        return title
    return f"{label}: {title}"


def _starts_with_label(title: str, labels_: tuple[str, ...]) -> bool:
    folded = title.casefold()
    return any(folded.startswith(label.casefold())
               and folded[len(label):len(label) + 1] in (":", " ", "—", "–", "-", ",")
               for label in labels_)


def _agenda_text(event: Event, w: Words) -> str | None:
    if not event.agenda_items:
        return None
    lines_ = [w._("Agenda, in %(zone)s:", zone=w.zone(event.starts_at, event.timezone))]
    for item in event.agenda_items:
        when = time_range(item.starts_at, item.ends_at, event.timezone, w.lang)
        title = _item_title(item, w)
        suffix = " " + w._("(in person only)") if item.in_person_only else ""
        lines_.append(f"{when}  {title}{suffix}")
        lines_ += [f"    {_person_line(role, w)}" for role in item.roles]
    return "\n".join(lines_)


def _attendance_text(event: Event, w: Words) -> str:
    lines_ = []
    if event.offers_in_person:
        venue = _venue(event, w)
        in_person = w.mode("in_person")
        lines_.append(f"{in_person}: {venue}" if venue else in_person)
    if event.offers_online:
        lines_.append(w._("%(mode)s: the link is sent to confirmed online registrants.",
                          mode=w.mode("online")))
    return "\n".join(lines_)


def _event_description(
    event: Event, site_url: str, *, personal: list[str] | None = None,
    shown: Shown | None = None, words: Words | None = None,
) -> str:
    w = words or Words()
    shown = shown or shown_by(event, w)
    blocks: list[str | None] = []
    if event.is_cancelled:
        reason = (w.localized(event, "cancellation_reason") or "").strip()
        blocks.append(w._("This event has been cancelled.") + (f" {reason}" if reason else ""))
    if personal:
        blocks.append("\n".join(personal))
    # Descriptions are Markdown: calendars show text, so no "**" or "[…](…)" reaches them.
    blocks += [w.localized(event, "summary"), w.plain(w.localized(event, "description")),
               shown.sponsors]
    if not personal:
        blocks.append(_attendance_text(event, w))
    blocks.append(shown.agenda)
    url = _url(event, site_url, w)
    if shown.has_summary:
        blocks.append(w._("Summary of the event: %(url)s", url=f"{url}#summary"))
    blocks.append(url)
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


# --- components -------------------------------------------------------------------


class _Zones:
    """The TZIDs a calendar uses and the years it uses them in."""

    def __init__(self) -> None:
        self.years: dict[str, tuple[int, int]] = {}
        self.tzids: set[str] = set()

    def use(self, tzid: str, *instants: datetime) -> None:
        """Note that ``tzid`` is used for these instants (UTC needs no VTIMEZONE)."""
        self.tzids.add(tzid)
        if tzid in _UTC_ZONES:
            return
        zone = ZoneInfo(tzid)
        years = [(_in_zone(i, zone) or i).year for i in instants]
        lo, hi = self.years.get(tzid, (min(years), max(years)))
        self.years[tzid] = (min(lo, *years), max(hi, *years))

    def merge(self, tzid: str, years: tuple[int, int] | None) -> None:
        """Add what another calendar's zones recorded for ``tzid``."""
        self.tzids.add(tzid)
        if years is not None:
            lo, hi = self.years.get(tzid, years)
            self.years[tzid] = (min(lo, years[0]), max(hi, years[1]))

    @property
    def single(self) -> str | None:
        """The one zone every event uses, if they share one (for ``X-WR-TIMEZONE``)."""
        return next(iter(self.tzids)) if len(self.tzids) == 1 else None


@lru_cache(maxsize=256)
def timezone_ical(tzid: str, first: int, last: int) -> bytes:
    """A VTIMEZONE exactly as icalendar writes it: our lines, each folded as icalendar folds.

    Not parsed into a component and written back, which gives the same bytes
    (tests/calendar/test_vtimezone.py checks every zone) but costs a worker's
    first feed after a restart most of its time: icalendar's parser first lists
    every zone on disk.
    """
    return b"".join(fold(line) for line in vtimezone_lines(tzid, first, last))


def _calendar(
    *,
    method: str | None = "PUBLISH",
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
    source: str | None = None,
    refresh: timedelta | None = None,
    timezone: str | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR with its header properties and no components yet."""
    cal = icalendar.Calendar()
    cal.add("VERSION", vText("2.0"))
    cal.add("PRODID", vText(PRODID))
    cal.add("CALSCALE", vText("GREGORIAN"))
    if method:
        cal.add("METHOD", vText(method))
    _text(cal, "NAME", name)
    _text(cal, "X-WR-CALNAME", name)
    _text(cal, "DESCRIPTION", description)
    _text(cal, "X-WR-CALDESC", description)
    _uri(cal, "URL", url)
    _uri(cal, "SOURCE", source)
    if refresh:
        # RFC 7986 wants VALUE=DURATION spelled out; X-PUBLISHED-TTL is Outlook's name.
        cal.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(refresh))
    if timezone:
        # Google and Apple take the calendar's zone from here.
        cal.add("X-WR-TIMEZONE", vText(timezone))
    return cal


_END = b"END:VCALENDAR\r\n"


def _to_bytes(
    cal: icalendar.Calendar, zones: _Zones, components: Iterable[icalendar.Event]
) -> bytes:
    """Serialize: time zones first, then the events, in the order they were added."""
    events = b"".join(c.to_ical(sorted=False) for c in components)
    return _spliced(cal.to_ical(sorted=False), zones, events)


def _spliced(head: bytes, zones: _Zones, events: bytes) -> bytes:
    """A calendar header with no components, then its VTIMEZONEs and ``events``.

    Each VTIMEZONE is serialized once per zone and years (``timezone_ical``), not
    parsed and folded again for every invitation and feed.
    """
    timezones = [timezone_ical(tzid, *zones.years[tzid]) for tzid in sorted(zones.years)]
    return head[: -len(_END)] + b"".join(timezones) + events + _END


class Batch:
    """What a build of many VEVENTs looks up or writes once (``store.py`` uses one per build).

    ``words()`` gives the current language's ``Words``. Shared by every language:
    each VEVENT's first lines (identity, stamps, times) and last lines (STATUS,
    TRANSP, ORGANIZER) as bytes, keyed by everything they are written from, and
    the plain text of each Markdown description.
    """

    def __init__(self) -> None:
        self.lines: dict[tuple, bytes] = {}
        self.organizers: dict[tuple, bytes] = {}
        self._plain: dict[str | None, str] = {}
        self._words: dict[str, Words] = {}

    def words(self) -> Words:
        lang = current()
        words = self._words.get(lang)
        if words is None:
            words = self._words[lang] = Words(lang, self._plain)
        return words


class _Components:
    """Writes a VEVENT as an icalendar component.

    For registrants' copies and invitations (which change it further), and for
    ``feed_components``, the reference every byte ``_Lines`` writes is tested against.
    """

    def __init__(self) -> None:
        self.vevent = icalendar.Event()

    def uid(self, value: str) -> None:
        self.vevent.add("UID", vText(value))

    def stamp(self, name: str, value: datetime) -> None:
        self.vevent.add(name, value.astimezone(UTC))

    def integer(self, name: str, value: int) -> None:
        self.vevent.add(name, value)

    def when(self, name: str, value: datetime) -> None:
        self.vevent.add(name, value)

    def text(self, name: str, value: str | None, **params) -> None:
        _text(self.vevent, name, value, **params)

    def uri(self, name: str, value: str | None) -> None:
        _uri(self.vevent, name, value)

    def organizer(self, event: Event) -> None:
        self.vevent.add("ORGANIZER", calendar_organizer(event))

    def kept(self, key: tuple, write: Callable[[], None]) -> None:
        write()

    def result(self) -> icalendar.Event:
        return self.vevent


class _Lines:
    """Writes a VEVENT straight to bytes: what ``_Components`` and ``to_ical`` would give."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.out = [b"BEGIN:VEVENT\r\n"]

    def uid(self, value: str) -> None:
        self.out.append(lines.vtext("UID", value))

    def stamp(self, name: str, value: datetime) -> None:
        self.out.append(lines.date_time(name, value.astimezone(UTC)))

    def integer(self, name: str, value: int) -> None:
        self.out.append(lines.integer(name, value))

    def when(self, name: str, value: datetime) -> None:
        self.out.append(lines.date_time(name, value))

    def text(self, name: str, value: str | None, **params) -> None:
        if value:
            self.out.append(lines.text(name, clean_text(value),
                                       lines.params(**params) if params else ""))

    def uri(self, name: str, value: str | None) -> None:
        value = uri_value(value or "")
        if value:
            self.out.append(lines.uri(name, value))

    def organizer(self, event: Event) -> None:
        key = (event.contact_name, event.contact_email)
        line = self.batch.organizers.get(key)
        if line is None:
            line = self.batch.organizers[key] = lines.address(
                "ORGANIZER", calendar_organizer(event))
        self.out.append(line)

    def kept(self, key: tuple, write: Callable[[], None]) -> None:
        """What ``write`` writes, once per ``key`` in the batch (every language's VEVENT)."""
        data = self.batch.lines.get(key)
        if data is None:
            mark = len(self.out)
            write()
            data = self.batch.lines[key] = b"".join(self.out[mark:])
            del self.out[mark:]
        self.out.append(data)

    def result(self) -> bytes:
        self.out.append(b"END:VEVENT\r\n")
        return b"".join(self.out)


_Writer = _Components | _Lines


def _head(
    w: _Writer,
    zones: _Zones,
    *,
    uid: str,
    modified: datetime,
    created: datetime,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    tzid: str,
) -> None:
    """A VEVENT's identity, stamps and times; the caller writes the rest."""
    def write() -> None:
        w.uid(uid)
        w.stamp("DTSTAMP", modified)
        w.stamp("CREATED", created)
        w.stamp("LAST-MODIFIED", modified)
        w.integer("SEQUENCE", sequence)
        w.when("DTSTART", _when(starts_at, tzid))
        w.when("DTEND", _when(ends_at, tzid))

    w.kept(("head", uid, modified, created, sequence, starts_at, ends_at, tzid), write)
    zones.use(tzid, starts_at, ends_at)


def _tail(w: _Writer, event: Event, status: str, *, publish: bool = True) -> None:
    """STATUS, TRANSP and, in a published calendar, the ORGANIZER."""
    def write() -> None:
        w.text("STATUS", status)
        w.text("TRANSP", "OPAQUE")
        if publish:
            w.organizer(event)

    w.kept(("tail", status, publish, event.contact_name, event.contact_email), write)


def _event_component(
    event: Event,
    site_url: str,
    zones: _Zones,
    *,
    writer: _Writer | None = None,
    words: Words | None = None,
    uid: str | None = None,
    sequence: int | None = None,
    modified: datetime | None = None,
    status: str | None = None,
    location: str | None = None,
    description: str | None = None,
    publish: bool = True,
) -> icalendar.Event | bytes:
    """An event's VEVENT; the keywords override what a registrant's copy changes."""
    w = writer or _Components()
    words = words or Words()
    shown = None if modified and description else shown_by(event, words)
    _head(
        w,
        zones,
        uid=uid or event_uid(event, site_url),
        modified=modified or shown.modified,
        created=event.created_at,
        sequence=event.sequence if sequence is None else sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        tzid=event.timezone,
    )
    w.text("SUMMARY", words.localized(event, "title"))
    w.text("DESCRIPTION",
           description or _event_description(event, site_url, shown=shown, words=words))
    w.text("LOCATION", location if location is not None else _public_location(event, words))
    w.uri("URL", _url(event, site_url, words))
    _tail(w, event, status or ("CANCELLED" if event.is_cancelled else "CONFIRMED"),
          publish=publish)
    return w.result()


def _agenda_item_component(
    item: AgendaItem, event: Event, site_url: str, zones: _Zones, *,
    writer: _Writer | None = None, words: Words | None = None, modified: datetime | None = None,
) -> icalendar.Event | bytes:
    """An agenda item's VEVENT, RELATED-TO its event."""
    w = writer or _Components()
    words = words or Words()
    _head(
        w,
        zones,
        uid=agenda_item_uid(item, site_url),
        modified=modified or event_modified(event),
        created=item.created_at,
        sequence=event.sequence,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        tzid=event.timezone,
    )
    w.text("SUMMARY", _item_title(item, words))
    blocks = [words._("Part of %(title)s.", title=words.localized(event, "title"))]
    if event.is_cancelled:
        blocks.insert(0, words._("This event has been cancelled."))
    if item.in_person_only:
        blocks.append(words._("In person only: not streamed on Zoom."))
    blocks.append(words.plain(words.localized(item, "description")))
    if item.roles:
        blocks.append("\n".join(_person_line(role, words) for role in item.roles))
    url = _url(event, site_url, words)
    blocks.append(url)
    w.text("DESCRIPTION", "\n\n".join(b.strip() for b in blocks if b and b.strip()))
    w.text("LOCATION", words.localized(item, "location") or _public_location(event, words))
    w.text("RELATED-TO", event_uid(event, site_url), RELTYPE="PARENT")
    w.uri("URL", url)
    _tail(w, event, "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return w.result()


# --- public builders --------------------------------------------------------------


def event_calendar(event: Event, *, site_url: str) -> bytes:
    """Build the downloadable file for one public event: one VEVENT, no secrets."""
    piece = event_piece(event, site_url=site_url)
    return assemble([piece])


def agenda_calendar(event: Event, *, site_url: str) -> bytes:
    """Build an event's agenda: one VEVENT per item, each RELATED-TO the event."""
    return assemble([agenda_piece(event, site_url=site_url)])


def feed_calendar(
    events: Iterable[Event],
    *,
    site_url: str,
    name: str,
    description: str | None,
    source_url: str,
    url: str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    batch: Batch | None = None,
) -> bytes:
    """Build a subscription feed of public events; cancelled ones say STATUS:CANCELLED."""
    batch = batch or Batch()
    header = feed_header(
        site_url=site_url, name=name, description=description,
        source_url=source_url, url=url, refresh=refresh,
    )
    return assemble([event_piece(event, site_url=site_url, batch=batch) for event in events],
                    feed=header)


def feed_components(
    events: Iterable[Event],
    *,
    site_url: str,
    name: str,
    description: str | None,
    source_url: str,
    url: str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
) -> icalendar.Calendar:
    """The feed ``feed_calendar`` writes, as icalendar components (VTIMEZONEs included).

    The reference: ``to_ical(sorted=False)`` of it gives ``feed_calendar``'s bytes
    (a test checks every byte), and ``make bench`` times it against a full build.
    """
    zones = _Zones()
    components = [_event_component(event, site_url, zones) for event in events]
    header = feed_header(
        site_url=site_url, name=name, description=description,
        source_url=source_url, url=url, refresh=refresh,
    )
    cal = _calendar(timezone=zones.single, **header)
    for tzid in sorted(zones.years):
        cal.add_component(icalendar.Timezone.from_ical(timezone_ical(tzid, *zones.years[tzid])))
    for component in components:
        cal.add_component(component)
    return cal


def feed_header(
    *,
    site_url: str,
    name: str,
    description: str | None,
    source_url: str,
    url: str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
) -> dict:
    """The header keywords of a subscription feed (shared by building and assembling)."""
    return {
        "name": name, "description": description, "url": url or site_url,
        "source": source_url, "refresh": refresh,
    }


def registrant_sequence(registration: Registration, *, cancel: bool = False) -> int:
    """SEQUENCE of a registrant's copy: the same on every channel, and only rising.

    Three steps per event sequence leave room for the status rank, so a
    reinstated event (sequence + 1, confirmed again) outranks its CANCEL.
    """
    event = registration.event
    if cancel or registration.is_cancelled or event.is_cancelled:
        rank = _STATUS_RANK["cancelled"]
    else:
        rank = _STATUS_RANK.get(registration.status, 0)
    return 3 * (event.sequence + (registration.revision or 0)) + rank


def _registrant_component(
    registration: Registration, site_url: str, zones: _Zones, *, cancel: bool = False,
    shown: Shown | None = None,
) -> icalendar.Event:
    """A registrant's own copy of the event, with Zoom only where it belongs."""
    event = registration.event
    words = Words()
    shown = shown or shown_by(event, words)
    cancelled = cancel or registration.is_cancelled or event.is_cancelled
    personal = [_("Your registration: %(summary)s.", summary=registration.summary)]
    join = None
    if registration.is_waitlisted and not cancelled:
        personal.append(_("You are on the waitlist; we will email you if a place opens."))
    link = join_link(registration) if not cancelled else None
    if link is not None and link.follows:
        personal.append(_("Your personal Zoom link follows in a short separate email."))
    elif link is not None and _is_web_url(link.url):
        join = uri_value(link.url)
        personal.append(_("Join on Zoom: %(url)s", url=join))
        if link.meeting_id:
            personal.append(_("Meeting ID: %(id)s", id=link.meeting_id))
        if link.passcode:
            personal.append(_("Passcode: %(code)s", code=link.passcode))
    personal.append(_("This calendar entry is personal to you: please do not share it."))

    if cancelled:
        status = "CANCELLED"
    elif registration.is_waitlisted:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    vevent = _event_component(
        event,
        site_url,
        zones,
        uid=registration_uid(registration, site_url),
        sequence=registrant_sequence(registration, cancel=cancel),
        modified=_newest(shown.modified, registration.updated_at),
        status=status,
        location=(_venue(event, words) or "") if registration.mode == "in_person"
        else words.mode("online"),
        description=_event_description(event, site_url, personal=personal, shown=shown,
                                       words=words),
        publish=False,
        words=words,
    )
    if join:
        # RFC 7986 5.11; FEATURE is a list, so AUDIO,VIDEO is not quoted.
        vevent.add(
            "CONFERENCE",
            vUri(join),
            parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": "Zoom"},
        )
    return vevent


def registration_calendar(
    registration: Registration, *, site_url: str, refresh: timedelta = DEFAULT_REFRESH
) -> bytes:
    """Build a registrant's private feed: their event, with Zoom only if they may see it.

    Confirmed online registrants of a live event get the join link as an RFC 7986
    ``CONFERENCE`` property and in the description; in-person registrants get the
    venue as ``LOCATION``; a cancelled registration or event gives
    ``STATUS:CANCELLED``. Nobody else's data is ever read.
    """
    event = registration.event
    zones = _Zones()
    vevent = _registrant_component(registration, site_url, zones)
    vevent.add("ORGANIZER", calendar_organizer(event))
    cal = _calendar(
        name=_("%(title)s (your registration)", title=localized(event, "title")),
        description=_("Your registration for %(title)s. Personal to you: do not share.",
                      title=localized(event, "title")),
        url=event_url(event, site_url),
        refresh=refresh,
        timezone=zones.single,
    )
    return _to_bytes(cal, zones, [vevent])


def registration_invitation(
    registration: Registration,
    *,
    method: Literal["REQUEST", "CANCEL"],
    site_url: str,
    organizer_email: str | None = None,
    organizer_name: str | None = None,
    shown: Shown | None = None,
) -> bytes:
    """Build an iMIP (RFC 6047) calendar object to attach to a registrant's email.

    ``registration_invitation(registration, *, method, site_url,
    organizer_email=None, organizer_name=None, shown=None) -> bytes``

    - ``method``: ``"REQUEST"`` to add or update the entry (after registering, a
      promotion from the waitlist, a change of time or place), ``"CANCEL"`` to
      remove it (the registrant or the organizers cancelled).
    - ``organizer_email``: overrides ``ORGANIZER``, which is otherwise the event's
      contact (``calendar_organizer``), so Accept/Decline reaches a person;
      ``organizer_name`` its ``CN``.
    - ``shown``: what the event shows from its sponsors, agenda and people
      (``shown_by``), when the caller kept a copy; read from the event otherwise.
    - ``site_url``: the public base URL (``Config["SITE_URL"]``).

    The VEVENT has the same UID as the registrant's private feed, so the entry the
    mail creates and the one the feed shows are one. ``ATTENDEE`` is the
    registrant alone (``RSVP=FALSE``: we do not process replies). ``SEQUENCE`` is
    ``registrant_sequence``: three times the event's plus the status rank (a CANCEL,
    or a cancelled event, counts as cancelled), so every later message supersedes
    earlier ones and the private feed shows the same number. ``CONFERENCE`` and the Zoom
    details appear only for confirmed online registrants of a live event, and
    never in a CANCEL. Serve it as ``text/calendar; method=<METHOD>; charset=utf-8``.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"method must be REQUEST or CANCEL, not {method!r}")
    cancel = method == "CANCEL"
    if cancel or registration.is_cancelled:
        partstat = "DECLINED"
    elif registration.is_waitlisted:
        partstat = "TENTATIVE"
    else:
        partstat = "ACCEPTED"
    zones = _Zones()
    vevent = _registrant_component(registration, site_url, zones, cancel=cancel, shown=shown)
    if organizer_email:
        organizer = {"CN": param_value(organizer_name)} if organizer_name else None
        vevent.pop("ORGANIZER", None)
        vevent.add("ORGANIZER", vCalAddress(f"mailto:{uri_value(organizer_email)}"), organizer)
    elif "ORGANIZER" not in vevent:
        # Accept/Decline must reach a person: the event's contact.
        vevent.add("ORGANIZER", calendar_organizer(registration.event))
    attendee = {
        "CN": param_value(registration.name),
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": partstat,
        "RSVP": "FALSE",
    }
    if registration.email:
        # A walk-in who gave no email has no calendar address: no ATTENDEE line at all
        # (its value must be a URI), the rest of their copy is the same.
        vevent.add("ATTENDEE", vCalAddress(f"mailto:{uri_value(registration.email)}"),
                   attendee)
    return _to_bytes(_calendar(method=method), zones, [vevent])


# --- stored pieces and assembly ---------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Serialized VEVENT(s) of one event, with the zone they need."""

    body: bytes
    tzid: str
    years: tuple[int, int] | None


def event_piece(
    event: Event, *, site_url: str, stamp: datetime | None = None, batch: Batch | None = None
) -> Piece:
    """An event's public VEVENT as bytes, to store and assemble feeds from.

    ``stamp``: DTSTAMP and LAST-MODIFIED instead of the event's (``stamps.py`` builds
    with a fixed one to compare content). ``batch``: shared by every piece of a build
    (``store.py``), in any language.
    """
    batch = batch or Batch()
    zones = _Zones()
    body = _event_component(event, site_url, zones, writer=_Lines(batch), words=batch.words(),
                            modified=stamp)
    return Piece(body, event.timezone, zones.years.get(event.timezone))


def agenda_piece(
    event: Event, *, site_url: str, stamp: datetime | None = None, batch: Batch | None = None
) -> Piece:
    """An event's agenda VEVENTs as bytes (empty when it has no agenda)."""
    batch = batch or Batch()
    words = batch.words()
    zones = _Zones()
    body = b"".join(
        _agenda_item_component(item, event, site_url, zones, writer=_Lines(batch), words=words,
                               modified=stamp)
        for item in event.agenda_items
    )
    tzid = event.timezone if event.agenda_items else ""
    return Piece(body, tzid, zones.years.get(tzid))


def assemble(pieces: Iterable[Piece], *, feed: dict | None = None) -> bytes:
    """A calendar from stored pieces, byte for byte what a full build writes.

    ``feed`` holds the header keywords (``feed_header``); without it the header is
    that of a single file (``event_calendar``, ``agenda_calendar``).
    """
    pieces = list(pieces)
    zones = _Zones()
    for piece in pieces:
        if piece.tzid:
            zones.merge(piece.tzid, piece.years)
    cal = _calendar(timezone=zones.single, **feed) if feed is not None else _calendar()
    return _spliced(cal.to_ical(sorted=False), zones, b"".join(p.body for p in pieces))
