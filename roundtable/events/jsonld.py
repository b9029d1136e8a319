"""schema.org markup for public event and series pages (JSON-LD), as search engines read it.

Pure builders: a loaded event (its agenda, people and sponsors), absolute URLs and
the seats left in, plain dicts out. The event's content part depends only on its
content version and the reader's language, so the page keeps it with the page body
(events/page_cache.py); the offers depend on the seat counts and are added per render.
The virtual location is always the public page, never the Zoom link.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from markupsafe import Markup

from roundtable.db_types import utcnow
from roundtable.events.models import EventFormat
from roundtable.i18n import content_language, localized
from roundtable.markdown import markdown_to_text
from roundtable.orgs.models import SponsorRole

if TYPE_CHECKING:
    from roundtable.events.models import Event, EventSeries
    from roundtable.registration.services import Availability

SCHEMA = "https://schema.org/"
CONTEXT = "https://schema.org"

ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: "OfflineEventAttendanceMode",
    EventFormat.ONLINE: "OnlineEventAttendanceMode",
    EventFormat.HYBRID: "MixedEventAttendanceMode",
}

def _instant(value: datetime, zone) -> str:
    """ISO 8601 in the event's own zone, with its offset (Google wants the offset)."""
    return value.astimezone(zone).isoformat()


def attendance_mode(event_format: str) -> str:
    return SCHEMA + ATTENDANCE_MODES[EventFormat(event_format)]


def event_status(event: Event) -> str:
    """Cancelled, moved online, rescheduled, or scheduled — in that order of weight."""
    if event.is_cancelled:
        return SCHEMA + "EventCancelled"
    if event.previous_format and event.format == EventFormat.ONLINE:
        return SCHEMA + "EventMovedOnline"
    if event.previous_starts_at and event.previous_starts_at != event.starts_at:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _place(event: Event) -> dict | None:
    if not (event.venue_name or event.venue_address):
        return None
    name = ", ".join(part for part in (localized(event, "venue_name"),
                                       localized(event, "venue_room")) if part)
    place: dict = {"@type": "Place", "name": name or event.venue_address}
    if event.venue_address:
        # The address is kept as one line; schema.org's streetAddress holds it whole.
        place["address"] = {"@type": "PostalAddress", "streetAddress": event.venue_address}
    return place


def _locations(event: Event, page_url: str) -> list[dict]:
    locations = []
    if event.offers_in_person and (place := _place(event)):
        locations.append(place)
    if event.offers_online:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    return locations


def _organization(org, fallback_url: str) -> dict:
    return {"@type": "Organization", "name": localized(org, "name"),
            "url": org.website or fallback_url}


def _people(roles: Iterable) -> list[dict]:
    """Each person once, in agenda order, with their position and institution."""
    seen, people = set(), []
    for role in roles:
        person = role.person
        if person.id in seen:
            continue
        seen.add(person.id)
        entry: dict = {"@type": "Person", "name": person.display_name}
        if position := localized(person, "position"):
            entry["jobTitle"] = position
        if affiliation := localized(person, "affiliation"):
            entry["affiliation"] = {"@type": "Organization", "name": affiliation}
        people.append(entry)
    return people


def _sub_event(event: Event, item, page_url: str) -> dict:
    mode = EventFormat.IN_PERSON if item.in_person_only else event.format
    sub: dict = {
        "@type": "Event",
        "name": localized(item, "title") or item.kind_label,
        "startDate": _instant(item.starts_at, event.tz),
        "endDate": _instant(item.ends_at, event.tz),
        "eventAttendanceMode": attendance_mode(mode),
        "url": page_url,
    }
    if description := localized(item, "description"):
        sub["description"] = markdown_to_text(description).strip()
    if performers := _people(item.roles):
        sub["performer"] = performers
    return sub


