"""iCalendar builders: models in, bytes out.

Pure functions: no ``request``, no ``current_app``, no queries. The caller
loads what is needed (see ``roundtable.calendar.services``) and passes the
site's URL explicitly.

We write the content lines ourselves rather than through icalendar's
component classes, because the properties that matter most to calendar apps
need parameters icalendar 7.3 gets wrong or leaves out
(``REFRESH-INTERVAL;VALUE=DURATION``, ``CONFERENCE;...;FEATURE=AUDIO,VIDEO``
unquoted), because ``Calendar.new()``/``Event.new()`` invent random UIDs and a
DTSTAMP of now, and because ``Timezone.from_tzid`` writes ``RDATE`` which
Outlook ignores (see ``vtimezone.py``). The writer below does the three things
RFC 5545 asks of every line: TEXT escaping, no bare CR/LF anywhere, and
folding at 75 octets with CRLF. The tests read everything back with both
icalendar and vobject.

Identity and change:

- UIDs derive from database ids and the site's host and never change:
  ``event-<id>@<host>``, ``agenda-<id>@<host>`` (``RELATED-TO`` its event), and
  ``event-<id>-registration-<id>@<host>`` for a registrant's own copy (private
  feed and iMIP mail share it; a cancelled-then-new registration gets a new one).
- ``DTSTAMP`` and ``LAST-MODIFIED`` are the newest ``updated_at`` of the rows a
  component was written from, so building twice gives the same bytes.
- ``SEQUENCE`` is ``Event.sequence``; a registrant's copy adds the rank of the
  registration's status (waitlisted 0, confirmed 1, cancelled 2) so promotion
  and cancellation are updates that clients apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from roundtable.calendar.vtimezone import vtimezone_lines
from roundtable.formatting import time_range, zone_label

if TYPE_CHECKING:
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

PRODID = "-//Roundtable//Roundtable hybrid events//EN"
# Part of every ETag: bump when the output format changes so caches refill.
FORMAT_VERSION = "1"
DEFAULT_REFRESH = timedelta(hours=1)

_UTC_ZONES = {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Z"}
_STATUS_RANK = {"waitlisted": 0, "confirmed": 1, "cancelled": 2}

# --- the writer -------------------------------------------------------------------

# Everything Python (and so some parsers) treats as a line break becomes "\n" ...
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# ... and the remaining control characters, which RFC 5545 forbids in values, go.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _one_line(value: str) -> str:
    """Collapse a value that may not contain line breaks (URIs, parameters)."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value)).strip()


def param_value(value: str) -> str:
    """A parameter value: one line, no DQUOTE, quoted when it holds ``;:,``."""
    value = _one_line(value).replace('"', "'")
    return f'"{value}"' if any(c in value for c in ';:,') else value


def uri_value(value: str) -> str:
    """A URI value: one line with no spaces (they would end it for some parsers)."""
    return re.sub(r"\s", "", _one_line(value))


def fold(line: str) -> bytes:
    """Encode one content line, folded to at most 75 octets per physical line (3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # never split a multi-octet UTF-8 sequence
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


class _Lines:
    """Accumulate content lines; every value passes through one of the typed adders."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def raw(self, line: str) -> None:
        self.lines.append(line)

    def text(self, name: str, value: str | None, **params: str) -> None:
        if value is None or value == "":
            return
        self.lines.append(f"{name}{_params(params)}:{escape_text(value)}")

    def uri(self, name: str, value: str | None, **params: str) -> None:
        value = uri_value(value or "")
        if value:
            self.lines.append(f"{name}{_params(params)}:{value}")

    def utc(self, name: str, value: datetime) -> None:
        self.lines.append(f"{name}:{_utc(value)}")

    def local(self, name: str, value: datetime, tzid: str) -> None:
        if tzid in _UTC_ZONES:
            self.lines.append(f"{name}:{_utc(value)}")
        else:
            local = value.astimezone(ZoneInfo(tzid))
            self.lines.append(f"{name};TZID={param_value(tzid)}:{local:%Y%m%dT%H%M%S}")

    def to_bytes(self) -> bytes:
        return b"".join(fold(line) for line in self.lines)


def _params(params: dict[str, str]) -> str:
    # Keyword names use "_" for "-": X_FOO -> X-FOO. Values are already safe
    # when they are enumerations; free text goes through param_value().
    return "".join(f";{k.replace('_', '-')}={v}" for k, v in params.items())


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    out = "P" + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    time += f"{seconds}S" if seconds else ""
    return out + ("T" + time if time else "") if (days or time) else "PT0S"


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
    return f"{site_url.rstrip('/')}/events/{quote(event.slug)}"


