"""The public read-only API: published events, series and organizations. No token."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime, time, timedelta

from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from roundtable.api import conditional, present, versions
from roundtable.api import schemas as s
from roundtable.db_types import utcnow
from roundtable.events.models import Event, EventSeries
from roundtable.events.services import load_content, public_events
from roundtable.extensions import db, limiter
from roundtable.i18n import current
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.validation import MAX_ID

bp = Blueprint("api_public", __name__, url_prefix="/api/v1",
               description="Published events, their agenda, series and organizations. "
                           "No token needed.")
# Per client address (the one ProxyFix trusts), one count shared by every public route,
# added once per process like the organizer API's per-token limit: a limit added in
# create_app would pile up one more per app made (each test makes one).
limiter.shared_limit(lambda: current_app.config["API_PUBLIC_RATE_LIMIT"], scope="api_public",
                     key_func=lambda: request.remote_addr or "")(bp)
RATE_LIMITED = {
    "schema": s.Error,
    "description": "rate_limited: more than API_PUBLIC_RATE_LIMIT requests from this "
                   "address (default 300 per minute).",
    "headers": {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"}}},
}


def _cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _bad_cursor():
    abort(400, code="invalid_cursor",
          message=_("This cursor is not one this API gave; start again from the first page."))


def _read_cursor(text: str | None, length: int) -> list | None:
    if not text:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != length:
        _bad_cursor()
    return values


def _cursor_id(value) -> int:
    """A cursor's id: an int a row's id may be (beyond it, SQLite and PostgreSQL raise)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        _bad_cursor()
    return value


def _cursor_time(value) -> datetime:
    """A cursor's time: ISO 8601 with its zone, in the years a UTC datetime holds."""
    try:
        at = datetime.fromisoformat(value)
        if at.tzinfo is None:
            raise ValueError(value)
        return at.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        _bad_cursor()


