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

Cost: icalendar folds character by character in Python, so building the
1,000-event feed from scratch is slow (see ``bench/calendar_feed.py``). Feeds
are therefore assembled (``assemble``) from each event's stored VEVENT bytes
(``event_piece``/``agenda_piece``, kept by ``calendar/store.py``); a test proves
the result byte-identical to a from-scratch build. The tests read everything
back with both icalendar and vobject.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask_babel import gettext as _
from icalendar import vCalAddress, vDuration, vText, vUri
from icalendar.parser import Contentline

from roundtable import labels
from roundtable.calendar.organizer import calendar_organizer
from roundtable.calendar.vtimezone import vtimezone_lines
from roundtable.formatting import time_range, zone_label
from roundtable.i18n import calendar_link, in_language, localized
from roundtable.markdown import markdown_to_text
from roundtable.text import clean_text, param_value, uri_value
from roundtable.zoom.links import join_link

if TYPE_CHECKING:
    from roundtable.agenda.models import AgendaItem
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
        escaped = (
            str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        )
        return escaped.encode(self.encoding)


def fold(line: str) -> bytes:
    """One content line as icalendar writes it: folded at 75 octets, ending in CRLF."""
    return Contentline(line).to_ical() + b"\r\n"


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


def site_host(site_url: str) -> str:
    """The host part of the site URL, used on the right of every UID."""
    return urlsplit(site_url).hostname or "localhost"


def event_uid(event: Event, site_url: str) -> str:
    return f"event-{event.id}@{site_host(site_url)}"


def agenda_item_uid(item: AgendaItem, site_url: str) -> str:
    return f"agenda-{item.id}@{site_host(site_url)}"


def registration_uid(registration: Registration, site_url: str) -> str:
    return f"event-{registration.event_id}-registration-{registration.id}@{site_host(site_url)}"


def event_url(event: Event, site_url: str) -> str:
    # A Spanish calendar's entries open the Spanish page, whatever the phone's language.
    return calendar_link(f"{site_url.rstrip('/')}/events/{quote(event.slug)}")


def _is_web_url(value: str | None) -> bool:
    return bool(value) and urlsplit(uri_value(value)).scheme in ("http", "https")


# --- what an event says -----------------------------------------------------------


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


def shown_by(event: Event) -> Shown:
    """Read what ``event``'s VEVENT shows from its sponsors, agenda, people and summary."""
    sponsors = None
    if event.sponsors:
        sponsors = _("Sponsors:") + " " + "; ".join(
            f"{localized(s.organization, 'name')} ({s.role_label})" for s in event.sponsors)
    return Shown(modified=event_modified(event), sponsors=sponsors,
                 agenda=_agenda_text(event), has_summary=event.summary_record is not None)


def _venue(event: Event) -> str | None:
    parts = [localized(event, "venue_name"), localized(event, "venue_room"), event.venue_address]
    text = ", ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def _public_location(event: Event) -> str | None:
    if event.offers_in_person:
        return _venue(event)
    return labels.mode_label("online")


def _person_line(role) -> str:
    person = role.person
    details = ", ".join(
        x for x in (localized(person, "position"), localized(person, "affiliation")) if x)
    line = f"{person.display_name} ({role.role_label})"
    return f"{line}, {details}" if details else line


def _item_title(item) -> str:
    """'Panel: Water and the border', or the kind alone when the title is just that."""
    title = localized(item, "title")
    label = str(item.kind_label)  # a lazy translation: TEXT escaping needs a str
    with in_language("en"):
        english_label = str(item.kind_label)
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


def _agenda_text(event: Event) -> str | None:
    if not event.agenda_items:
        return None
    zone = zone_label(event.starts_at, event.timezone)
    lines = [_("Agenda, in %(zone)s:", zone=zone)]
    for item in event.agenda_items:
        when = time_range(item.starts_at, item.ends_at, event.timezone)
        title = _item_title(item)
        suffix = " " + _("(in person only)") if item.in_person_only else ""
        lines.append(f"{when}  {title}{suffix}")
        lines += [f"    {_person_line(role)}" for role in item.roles]
    return "\n".join(lines)