def _is_web_url(value: str | None) -> bool:
    return bool(value) and urlsplit(uri_value(value)).scheme in ("http", "https")


# --- what an event says -----------------------------------------------------------


def _newest(*values: datetime | None) -> datetime:
    return max(v for v in values if v is not None)


def event_modified(event: Event) -> datetime:
    """The newest change among the rows an event's VEVENT is written from."""
    stamps = [event.updated_at]
    stamps += [s.organization.updated_at for s in event.sponsors]
    for item in event.agenda_items:
        stamps.append(item.updated_at)
        stamps += [role.person.updated_at for role in item.roles]
    return _newest(*stamps)


def _venue(event: Event) -> str | None:
    parts = [event.venue_name, event.venue_room, event.venue_address]
    text = ", ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def _public_location(event: Event) -> str | None:
    if event.offers_in_person:
        return _venue(event)
    return "Online via Zoom"


def _person_line(role) -> str:
    person = role.person
    details = ", ".join(x for x in (person.position, person.affiliation) if x)
    line = f"{person.display_name} ({role.role_label})"
    return f"{line}, {details}" if details else line


def _agenda_text(event: Event) -> str | None:
    if not event.agenda_items:
        return None
    lines = [f"Agenda (times in {zone_label(event.starts_at, event.timezone)}):"]
    for item in event.agenda_items:
        when = time_range(item.starts_at, item.ends_at, event.timezone)
        title = item.title if item.title == item.kind_label else f"{item.kind_label}: {item.title}"
        suffix = " (in person only)" if item.in_person_only else ""
        lines.append(f"{when}  {title}{suffix}")
        lines += [f"    {_person_line(role)}" for role in item.roles]
    return "\n".join(lines)


def _attendance_text(event: Event) -> str:
    lines = []
    if event.offers_in_person:
        venue = _venue(event)
        lines.append(f"In person: {venue}" if venue else "In person")
    if event.offers_online:
        lines.append("Online via Zoom: the link is sent to confirmed online registrants.")
    return "\n".join(lines)


def _event_description(event: Event, site_url: str, *, personal: list[str] | None = None) -> str:
    blocks: list[str | None] = []
    if event.is_cancelled:
        reason = (event.cancellation_reason or "").strip()
        blocks.append("This event has been cancelled." + (f" {reason}" if reason else ""))
    if personal:
        blocks.append("\n".join(personal))
    blocks += [event.summary, event.description]
    if event.sponsors:
        blocks.append(
            "Sponsors: "
            + "; ".join(f"{s.organization.name} ({s.role_label})" for s in event.sponsors)
        )
    if not personal:
        blocks.append(_attendance_text(event))
    blocks.append(_agenda_text(event))
    blocks.append(event_url(event, site_url))
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


# --- components -------------------------------------------------------------------


class _Zones:
    """The TZIDs a calendar uses and the years it uses them in."""

    def __init__(self) -> None:
        self.years: dict[str, tuple[int, int]] = {}

    def use(self, tzid: str, *instants: datetime) -> None:
        if tzid in _UTC_ZONES:
            return
        zone = ZoneInfo(tzid)
        years = [i.astimezone(zone).year for i in instants]
        lo, hi = self.years.get(tzid, (min(years), max(years)))
        self.years[tzid] = (min(lo, *years), max(hi, *years))

    def lines(self) -> list[str]:
        out: list[str] = []
        for tzid in sorted(self.years):
            out += vtimezone_lines(tzid, *self.years[tzid])
        return out


def _calendar_head(
    lines: _Lines,
    *,
    method: str | None = "PUBLISH",
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
    source: str | None = None,
    refresh: timedelta | None = None,
) -> None:
    lines.raw("BEGIN:VCALENDAR")
    lines.raw("VERSION:2.0")
    lines.raw(f"PRODID:{PRODID}")
    lines.raw("CALSCALE:GREGORIAN")
    if method:
        lines.raw(f"METHOD:{method}")
    if name:
        lines.text("NAME", name)
        lines.text("X-WR-CALNAME", name)
    if description:
        lines.text("DESCRIPTION", description)
        lines.text("X-WR-CALDESC", description)
    if url:
        lines.uri("URL", url, VALUE="URI")
    if source:
        lines.uri("SOURCE", source, VALUE="URI")
    if refresh:
        # RFC 7986 wants VALUE=DURATION spelled out; X-PUBLISHED-TTL is Outlook's name.
        lines.raw(f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}")
        lines.raw(f"X-PUBLISHED-TTL:{_duration(refresh)}")