def _next_link(endpoint: str, args: dict, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    kept = {k: v for k, v in request.args.items() if k != "cursor"}
    return present.site(endpoint, **(request.view_args or {}), **kept, cursor=cursor)


def _page(endpoint: str, args: dict, rows: list, limit: int, cursor_of, show) -> dict:
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = cursor_of(rows[-1]) if more and rows else None
    return {"data": [show(row) for row in rows],
            "links": {"self_": present.site(endpoint, **(request.view_args or {}),
                                            **request.args),
                      "next": _next_link(endpoint, args, cursor)}}


def _site_versioned(*extra):
    """Validators from the site's content version; a 304 if the client's copy is current."""
    version, changed_at = versions.site()
    etag = conditional.etag_of(version, request.path, sorted(request.args.items(multi=True)),
                               current(), *extra)
    return etag, changed_at, conditional.not_modified(etag, changed_at)


@bp.route("/")
@bp.arguments(s.LanguageArgs, location="query", as_kwargs=True)
@bp.response(200, s.Root)
@bp.alt_response(429, **RATE_LIMITED)
def root(**args):
    """Where everything is."""
    return {"events": present.site("api_public.events"),
            "series": present.site("api_public.series_list"),
            "organizations": present.site("api_public.organizations"),
            "openapi": present.site("api-docs.openapi_json"),
            "docs": present.site("api_docs_page.docs")}


def _instant_of(day, end: bool) -> datetime:
    return datetime.combine(day + timedelta(days=1) if end else day, time(), tzinfo=UTC)


@bp.route("/events")
@bp.arguments(s.EventListArgs, location="query")
@bp.response(200, s.EventPage)
@bp.alt_response(429, **RATE_LIMITED)
def events(args):
    """Published (and cancelled) events, oldest first; filter by dates, series, organization.

    Pages follow `links.next` until it is null. The order is by start, then id, and
    stays stable while you page.
    """
    etag, stamp, unchanged = _site_versioned()
    if unchanged:
        return unchanged
    query = public_events()
    if args.get("from_"):
        query = query.where(Event.ends_at >= _instant_of(args["from_"], end=False))
    if args.get("to"):
        query = query.where(Event.starts_at < _instant_of(args["to"], end=True))
    if args.get("series"):
        query = query.where(Event.series.has(EventSeries.slug == args["series"]))
    if args.get("organization"):
        query = query.where(Event.sponsors.any(
            EventSponsor.organization.has(Organization.slug == args["organization"])))
    after = _read_cursor(args.get("cursor"), 2)
    if after is not None:
        start, event_id = _cursor_time(after[0]), _cursor_id(after[1])
        query = query.where(or_(Event.starts_at > start,
                                (Event.starts_at == start) & (Event.id > event_id)))
    limit = args["limit"]
    rows = list(db.session.scalars(
        query.options(selectinload(Event.series)).order_by(Event.starts_at, Event.id)
        .limit(limit + 1)))
    page = _page("api_public.events", args, rows, limit,
                 lambda e: _cursor(e.starts_at.isoformat(), e.id), present.event_summary)
    return page, 200, conditional.headers(etag, stamp)


@bp.route("/events/<slug>")
@bp.arguments(s.LanguageArgs, location="query", as_kwargs=True)
@bp.response(200, s.EventDetail)
@bp.alt_response(429, **RATE_LIMITED)
@bp.alt_response(404, schema=s.Error, description="No public event has this slug.")
def event_detail(slug: str, **args):
    """One event: schedule, venue, format, seats left per audience, registration state,
    agenda with people and roles, co-sponsors and series."""
    now = utcnow()
    seen = versions.event(slug)
    if seen is None:
        abort(404, code="not_found", message=_("No public event has this slug."))
    state = present.registration_state(seen, now)
    seats = sorted(seen.counts.items())
    etag = conditional.etag_of(seen.id, seen.calendar_version, seen.status, seats, state,
                               current())
    stamp = seen.last_modified(now)
    unchanged = conditional.not_modified(etag, stamp)
    if unchanged:
        return unchanged
    event = load_content(db.session.get(Event, seen.id))
    return present.event_detail(event, seen.counts, now), 200, conditional.headers(etag, stamp)


def _by_id_page(model, endpoint, args, show):
    etag, stamp, unchanged = _site_versioned()
    if unchanged:
        return unchanged
    after = _read_cursor(args.get("cursor"), 1)
    query = select(model).order_by(model.id)
    if after is not None:
        query = query.where(model.id > _cursor_id(after[0]))
    limit = args["limit"]
    rows = list(db.session.scalars(query.limit(limit + 1)))
    page = _page(endpoint, args, rows, limit, lambda row: _cursor(row.id), show)
    return page, 200, conditional.headers(etag, stamp)


@bp.route("/series")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, s.SeriesPage)
@bp.alt_response(429, **RATE_LIMITED)
def series_list(args):
    """Every series (recurring events such as an annual roundtable), by id."""
    return _by_id_page(EventSeries, "api_public.series_list", args, present.series)


@bp.route("/series/<slug>")
@bp.arguments(s.LanguageArgs, location="query", as_kwargs=True)
@bp.response(200, s.SeriesSummary)
@bp.alt_response(429, **RATE_LIMITED)
@bp.alt_response(404, schema=s.Error, description="No series has this slug.")
def series_detail(slug: str, **args):
    """One series; its editions are at `events_url`."""
    etag, stamp, unchanged = _site_versioned()
    if unchanged:
        return unchanged
    found = db.session.scalar(select(EventSeries).where(EventSeries.slug == slug))
    if found is None:
        abort(404, code="not_found", message=_("No series has this slug."))
    return present.series(found), 200, conditional.headers(etag, stamp)


@bp.route("/organizations")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, s.OrganizationPage)
@bp.alt_response(429, **RATE_LIMITED)
def organizations(args):
    """Every organization (hosts, co-sponsors, partners), by id."""
    return _by_id_page(Organization, "api_public.organizations", args, present.organization)


@bp.route("/organizations/<slug>")
@bp.arguments(s.LanguageArgs, location="query", as_kwargs=True)
@bp.response(200, s.OrganizationSummary)
@bp.alt_response(429, **RATE_LIMITED)
@bp.alt_response(404, schema=s.Error, description="No organization has this slug.")
def organization_detail(slug: str, **args):
    """One organization; the events it takes part in are at `events_url`."""
    etag, stamp, unchanged = _site_versioned()
    if unchanged:
        return unchanged
    found = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if found is None:
        abort(404, code="not_found", message=_("No organization has this slug."))
    return present.organization(found), 200, conditional.headers(etag, stamp)