def _attendance_text(event: Event) -> str:
    lines = []
    if event.offers_in_person:
        venue = _venue(event)
        in_person = labels.mode_label("in_person")
        lines.append(f"{in_person}: {venue}" if venue else in_person)
    if event.offers_online:
        lines.append(_("%(mode)s: the link is sent to confirmed online registrants.",
                       mode=labels.mode_label("online")))
    return "\n".join(lines)


def _event_description(
    event: Event, site_url: str, *, personal: list[str] | None = None, shown: Shown | None = None
) -> str:
    shown = shown or shown_by(event)
    blocks: list[str | None] = []
    if event.is_cancelled:
        reason = (localized(event, "cancellation_reason") or "").strip()
        blocks.append(_("This event has been cancelled.") + (f" {reason}" if reason else ""))
    if personal:
        blocks.append("\n".join(personal))
    # Descriptions are Markdown: calendars show text, so no "**" or "[…](…)" reaches them.
    blocks += [localized(event, "summary"), markdown_to_text(localized(event, "description")),
               shown.sponsors]
    if not personal:
        blocks.append(_attendance_text(event))
    blocks.append(shown.agenda)
    if shown.has_summary:
        summary_url = f"{event_url(event, site_url)}#summary"
        blocks.append(_("Summary of the event: %(url)s", url=summary_url))
    blocks.append(event_url(event, site_url))
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
    """A VTIMEZONE exactly as icalendar writes it: our lines, each folded by icalendar.

    Not parsed into a component and written back, which gives the same bytes
    (tests/calendar/test_vtimezone.py checks every zone) but costs a worker's
    first feed after a restart most of its time: icalendar's parser first lists
    every zone on disk.
    """
    return b"".join(Contentline(line).to_ical() + b"\r\n"
                    for line in vtimezone_lines(tzid, first, last))


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


def _vevent(
    *,
    uid: str,
    modified: datetime,
    created: datetime,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    tzid: str,
    zones: _Zones,
) -> icalendar.Event:
    """A VEVENT with its identity, stamps and times; the caller adds the rest."""
    vevent = icalendar.Event()
    vevent.add("UID", vText(uid))
    vevent.add("DTSTAMP", modified.astimezone(UTC))
    vevent.add("CREATED", created.astimezone(UTC))
    vevent.add("LAST-MODIFIED", modified.astimezone(UTC))
    vevent.add("SEQUENCE", sequence)
    vevent.add("DTSTART", _when(starts_at, tzid))
    vevent.add("DTEND", _when(ends_at, tzid))
    zones.use(tzid, starts_at, ends_at)
    return vevent


def _event_component(
    event: Event,
    site_url: str,
    zones: _Zones,
    *,
    uid: str | None = None,
    sequence: int | None = None,
    modified: datetime | None = None,
    status: str | None = None,
    location: str | None = None,
    description: str | None = None,
    publish: bool = True,
) -> icalendar.Event:
    """An event's VEVENT; the keywords override what a registrant's copy changes."""
    shown = None if modified and description else shown_by(event)
    vevent = _vevent(
        uid=uid or event_uid(event, site_url),
        modified=modified or shown.modified,
        created=event.created_at,
        sequence=event.sequence if sequence is None else sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        tzid=event.timezone,
        zones=zones,
    )
    _text(vevent, "SUMMARY", localized(event, "title"))
    _text(vevent, "DESCRIPTION", description or _event_description(event, site_url, shown=shown))
    _text(vevent, "LOCATION", location if location is not None else _public_location(event))
    _uri(vevent, "URL", event_url(event, site_url))
    _text(vevent, "STATUS", status or ("CANCELLED" if event.is_cancelled else "CONFIRMED"))
    _text(vevent, "TRANSP", "OPAQUE")
    if publish:
        vevent.add("ORGANIZER", calendar_organizer(event))
    return vevent