def _assemble(head: _Lines, zones: _Zones, components: Iterable[list[str]]) -> bytes:
    for line in zones.lines():
        head.raw(line)
    for component in components:
        head.lines.extend(component)
    head.raw("END:VCALENDAR")
    return head.to_bytes()


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
    extra_lines: Sequence[str] = (),
) -> list[str]:
    c = _Lines()
    modified = modified or event_modified(event)
    c.raw("BEGIN:VEVENT")
    c.raw(f"UID:{uid or event_uid(event, site_url)}")
    c.utc("DTSTAMP", modified)
    c.utc("CREATED", event.created_at)
    c.utc("LAST-MODIFIED", modified)
    c.raw(f"SEQUENCE:{event.sequence if sequence is None else sequence}")
    c.local("DTSTART", event.starts_at, event.timezone)
    c.local("DTEND", event.ends_at, event.timezone)
    zones.use(event.timezone, event.starts_at, event.ends_at)
    c.text("SUMMARY", event.title)
    c.text("DESCRIPTION", description or _event_description(event, site_url))
    c.text("LOCATION", location if location is not None else _public_location(event))
    c.uri("URL", event_url(event, site_url), VALUE="URI")
    c.raw(f"STATUS:{status or ('CANCELLED' if event.is_cancelled else 'CONFIRMED')}")
    c.raw("TRANSP:OPAQUE")
    for line in extra_lines:
        c.raw(line)
    c.raw("END:VEVENT")
    return c.lines


def _agenda_item_component(item: AgendaItem, event: Event, site_url: str, zones: _Zones):
    c = _Lines()
    modified = _newest(
        item.updated_at, event.updated_at, *(role.person.updated_at for role in item.roles)
    )
    c.raw("BEGIN:VEVENT")
    c.raw(f"UID:{agenda_item_uid(item, site_url)}")
    c.utc("DTSTAMP", modified)
    c.utc("CREATED", item.created_at)
    c.utc("LAST-MODIFIED", modified)
    c.raw(f"SEQUENCE:{event.sequence}")
    c.local("DTSTART", item.starts_at, event.timezone)
    c.local("DTEND", item.ends_at, event.timezone)
    zones.use(event.timezone, item.starts_at, item.ends_at)
    title = item.title if item.title == item.kind_label else f"{item.kind_label}: {item.title}"
    c.text("SUMMARY", title)
    blocks = [f"Part of {event.title}."]
    if event.is_cancelled:
        blocks.insert(0, "This event has been cancelled.")
    if item.in_person_only:
        blocks.append("In person only: not streamed on Zoom.")
    blocks.append(item.description)
    if item.roles:
        blocks.append("\n".join(_person_line(role) for role in item.roles))
    blocks.append(event_url(event, site_url))
    c.text("DESCRIPTION", "\n\n".join(b.strip() for b in blocks if b and b.strip()))
    c.text("LOCATION", item.location or _public_location(event))
    c.raw(f"RELATED-TO;RELTYPE=PARENT:{event_uid(event, site_url)}")
    c.uri("URL", event_url(event, site_url), VALUE="URI")
    c.raw(f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}")
    c.raw("TRANSP:OPAQUE")
    c.raw("END:VEVENT")
    return c.lines


# --- public builders --------------------------------------------------------------


def event_calendar(event: Event, *, site_url: str) -> bytes:
    """Build the downloadable file for one public event: one VEVENT, no secrets."""
    head, zones = _Lines(), _Zones()
    _calendar_head(head)
    return _assemble(head, zones, [_event_component(event, site_url, zones)])


def agenda_calendar(event: Event, *, site_url: str) -> bytes:
    """Build an event's agenda: one VEVENT per item, each RELATED-TO the event."""
    head, zones = _Lines(), _Zones()
    _calendar_head(head)
    items = [_agenda_item_component(item, event, site_url, zones) for item in event.agenda_items]
    return _assemble(head, zones, items)


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
    head, zones = _Lines(), _Zones()
    _calendar_head(
        head,
        name=name,
        description=description,
        url=url or site_url,
        source=source_url,
        refresh=refresh,
    )
    components = [_event_component(event, site_url, zones) for event in events]
    return _assemble(head, zones, components)


