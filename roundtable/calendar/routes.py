"""Calendar files and feeds, with HTTP caching that answers 304 before building."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask import Response, current_app, g, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from roundtable import downloads
from roundtable.cache import SizedLRU, app_cache, kept
from roundtable.calendar import bp, ics, links, services, store
from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.events.services import get_series_by_slug
from roundtable.extensions import db
from roundtable.i18n import current, in_language, localized, normalize
from roundtable.markdown import markdown_to_text
from roundtable.orgs.services import get_organization_by_slug
from roundtable.registration.tokens import find_registration

MIMETYPE = "text/calendar"
# RFC 5545 3.7.2: the method parameter matches the body's METHOD.
CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"
CACHE_KEY = "roundtable.calendar.built"
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024


def _built_cache() -> SizedLRU | None:
    """Public calendars already built, by path and ETag (never the private feeds).

    Many calendar apps poll without If-None-Match; this lets them cost one
    version lookup instead of an assembly. Keyed by the ETag, it is exactly as
    fresh as the 304 answers are.
    """
    return app_cache(CACHE_KEY, "CALENDAR_CACHE_BYTES", DEFAULT_CACHE_BYTES)


def _site_url() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def _build_key() -> str:
    return store.build_key(_site_url())


def _not_found() -> Response:
    """A 404 nobody should keep: feeds are polled, and a slug may be published later."""
    return Response(
        "Not found\n", 404, mimetype="text/plain", headers={"Cache-Control": "no-store"}
    )


def _serve(
    validators: services.Validators,
    build: Callable[[], bytes],
    *,
    filename: str,
    attachment: bool,
    private: bool = False,
) -> Response:
    """Answer 304 when the client's copy is current; otherwise build and send."""
    validators = _since_build(validators)
    response = Response(status=200, mimetype=MIMETYPE)
    response.set_etag(validators.etag)
    if _settled(validators.last_modified):
        response.last_modified = validators.last_modified.replace(microsecond=0)
    response.headers["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    if private:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    else:
        # Shared caches may keep it: no session cookie, no Vary: Cookie.
        g.public_response = True

    if _not_modified(validators):
        response.status_code = 304
        response.headers.pop("Content-Type", None)
        response.set_data(b"")
        return response

    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = downloads.content_disposition(filename, disposition)
    cache = None if private else _built_cache()
    response.set_data(kept(cache, (request.path, validators.etag), build))
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


def _save_pieces() -> None:
    """Commit the pieces a build stored; if another worker raced us, theirs will do."""
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()


def _assembled(where, kind: str, feed: dict | None = None) -> bytes:
    """Assemble a calendar from stored pieces (building and storing missing ones)."""
    data = ics.assemble(store.pieces(where, kind, site_url=_site_url()), feed=feed)
    _save_pieces()
    return data


def _since_build(validators: services.Validators) -> services.Validators:
    """Last-Modified no earlier than the build that renders it (a release, a new sender)."""
    if validators.last_modified is None:
        return validators
    since = store.build_since(_build_key())
    return replace(validators, last_modified=max(validators.last_modified, since))


def _settled(last_modified: datetime | None) -> bool:
    """Whether a Last-Modified may be sent: not while its second is still running.

    HTTP dates have whole seconds, so a second change within the same second
    would carry the same date, and a client that sends only If-Modified-Since
    would keep the first version. Until the second is over, the ETag alone
    validates (RFC 9110 8.8.2.2 calls such a date weak).
    """
    if last_modified is None:
        return False
    return last_modified.replace(microsecond=0) < utcnow().replace(microsecond=0)


def _not_modified(validators: services.Validators) -> bool:
    # RFC 9110 13.2.2: If-None-Match, when present, decides alone.
    if request.if_none_match:
        return request.if_none_match.contains_weak(validators.etag)
    since = request.if_modified_since
    if since is not None and validators.last_modified is not None:
        return validators.last_modified.replace(microsecond=0) <= since
    return False


def _lang_query() -> str:
    """'?lang=es' on a Spanish feed's own URLs; nothing for the default language."""
    return "" if current() == "en" else f"?lang={current()}"


def _filename(slug: str, suffix: str = "") -> str:
    # Slugs are [a-z0-9-]; anything else is dropped so the header stays simple.
    safe = "".join(c for c in slug if c.isascii() and (c.isalnum() or c in "-_")) or "calendar"
    return f"{safe}{suffix}.ics"


@bp.route("/events/<slug>.ics")
def event_file(slug: str):
    """Download one event as an .ics file."""
    where = services.slug_filter(slug)
    validators = services.event_validators(where, "event", _build_key())
    if not validators.count:
        return _not_found()

    def build() -> bytes:
        return _assembled(where, "event")

    return _serve(validators, build, filename=_filename(slug), attachment=True)


@bp.route("/events/<slug>/agenda.ics")
def agenda_file(slug: str):
    """Download an event's agenda, one calendar entry per item."""
    where = services.slug_filter(slug)
    validators = services.event_validators(where, "agenda", _build_key())
    if not validators.count:
        return _not_found()

    def build() -> bytes:
        return _assembled(where, "agenda")

    return _serve(validators, build, filename=_filename(slug, downloads.agenda_suffix()),
                  attachment=True)


def _feed(where, *, name: str, description: str | None, page_url: str, filename: str, extra=()):
    validators = services.site_validators(
        "feed", request.path, name, description or "", _build_key(), *extra
    )

    def build() -> bytes:
        header = ics.feed_header(
            site_url=_site_url(),
            name=name,
            description=description,
            source_url=_site_url() + request.path + _lang_query(),
            url=page_url,
        )
        return _assembled(where, "event", header)

    return _serve(validators, build, filename=filename, attachment=False)


@bp.route("/calendar.ics")
def site_feed():
    """Subscribe to every public event."""
    return _feed(
        services.public_event_filter(),
        name=_("Roundtable events"),
        description=_("Every published event on Roundtable. Cancelled events are marked so."),
        page_url=_site_url() + url_for("events.index"),
        filename="roundtable.ics",
    )


@bp.route("/organizations/<slug>/calendar.ics")
def organization_feed(slug: str):
    """Subscribe to the public events an organization hosts or sponsors."""
    org = get_organization_by_slug(slug)
    if org is None:
        return _not_found()
    return _feed(
        services.organization_filter(org),
        name=localized(org, "name"),
        description=_("Events hosted or sponsored by %(name)s.", name=localized(org, "name")),
        page_url=_site_url() + url_for("orgs.organization_page", slug=org.slug),
        filename=_filename(org.slug),
        extra=(org.id, org.updated_at),
    )


@bp.route("/series/<slug>/calendar.ics")
def series_feed(slug: str):
    """Subscribe to every edition of a series."""
    series = get_series_by_slug(slug)
    if series is None:
        return _not_found()
    return _feed(
        Event.series_id.is_not(None) & services.series_filter(series),
        name=localized(series, "name"),
        description=(markdown_to_text(localized(series, "description")).strip()
                     or _("Editions of %(name)s.", name=localized(series, "name"))),
        page_url=_site_url() + url_for("events.series_page", slug=series.slug),
        filename=_filename(series.slug),
        extra=(series.id, series.updated_at),
    )


@bp.route("/registrations/<token>/calendar.ics")
def registration_feed(token: str):
    """Subscribe to one's own registration: private, with Zoom for confirmed online."""
    registration = find_registration(token)
    if registration is None:
        return _not_found()
    # In the language they registered in, unless the link asks for another.
    with in_language(normalize(request.args.get("lang")) or registration.language):
        validators = services.registration_validators(registration, _build_key())
        if not validators.count:
            return _not_found()
        registration_id = registration.id

        def build() -> bytes:
            loaded = services.load_registration(registration_id)
            with in_language(normalize(request.args.get("lang")) or loaded.language):
                return ics.registration_calendar(loaded, site_url=_site_url())

        return _serve(validators, build, filename=downloads.registration_feed_name(),
                      attachment=False, private=True)


@bp.app_template_global()
def calendar_links(event: Event) -> links.CalendarLinks:
    """Add-to-calendar and subscribe URLs for an event page."""
    return links.for_event(event, site_url=_site_url())


@bp.app_template_global()
def site_feed_links() -> links.FeedLink:
    """Subscribe URLs for the site-wide feed."""
    return links.feed_link(_site_url() + url_for("calendar.site_feed"))


@bp.app_template_global()
def registration_feed_links(token: str) -> links.FeedLink:
    """Subscribe URLs for a registrant's private feed (the token is the secret)."""
    path = url_for("calendar.registration_feed", token=token)
    return links.feed_link(_site_url() + path, _("Your registration"))
