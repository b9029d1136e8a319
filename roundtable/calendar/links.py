"""Add-to-calendar and subscribe URLs, built here so templates only print them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from flask_babel import gettext as _

from roundtable import labels
from roundtable.calendar import ics
from roundtable.i18n import calendar_link, localized

if TYPE_CHECKING:
    from roundtable.events.models import Event

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"
# Calendar apps cut long template URLs; the .ics file carries the full text.
_DETAILS_LIMIT = 1000


@dataclass(frozen=True)
class FeedLink:
    """One feed: its https address (copy into any app) and its webcal:// address."""

    label: str
    https: str
    webcal: str


@dataclass(frozen=True)
class CalendarLinks:
    ics: str
    agenda_ics: str | None
    google: str
    outlook: str
    subscribe: tuple[FeedLink, ...]


def webcal(url: str) -> str:
    """The webcal:// form of an http(s) feed URL, which opens the subscribe dialog."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def with_language(url: str) -> str:
    """``url`` with ``?lang=es`` when the reader reads Spanish: feeds are chosen by URL."""
    return calendar_link(url)


def feed_link(https_url: str, label: str | None = None) -> FeedLink:
    https_url = with_language(https_url)
    return FeedLink(label=label or _("All events"), https=https_url, webcal=webcal(https_url))


def _details(event: Event, site_url: str) -> str:
    text = (localized(event, "summary") or "").strip()
    url = ics.event_url(event, site_url)
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 1].rstrip() + "…"
    return f"{text}\n\n{url}" if text else url


def _location(event: Event) -> str:
    if event.offers_in_person:
        parts = [localized(event, "venue_name"), localized(event, "venue_room"),
                 event.venue_address]
        return ", ".join(p for p in parts if p)
    return labels.mode_label("online")


def google_url(event: Event, site_url: str) -> str:
    """A Google Calendar 'create event' link, in UTC with the event's zone as ctz."""
    fmt = "%Y%m%dT%H%M%SZ"
    params = {
        "action": "TEMPLATE",
        "text": localized(event, "title"),
        "dates": f"{event.starts_at.astimezone(UTC):{fmt}}/{event.ends_at.astimezone(UTC):{fmt}}",
        "details": _details(event, site_url),
        "location": _location(event),
        "ctz": event.timezone,
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(params, quote_via=quote)}"


def outlook_url(event: Event, site_url: str) -> str:
    """An Outlook.com 'compose event' deep link."""

    def iso(dt: datetime) -> str:
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": localized(event, "title"),
        "startdt": iso(event.starts_at),
        "enddt": iso(event.ends_at),
        "body": _details(event, site_url),
        "location": _location(event),
    }
    return f"{OUTLOOK_COMPOSE}?{urlencode(params, quote_via=quote)}"


def for_event(event: Event, *, site_url: str) -> CalendarLinks:
    """Every calendar link an event page offers."""
    base = site_url.rstrip("/")
    slug = quote(event.slug)
    subscribe = []
    if event.series is not None:
        subscribe.append(
            feed_link(f"{base}/series/{quote(event.series.slug)}/calendar.ics",
                      localized(event.series, "name"))
        )
    for sponsor in event.sponsors:
        org = sponsor.organization
        url = f"{base}/organizations/{quote(org.slug)}/calendar.ics"
        subscribe.append(feed_link(url, localized(org, "name")))
    return CalendarLinks(
        ics=with_language(f"{base}/events/{slug}.ics"),
        agenda_ics=(with_language(f"{base}/events/{slug}/agenda.ics")
                    if event.agenda_items else None),
        google=google_url(event, site_url),
        outlook=outlook_url(event, site_url),
        subscribe=tuple(subscribe),
    )