def _registrant_component(
    registration: Registration,
    site_url: str,
    zones: _Zones,
    *,
    cancel: bool = False,
    extra_lines: Sequence[str] = (),
) -> list[str]:
    event = registration.event
    cancelled = cancel or registration.is_cancelled or event.is_cancelled
    personal = [f"Your registration: {registration.mode_label}, {registration.status}."]
    lines = list(extra_lines)
    if registration.is_waitlisted and not cancelled:
        personal.append("You are on the waitlist; we will email you if a place opens.")
    if not cancelled and registration.may_see_zoom and _is_web_url(event.zoom_join_url):
        join = uri_value(event.zoom_join_url)
        personal.append(f"Join on Zoom: {join}")
        if event.zoom_meeting_id:
            personal.append(f"Meeting ID: {event.zoom_meeting_id}")
        if event.zoom_passcode:
            personal.append(f"Passcode: {event.zoom_passcode}")
        # RFC 7986 5.11; FEATURE is a list, so AUDIO,VIDEO must not be quoted.
        lines.append(f"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Zoom:{join}")
    personal.append("This calendar entry is personal to you: please do not share it.")

    if cancelled:
        status = "CANCELLED"
    elif registration.is_waitlisted:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    rank = _STATUS_RANK["cancelled"] if cancel else _STATUS_RANK.get(registration.status, 0)
    return _event_component(
        event,
        site_url,
        zones,
        uid=registration_uid(registration, site_url),
        sequence=event.sequence + rank,
        modified=_newest(event_modified(event), registration.updated_at),
        status=status,
        location=(_venue(event) or "") if registration.mode == "in_person" else "Online via Zoom",
        description=_event_description(event, site_url, personal=personal),
        extra_lines=lines,
    )


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
    head, zones = _Lines(), _Zones()
    _calendar_head(
        head,
        name=f"{event.title} (your registration)",
        description=f"Your registration for {event.title}. Personal to you: do not share.",
        url=event_url(event, site_url),
        refresh=refresh,
    )
    return _assemble(head, zones, [_registrant_component(registration, site_url, zones)])


def registration_invitation(
    registration: Registration,
    *,
    method: Literal["REQUEST", "CANCEL"],
    organizer_email: str,
    site_url: str,
    organizer_name: str | None = None,
) -> bytes:
    """Build an iMIP (RFC 6047) calendar object to attach to a registrant's email.

    ``registration_invitation(registration, *, method, organizer_email, site_url,
    organizer_name=None) -> bytes``

    - ``method``: ``"REQUEST"`` to add or update the entry (after registering, a
      promotion from the waitlist, a change of time or place), ``"CANCEL"`` to
      remove it (the registrant or the organizers cancelled).
    - ``organizer_email``: the address in ``ORGANIZER`` (e.g. the sender of the
      mail); ``organizer_name`` its ``CN``.
    - ``site_url``: the public base URL (``Config["SITE_URL"]``).

    The VEVENT has the same UID as the registrant's private feed, so the entry the
    mail creates and the one the feed shows are one. ``ATTENDEE`` is the
    registrant alone (``RSVP=FALSE``: we do not process replies). ``SEQUENCE`` is
    the event's plus the registration status rank (a CANCEL counts as cancelled),
    so every later message supersedes earlier ones. ``CONFERENCE`` and the Zoom
    details appear only for confirmed online registrants of a live event, and
    never in a CANCEL. Serve it as ``text/calendar; method=<METHOD>; charset=utf-8``.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"method must be REQUEST or CANCEL, not {method!r}")
    cancel = method == "CANCEL"
    organizer = "ORGANIZER"
    if organizer_name:
        organizer += f";CN={param_value(organizer_name)}"
    organizer += f":mailto:{uri_value(organizer_email)}"
    if cancel or registration.is_cancelled:
        partstat = "DECLINED"
    elif registration.is_waitlisted:
        partstat = "TENTATIVE"
    else:
        partstat = "ACCEPTED"
    attendee = (
        f"ATTENDEE;CN={param_value(registration.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT"
        f";PARTSTAT={partstat};RSVP=FALSE:mailto:{uri_value(registration.email)}"
    )
    head, zones = _Lines(), _Zones()
    _calendar_head(head, method=method)
    component = _registrant_component(
        registration, site_url, zones, cancel=cancel, extra_lines=[organizer, attendee]
    )
    return _assemble(head, zones, [component])
