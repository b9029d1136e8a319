"""The organizer API: registrations, check-in and attendance of the token owner's events.

Every write goes through the same registration services as the web forms (capacity,
waitlist, one live registration per email, emails queued in the outbox) and is
committed by ``idempotent``, which also answers a repeated Idempotency-Key.
"""

from __future__ import annotations

import uuid
from datetime import UTC

from flask import current_app, g
from flask_babel import gettext as _
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from roundtable import folding
from roundtable.api import present
from roundtable.api import schemas as s
from roundtable.api.auth import BEARER, managed_event_or_404, rate_key, token_required
from roundtable.api.idempotency import DOC as IDEMPOTENCY
from roundtable.api.idempotency import idempotent
from roundtable.api.public import _cursor, _cursor_id, _page, _read_cursor
from roundtable.attendance import report
from roundtable.db_types import utcnow
from roundtable.events.services import events_managed_by
from roundtable.extensions import db, limiter
from roundtable.registration import door_sync, services
from roundtable.registration.models import Registration

bp = Blueprint("api_organizer", __name__, url_prefix="/api/v1",
               description="With a personal token (Authorization: Bearer rt_…), the events "
                           "its organizer manages: registrations, check-in, attendance.")
# Once per process, not per app: a limit added in create_app would pile up one more limit
# per app made (each test makes one), all counting the same requests.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(bp)

WRITE_DOC = {"security": BEARER, "parameters": [IDEMPOTENCY]}


def registration_json(registration: Registration, positions: dict | None = None) -> dict:
    zone = registration.event.tz
    position = (positions.get(registration.id) if positions is not None
                else services.waitlist_position(registration))
    return {
        "id": registration.id, "event_id": registration.event_id, "name": registration.name,
        "email": registration.email, "affiliation": registration.affiliation,
        "mode": registration.mode, "mode_label": registration.mode_label,
        "status": registration.status, "status_label": registration.status_label,
        "waitlist_position": position, "is_walk_in": registration.is_walk_in,
        "attends_reception": registration.attends_reception,
        "language": registration.language,
        "created_at": present.instant(registration.created_at, zone),
        "updated_at": present.instant(registration.updated_at, zone),
        "checked_in_at": present.instant(registration.checked_in_at, zone),
        "cancelled_at": present.instant(registration.cancelled_at, zone),
    }


def _refused(error: services.RegistrationError):
    if isinstance(error, services.NeedsConfirmation):
        abort(409, code="needs_confirmation", message=str(error))
    abort(422, code="registration_refused", message=str(error))


def _registration_or_404(event_id: int, registration_id: int) -> Registration:
    event = managed_event_or_404(event_id)
    registration = services.get_registration_of_event(event.id, registration_id)
    if registration is None:
        abort(404, code="not_found", message=_("This event has no registration with this id."))
    return registration


@bp.route("/me")
@token_required("")
@bp.response(200, s.TokenInfo)
@bp.doc(security=BEARER)
def me():
    """The token in use: its name, scopes, owner and expiry."""
    token = g.api_token
    return {"name": token.name, "scopes": token.scope_list, "organizer": token.user.name,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None}


@bp.route("/manage/events")
@token_required("")
@bp.response(200, s.ManagedEventList)
@bp.doc(security=BEARER)
def managed_events():
    """The events the token's organizer manages, drafts included, upcoming first."""
    return {"data": [{
        "id": e.id, "slug": e.slug, "title": e.title, "status": e.status, "format": e.format,
        "starts_at": present.instant(e.starts_at, e.tz),
        "ends_at": present.instant(e.ends_at, e.tz), "timezone": e.timezone,
        "registrations_url": present.site("api_organizer.registrations", event_id=e.id),
    } for e in events_managed_by(g.api_user)]}


@bp.route("/manage/events/<int:event_id>/registrations")
@token_required("registrations:read")
@bp.arguments(s.RegistrationListArgs, location="query")
@bp.response(200, s.RegistrationPage)
@bp.doc(security=BEARER)
def registrations(args, event_id: int):
    """The event's registrations, oldest first, with the export's fields; filter by status,
    mode, check-in or a part of a name, email or affiliation (accents and case ignored)."""
    event = managed_event_or_404(event_id)
    query = select(Registration).where(Registration.event_id == event.id)
    if args.get("status"):
        query = query.where(Registration.status == args["status"])
    if args.get("mode"):
        query = query.where(Registration.mode == args["mode"])
    if "checked_in" in args:
        column = Registration.checked_in_at
        query = query.where(column.is_not(None) if args["checked_in"] else column.is_(None))
    needle = folding.needle(args.get("search"))
    if needle:
        query = query.where(Registration.search_text.contains(needle, autoescape=True))
    after = _read_cursor(args.get("cursor"), 1)
    if after is not None:
        query = query.where(Registration.id > _cursor_id(after[0]))
    limit = args["limit"]
    rows = list(db.session.scalars(query.order_by(Registration.id).limit(limit + 1)))
    positions = services.waitlist_positions(event.id)
    return _page("api_organizer.registrations", args, rows, limit,
                 lambda r: _cursor(r.id), lambda r: registration_json(r, positions))


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>")
@token_required("registrations:read")
@bp.response(200, s.RegistrationOut)
@bp.alt_response(404, schema=s.Error, description="No such registration in your events.")
@bp.doc(security=BEARER)
def registration(event_id: int, registration_id: int):
    """One registration."""
    return registration_json(_registration_or_404(event_id, registration_id))


