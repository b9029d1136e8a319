"""Organizer views of registrations: list, export, manual actions, check-in."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.redirects import safe_next
from roundtable.registration import bp, exports, services
from roundtable.registration import checkin as checkin_codes
from roundtable.registration.forms import WalkInForm
from roundtable.registration.models import Registration
from roundtable.slugs import slugify


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = services.get_registration_of_event(event.id, registration_id)
    if registration is None:
        abort(404)
    return registration


def _filters() -> dict:
    args = request.args
    return {
        "search": args.get("q", "")[:200],
        "mode": args.get("mode", ""),
        "status": args.get("status", ""),
        "checked_in": args.get("checked_in", ""),
    }


@bp.route("/manage/events/<int:event_id>/registrations")
@login_required
def manage_registrations(event_id: int):
    """Show counts, capacity bars and the filtered registrations table."""
    event = get_managed_event_or_404(event_id)
    filters = _filters()
    return render_template(
        "registration/organizer_list.html",
        event=event,
        stats=services.event_stats(event),
        registrations=services.list_registrations(event.id, **filters),
        positions=services.waitlist_positions(event.id),
        filters=filters,
        action_form=FlaskForm(),
    )


@bp.route("/manage/events/<int:event_id>/registrations.csv")
@login_required
def export_registrations(event_id: int):
    """Download every registration as CSV."""
    event = get_managed_event_or_404(event_id)
    body = exports.registrations_csv(
        services.list_registrations(event.id), services.waitlist_positions(event.id)
    )
    filename = f"{slugify(event.slug) or 'event'}-registrations.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _back_to_list(event_id: int):
    default = url_for("registration.manage_registrations", event_id=event_id)
    target = safe_next(default)
    return redirect(target if target.startswith("/manage/") else default)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/cancel",
          methods=["POST"])
@login_required
def organizer_cancel(event_id: int, registration_id: int):
    """Cancel someone's registration on their behalf."""
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    if FlaskForm().validate_on_submit():
        promoted = services.cancel(registration, by_organizer=True)
        db.session.commit()
        note = f" {len(promoted)} promoted from the waitlist." if promoted else ""
        flash(f"Cancelled {registration.name}'s registration.{note}", "success")
    return _back_to_list(event.id)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/confirm",
          methods=["POST"])
@login_required
def organizer_confirm(event_id: int, registration_id: int):
    """Move someone off the waitlist, adding a seat if needed."""
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    if FlaskForm().validate_on_submit():
        try:
            raised = services.confirm_from_waitlist(registration)
            db.session.commit()
            extra = " The capacity was raised by one to make room." if raised else ""
            flash(f"{registration.name} is confirmed.{extra}", "success")
        except services.RegistrationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return _back_to_list(event.id)


@bp.route("/manage/events/<int:event_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(event_id: int):
    """Register and check in someone who arrived without registering."""
    event = get_managed_event_or_404(event_id)
    form = WalkInForm()
    if form.validate_on_submit():
        try:
            registration = services.add_walk_in(
                event, name=form.name.data, email=form.email.data,
                affiliation=form.affiliation.data,
            )
            db.session.commit()
            flash(f"{registration.name} is registered and checked in.", "success")
            return redirect(url_for("registration.checkin", event_id=event.id))
        except services.RegistrationError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
    return render_template("registration/walk_in.html", event=event, form=form)


@bp.route("/manage/events/<int:event_id>/checkin")
@login_required
def checkin(event_id: int):
    """The door: search as you type, one tap to check in."""
    event = get_managed_event_or_404(event_id)
    query = request.args.get("q", "")[:200]
    registrations = services.list_registrations(event.id, search=query, status="confirmed")
    return render_template(
        "registration/checkin.html",
        event=event,
        registrations=registrations,
        stats=services.event_stats(event),
        query=query,
        action_form=FlaskForm(),
    )


def _set_arrival(event_id: int, registration_id: int, arrived: bool):
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    ok = FlaskForm().validate_on_submit()
    if ok:
        try:
            if arrived:
                services.check_in(registration)
            else:
                services.undo_check_in(registration)
            db.session.commit()
        except services.RegistrationError as exc:
            db.session.rollback()
            ok = False
            flash(str(exc), "error")
    if request.accept_mimetypes.best == "application/json":
        stats = services.event_stats(event)
        return {"ok": ok, "checked_in": registration.checked_in_at is not None,
                "arrived": stats.checked_in,
                "expected": stats.confirmed("in_person")}, (200 if ok else 409)
    if ok:
        flash(f"{registration.name} {'checked in' if arrived else 'check-in undone'}.",
              "success")
    return redirect(url_for("registration.checkin", event_id=event.id,
                            q=request.form.get("q", "")))


@bp.route("/manage/events/<int:event_id>/checkin/<int:registration_id>", methods=["POST"])
@login_required
def check_in(event_id: int, registration_id: int):
    """Mark someone as arrived."""
    return _set_arrival(event_id, registration_id, True)


@bp.route("/manage/events/<int:event_id>/checkin/<int:registration_id>/undo", methods=["POST"])
@login_required
def undo_check_in(event_id: int, registration_id: int):
    """Undo an arrival recorded by mistake."""
    return _set_arrival(event_id, registration_id, False)


@bp.route("/checkin/scan/<code>")
@login_required
def scan(code: str):
    """Open a registrant's QR code on an organizer's phone: confirm, then check in."""
    registration_id = checkin_codes.registration_id_from_code(code)
    registration = db.session.get(Registration, registration_id) if registration_id else None
    if registration is None or not registration.event.is_organized_by(current_user):
        abort(404)
    return render_template("registration/scan.html", registration=registration,
                           event=registration.event, action_form=FlaskForm())