def _agenda_item_component(
    item: AgendaItem, event: Event, site_url: str, zones: _Zones,
    modified: datetime | None = None,
) -> icalendar.Event:
    """An agenda item's VEVENT, RELATED-TO its event."""
    vevent = _vevent(
        uid=agenda_item_uid(item, site_url),
        modified=modified or event_modified(event),
        created=item.created_at,
        sequence=event.sequence,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        tzid=event.timezone,
        zones=zones,
    )
    _text(vevent, "SUMMARY", _item_title(item))
    blocks = [_("Part of %(title)s.", title=localized(event, "title"))]
    if event.is_cancelled:
        blocks.insert(0, _("This event has been cancelled."))
    if item.in_person_only:
        blocks.append(_("In person only: not streamed on Zoom."))
    blocks.append(markdown_to_text(localized(item, "description")))
    if item.roles:
        blocks.append("\n".join(_person_line(role) for role in item.roles))
    blocks.append(event_url(event, site_url))
    _text(vevent, "DESCRIPTION", "\n\n".join(b.strip() for b in blocks if b and b.strip()))
    _text(vevent, "LOCATION", localized(item, "location") or _public_location(event))
    _text(vevent, "RELATED-TO", event_uid(event, site_url), RELTYPE="PARENT")
    _uri(vevent, "URL", event_url(event, site_url))
    _text(vevent, "STATUS", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    _text(vevent, "TRANSP", "OPAQUE")
    vevent.add("ORGANIZER", calendar_organizer(event))
    return vevent


# --- public builders --------------------------------------------------------------


def event_calendar(event: Event, *, site_url: str) -> bytes:
    """Build the downloadable file for one public event: one VEVENT, no secrets."""
    zones = _Zones()
    return _to_bytes(_calendar(), zones, [_event_component(event, site_url, zones)])


def agenda_calendar(event: Event, *, site_url: str) -> bytes:
    """Build an event's agenda: one VEVENT per item, each RELATED-TO the event."""
    zones = _Zones()
    items = [_agenda_item_component(item, event, site_url, zones) for item in event.agenda_items]
    return _to_bytes(_calendar(), zones, items)


def feed_calendar(
    events: Iterable[Event],
    *,
    site_url: str,
    name: str,
    description: str | None,
    source_url: str,
    url: str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
) -> bytes:
    """Build a subscription feed of public events; cancelled ones say STATUS:CANCELLED."""
    zones = _Zones()
    components = [_event_component(event, site_url, zones) for event in events]
    header = feed_header(
        site_url=site_url, name=name, description=description,
        source_url=source_url, url=url, refresh=refresh,
    )
    return _to_bytes(_calendar(timezone=zones.single, **header), zones, components)


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
    shown = shown or shown_by(event)
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
        location=(_venue(event) or "") if registration.mode == "in_person"
        else labels.mode_label("online"),
        description=_event_description(event, site_url, personal=personal, shown=shown),
        publish=False,
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


def _piece(components: list[icalendar.Event], zones: _Zones, tzid: str) -> Piece:
    body = b"".join(c.to_ical(sorted=False) for c in components)
    return Piece(body, tzid, zones.years.get(tzid))


def event_piece(event: Event, *, site_url: str, stamp: datetime | None = None) -> Piece:
    """An event's public VEVENT as bytes, to store and assemble feeds from.

    ``stamp``: DTSTAMP and LAST-MODIFIED instead of the event's (``stamps.py`` builds
    with a fixed one to compare content)."""
    zones = _Zones()
    return _piece([_event_component(event, site_url, zones, modified=stamp)], zones,
                  event.timezone)


def agenda_piece(event: Event, *, site_url: str, stamp: datetime | None = None) -> Piece:
    """An event's agenda VEVENTs as bytes (empty when it has no agenda)."""
    zones = _Zones()
    items = [_agenda_item_component(item, event, site_url, zones, stamp)
             for item in event.agenda_items]
    return _piece(items, zones, event.timezone if items else "")


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