@bp.route("/manage/events/<int:event_id>/registrations", methods=["POST"])
@token_required("registrations:write")
@idempotent
@bp.arguments(s.RegistrationIn)
@bp.response(201, s.RegistrationCreated)
@bp.alt_response(200, schema=s.RegistrationCreated,
                 description="This email already had a live registration.")
@bp.alt_response(422, schema=s.Error, description="Refused by the registration rules.")
@bp.doc(**WRITE_DOC)
def create_registration(data, event_id: int):
    """Register someone by the public form's rules: capacity, waitlist, one per email;
    their confirmation (or waitlist notice) is emailed."""
    event = managed_event_or_404(event_id)
    try:
        result = services.register(event, **data)
    except services.RegistrationError as error:
        _refused(error)
    body = {"outcome": result.outcome, "registration": registration_json(result.registration)}
    return body, 200 if result.outcome == "existing" else 201


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/mode",
          methods=["POST"])
@token_required("registrations:write")
@idempotent
@bp.arguments(s.ModeIn)
@bp.response(200, s.RegistrationOut)
@bp.alt_response(422, schema=s.Error, description="No seat in that mode, or closed.")
@bp.doc(**WRITE_DOC)
def change_mode(data, event_id: int, registration_id: int):
    """Move a registration to the other way of attending, if it has a seat."""
    registration = _registration_or_404(event_id, registration_id)
    try:
        services.switch_mode(registration, data["mode"])
    except services.RegistrationError as error:
        _refused(error)
    return registration_json(registration)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/cancel",
          methods=["POST"])
@token_required("registrations:write")
@idempotent
@bp.response(200, s.CancelOut)
@bp.doc(**WRITE_DOC)
def cancel(event_id: int, registration_id: int):
    """Cancel a registration (they are emailed); its seat goes to the waitlist."""
    registration = _registration_or_404(event_id, registration_id)
    try:
        promoted = services.cancel(registration, by_organizer=True)
    except services.RegistrationError as error:
        _refused(error)
    return {"registration": registration_json(registration),
            "promoted": [r.id for r in promoted]}


def _door_action(event_id: int, registration_id: int, kind: str, data: dict) -> dict:
    """Check in or undo through the door's own service (registration/door_sync.py), so an
    action id is applied once whichever way it arrives: this API or the offline door."""
    registration = _registration_or_404(event_id, registration_id)
    event = registration.event
    # A phone whose clock runs ahead must not record an arrival in the future.
    at = min(data["at"].astimezone(UTC), utcnow()) if data.get("at") else utcnow()
    if kind == "check_in" and not data.get("anyway"):
        if question := services.early_question(event, at):
            abort(409, code="needs_confirmation", message=question)
    action = door_sync.QueuedAction(id=data.get("action_id") or str(uuid.uuid4()), kind=kind,
                                    at=at, registration_id=registration.id)
    outcome = door_sync.apply_door_action(event, action, language=registration.language)
    if outcome.outcome == "refused":
        abort(422, code="registration_refused", message=outcome.message)
    db.session.refresh(registration)
    return {"changed": outcome.outcome == "applied" and not outcome.replayed,
            "outcome": outcome.outcome, "message": outcome.message, "action_id": outcome.id,
            "replayed": outcome.replayed, "registration": registration_json(registration)}


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/check-in",
          methods=["POST"])
@token_required("checkin")
@idempotent
@bp.arguments(s.CheckInIn)
@bp.response(200, s.CheckInOut)
@bp.alt_response(409, schema=s.Error, description="needs_confirmation: before the event's "
                 "day; send again with anyway=true.")
@bp.doc(**WRITE_DOC)
def check_in(data, event_id: int, registration_id: int):
    """Record an in-person registrant's arrival, once per action id; someone already in,
    or no longer expected in the room, is a conflict, never doubled."""
    return _door_action(event_id, registration_id, "check_in", data)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/undo-check-in",
          methods=["POST"])
@token_required("checkin")
@idempotent
@bp.arguments(s.DoorActionIn)
@bp.response(200, s.CheckInOut)
@bp.doc(**WRITE_DOC)
def undo_check_in(data, event_id: int, registration_id: int):
    """Clear an arrival recorded by mistake, once per action id."""
    return _door_action(event_id, registration_id, "undo", data)


@bp.route("/manage/events/<int:event_id>/attendance")
@token_required("attendance:read")
@bp.response(200, s.AttendanceOut)
@bp.doc(security=BEARER)
def attendance(event_id: int):
    """Attendance per mode: registered, confirmed, attended, no-shows, walk-ins, reception,
    and from the Zoom report the people online and their median minutes."""
    event = managed_event_or_404(event_id)
    found = report.build(event)
    return {
        "event_id": event.id, "online_people": found.online_people,
        "median_minutes": found.median_minutes,
        "stayed_past_keynote": found.stayed_past_keynote,
        "modes": [{"mode": f.mode, "label": f.label, "registered": f.registered,
                   "confirmed": f.confirmed, "attended": f.attended,
                   "no_shows": f.no_shows if f.recorded else None,
                   "no_show_rate": f.no_show_rate, "walk_ins": f.walk_ins,
                   "reception_yes": f.reception_yes, "reception_came": f.reception_came}
                  for f in found.modes],
    }
