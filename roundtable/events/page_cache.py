"""Public event pages, rendered once per content version, language and seat counts.

An event page is the same for every visitor except its header: seats left,
registration open or closed, "took place", the visitor's own menu. The rest
(agenda, speakers, sponsors, summary, materials, calendar links) only changes
with the event's content, and every such change raises ``Event.calendar_version``
in the same transaction (calendar/changes.py). So the rendered body is kept per
process, keyed by that version: a hit costs no query beyond the event row the
page reads anyway, and it can never be older than the row it was read with.

Visitors who are not signed in and have no message waiting all see the same
whole page for the same event row, seat counts and clock-dependent state, so
that is kept too, keyed by all of them (``whole_page``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from flask import current_app, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from roundtable.cache import app_cache, kept
from roundtable.events import jsonld
from roundtable.events.glance import EventGlance
from roundtable.events.models import Event
from roundtable.events.services import agenda_has_reception, load_content
from roundtable.i18n import current as current_language
from roundtable.i18n import normalize as normalize_language

CACHE_NAME = "roundtable.events.bodies"
DEFAULT_CACHE_BYTES = 8 * 1024 * 1024


def render_body(event: Event) -> Markup:
    """Render the body from the database, whatever is cached."""
    from roundtable.recap.services import public_recap, summary_of

    event = load_content(event)
    return Markup(render_template(
        "events/_event_body.html", event=event, summary=summary_of(event),
        recap=public_recap(event),
    ))


def _key(event: Event | EventGlance) -> tuple:
    # The series' name and slug are in the subscribe links; a rename is not an
    # event change, so they are part of the key rather than of the version.
    # Being past changes the body (the record first, no calendar links).
    return (event.id, event.calendar_version, current_language(), request.script_root,
            event.series_key, event.is_past)


def event_body(event: Event) -> Markup:
    """The body for ``event`` as it is now: from the cache, or rendered and kept."""
    cache = app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", DEFAULT_CACHE_BYTES)
    return Markup(kept(cache, _key(event), lambda: str(render_body(event))))


def site_url(endpoint: str, **values) -> str:
    """The absolute public URL of a page: ``SITE_URL``, as emails and feeds link it."""
    path = url_for(endpoint, **values)[len(request.script_root):]
    return current_app.config["SITE_URL"].rstrip("/") + path


def event_markup(event: Event, audiences, closed: bool) -> Markup:
    """The event's schema.org JSON-LD: its content part kept per version, offers added now.

    ``audiences``: the seats per audience (registration/services.availability);
    ``closed``: registration is closed, so no offer is available.
    """
    cache = app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", DEFAULT_CACHE_BYTES)
    page_url = site_url("events.event_page", slug=event.slug)

    def build() -> str:
        content = jsonld.event_content(
            load_content(event), page_url=page_url,
            org_url=lambda slug: site_url("orgs.organization_page", slug=slug))
        return json.dumps(content, ensure_ascii=False)

    data = json.loads(kept(cache, ("markup", *_key(event)), build))
    if not event.is_cancelled and not event.is_past:
        data["offers"] = jsonld.offers(
            event, audiences, closed=closed,
            register_url=site_url("registration.register", slug=event.slug),
            currency=current_app.config.get("EVENT_PRICE_CURRENCY", "USD"))
    return jsonld.script_text(data)


def has_reception(event: EventGlance) -> bool:
    """Whether the agenda has a reception, kept per content version like the body.

    The registration form asks on every request, a rush's POSTs included; an agenda
    change raises ``calendar_version``, so a kept answer is never older than the row.
    """
    cache = app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", DEFAULT_CACHE_BYTES)
    # Kept as text: the cache holds sized values, and None would read as a miss.
    answer = kept(cache, ("reception", event.id, event.calendar_version),
                  lambda: "yes" if agenda_has_reception(event.id) else "no")
    return answer == "yes"


def _shared_view() -> bool:
    """Whether this visitor sees what any anonymous visitor sees on this URL."""
    # Only ?lang= is part of the page (its switch links); other arguments would
    # only multiply copies of the same page.
    return (not current_user.is_authenticated and "_flashes" not in session
            and set(request.args) <= {"lang"})


def whole_page(event: EventGlance, render: Callable[[], str], *state: Hashable) -> str:
    """The page ``render()`` makes, kept for anonymous visitors under ``state``.

    ``state`` must name everything the page shows beyond the event row and its
    content: the seat counts, the registration's closed reason, the event being past.
    """
    if not _shared_view():
        return render()
    cache = app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", DEFAULT_CACHE_BYTES)
    # The language asked for, normalised: ?lang=es-MX or ?lang=esXYZ is the page
    # ?lang=es is, and must not make another copy of it.
    asked = normalize_language(request.args.get("lang"))
    return kept(cache, ("page", *_key(event), request.path, asked, *state), render)