def event_content(event: Event, *, page_url: str, org_url) -> dict:
    """What the markup says that only changes with the event's content and language.

    ``org_url(slug)``: the absolute URL of an organization's page on this site,
    for organizations that give no website of their own.
    """
    data: dict = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": page_url + "#event",
        "name": localized(event, "title"),
        "url": page_url,
        "startDate": _instant(event.starts_at, event.tz),
        "endDate": _instant(event.ends_at, event.tz),
        "eventAttendanceMode": attendance_mode(event.format),
        "eventStatus": event_status(event),
        "inLanguage": content_language(event, "title"),
    }
    if event_status(event) == SCHEMA + "EventRescheduled":
        data["previousStartDate"] = _instant(event.previous_starts_at, event.tz)
    # Descriptions are Markdown: search engines get the readable text.
    if description := localized(event, "description") or localized(event, "summary"):
        data["description"] = markdown_to_text(description).strip()
    if locations := _locations(event, page_url):
        data["location"] = locations[0] if len(locations) == 1 else locations
    hosts = [s for s in event.sponsors if s.role == SponsorRole.HOST]
    others = [s for s in event.sponsors if s.role != SponsorRole.HOST]
    # Without a host, the co-sponsors are who put the event on; without any, its contact.
    organizers = [_organization(s.organization, org_url(s.organization.slug))
                  for s in hosts or others]
    if not organizers and event.contact_name:
        organizers = [{"@type": "Organization", "name": event.contact_name, "url": page_url}]
    if organizers:
        data["organizer"] = organizers
    if others:
        data["sponsor"] = [_organization(s.organization, org_url(s.organization.slug))
                           for s in others]
    roles = [role for item in event.agenda_items for role in item.roles]
    if performers := _people(roles):
        data["performer"] = performers
    if event.agenda_items:
        data["subEvent"] = [_sub_event(event, item, page_url) for item in event.agenda_items]
    return data


def availability_of(audience: Availability) -> str:
    left = audience.seats_left
    if left == 0:
        return SCHEMA + "SoldOut"
    if audience.is_scarce:  # the page's own rule for "Only 3 seats left"
        return SCHEMA + "LimitedAvailability"
    return SCHEMA + "InStock"


def offers(event, audiences: list[Availability], *, closed: bool, register_url: str,
           currency: str) -> list[dict]:
    """One free offer per audience, available as its seats say.

    ``closed``: registration is closed. Before it opens, the offer is still listed
    with its seats and ``validFrom``; after it closes, nothing is available.
    """
    found = []
    opens_later = closed and event.registration_opens_at is not None \
        and event.registration_opens_at > utcnow()
    for audience in audiences:
        offer: dict = {
            "@type": "Offer",
            "name": audience.label,
            "price": 0,
            "priceCurrency": currency,
            "availability": (SCHEMA + "SoldOut" if closed and not opens_later
                             else availability_of(audience)),
            "url": register_url,
        }
        if event.registration_opens_at:
            offer["validFrom"] = _instant(event.registration_opens_at, event.tz)
        found.append(offer)
    return found


def series_markup(series: EventSeries, editions: list[Event], *, page_url: str,
                  event_url) -> dict:
    """An EventSeries with its public editions as subEvents (linked by their pages)."""
    data: dict = {
        "@context": CONTEXT,
        "@type": "EventSeries",
        "@id": page_url + "#series",
        "name": localized(series, "name"),
        "url": page_url,
    }
    if description := localized(series, "description"):
        data["description"] = markdown_to_text(description).strip()
    if editions:
        data["subEvent"] = [{
            "@type": "Event",
            "@id": event_url(e.slug) + "#event",
            "name": localized(e, "title"),
            "url": event_url(e.slug),
            "startDate": _instant(e.starts_at, e.tz),
            "endDate": _instant(e.ends_at, e.tz),
            "eventAttendanceMode": attendance_mode(e.format),
            "eventStatus": event_status(e),
        } for e in editions]
    return data


def script_text(data: dict) -> Markup:
    """JSON for inside <script type="application/ld+json">: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # JSON allows these escapes anywhere in a string; HTML then never sees a tag or entity.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
