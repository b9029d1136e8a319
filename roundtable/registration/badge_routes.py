"""Printable name badges for an event's organizers: the whole room, or one walk-in."""

from flask import Response, abort, request
from flask_login import login_required
from sqlalchemy import select

from roundtable import downloads
from roundtable.events.access import get_managed_event_or_404
from roundtable.events.services import load_content
from roundtable.extensions import db
from roundtable.registration import badges, bp
from roundtable.registration.models import Registration


def _pdf(event, body: bytes, name: str) -> Response:
    filename = downloads.export_name(event, name, "pdf")
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@bp.route("/manage/events/<int:event_id>/badges.pdf")
@login_required
def badges_pdf(event_id: int):
    """Badges for the speakers and every confirmed in-person registrant (?paper=a4|letter)."""
    event = load_content(get_managed_event_or_404(event_id))
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id)).all()
    paper = request.args.get("paper", "letter")
    return _pdf(event, badges.render(event, badges.badges_for(event, registrations), paper),
                "badges")


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/badge.pdf")
@login_required
def badge_pdf(event_id: int, registration_id: int):
    """One badge, for someone who has just arrived (a walk-in printed at the door)."""
    event = load_content(get_managed_event_or_404(event_id))
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    paper = request.args.get("paper", "letter")
    return _pdf(event, badges.render(event, [badges.badge_for(registration)], paper), "badge")
