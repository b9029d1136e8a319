"""Public records as the API shows them: plain dicts, in the request's language.

Only what public pages show: never the Zoom meeting, a contact or anyone's email,
nor a draft (callers pass public events only).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for

from roundtable.i18n import content_language, localized
from roundtable.registration.services import availability, closed_reason


def site(endpoint: str, **values) -> str:
    """An absolute URL on the public site (``SITE_URL``), as emails and feeds link."""
    from flask import request

    path = url_for(endpoint, **values)[len(request.script_root):]
    return current_app.config["SITE_URL"].rstrip("/") + path


def instant(value: datetime | None, zone) -> str | None:
    return value.astimezone(zone).isoformat() if value is not None else None


def series_ref(series) -> dict | None:
    if series is None:
        return None
    return {"id": series.id, "slug": series.slug, "name": localized(series, "name"),
            "url": site("events.series_page", slug=series.slug),
            "api_url": site("api_public.series_detail", slug=series.slug)}


def organization_ref(org) -> dict:
    return {"id": org.id, "slug": org.slug, "name": localized(org, "name"),
            "short_name": localized(org, "short_name"),
            "website": org.website, "url": site("orgs.organization_page", slug=org.slug),
            "api_url": site("api_public.organization_detail", slug=org.slug)}


def organization(org) -> dict:
    return {**organization_ref(org), "description": localized(org, "description"),
            "events_url": site("api_public.events", organization=org.slug)}


def series(found) -> dict:
    return {"id": found.id, "slug": found.slug, "name": localized(found, "name"),
            "description": localized(found, "description"),
            "url": site("events.series_page", slug=found.slug),
            "api_url": site("api_public.series_detail", slug=found.slug),
            "events_url": site("api_public.events", series=found.slug)}


def event_summary(event) -> dict:
    return {
        "id": event.id, "slug": event.slug,
        "title": localized(event, "title"), "summary": localized(event, "summary"),
        "language": content_language(event, "title"),
        "status": event.status, "format": event.format, "format_label": event.format_label,
        "starts_at": instant(event.starts_at, event.tz),
        "ends_at": instant(event.ends_at, event.tz),
        "timezone": event.timezone, "edition": event.edition,
        "series": series_ref(event.series),
        "organizations": [{**organization_ref(s.organization), "role": s.role,
                           "role_label": s.role_label} for s in event.sponsors],
        "url": site("events.event_page", slug=event.slug),
        "api_url": site("api_public.event_detail", slug=event.slug),
    }


def registration_state(event, now: datetime) -> str:
    """The registration's state as a code, by the same rules as closed_reason()."""
    if event.is_cancelled:
        return "cancelled"
    if event.ends_at <= now:
        return "past"
    if event.starts_at <= now:
        return "under_way"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet_open"
    if event.registration_closes_at and now >= event.registration_closes_at:
        return "closed"
    return "open"


def _person(role) -> dict:
    person = role.person
    return {"id": person.id, "name": person.name, "honorific": person.honorific,
            "display_name": person.display_name, "position": localized(person, "position"),
            "affiliation": person.affiliation, "role": role.role,
            "role_label": role.role_label}


def _agenda_item(item, zone) -> dict:
    return {"id": item.id, "kind": item.kind, "kind_label": str(item.kind_label),
            "title": localized(item, "title"), "description": localized(item, "description"),
            "starts_at": instant(item.starts_at, zone), "ends_at": instant(item.ends_at, zone),
            "location": localized(item, "location"), "in_person_only": item.in_person_only,
            "people": [_person(role) for role in item.roles]}


def event_detail(event, counts: dict, now: datetime) -> dict:
    """An event with everything its public page shows; ``counts`` from the glance."""
    venue = None
    if event.offers_in_person and (event.venue_name or event.venue_address):
        venue = {"name": event.venue_name, "room": event.venue_room,
                 "address": event.venue_address}
    return {
        **event_summary(event),
        "description": localized(event, "description"),
        "cancellation_reason": event.cancellation_reason if event.is_cancelled else None,
        "venue": venue,
        "registration": {
            "state": registration_state(event, now),
            "message": closed_reason(event, now),
            "opens_at": instant(event.registration_opens_at, event.tz),
            "closes_at": instant(event.registration_closes_at, event.tz),
            "url": site("registration.register", slug=event.slug),
        },
        "audiences": [{"mode": a.mode, "label": a.label, "capacity": a.capacity,
                       "seats_left": a.seats_left, "waitlisted": a.waitlisted,
                       "full": a.is_full} for a in availability(event, counts)],
        "agenda": [_agenda_item(item, event.tz) for item in event.agenda_items],
        "calendar_url": site("calendar.event_file", slug=event.slug),
    }
