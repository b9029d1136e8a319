"""Organizer views of registrations: list, export, manual actions, check-in."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from roundtable import downloads
from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.i18n import current as current_language
from roundtable.redirects import safe_next
from roundtable.registration import bp, corrections, door, exports, services
from roundtable.registration import checkin as checkin_codes
from roundtable.registration.forms import CorrectionForm, WalkInForm
from roundtable.registration.models import Registration
from roundtable.validation import FieldErrors, attach_errors


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


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(event, body: bytes, extension: str, mimetype: str) -> Response:
    filename = downloads.export_name(event, "registrations", extension)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": downloads.content_disposition(filename),
        "Cache-Control": "no-store",
    })


def _export_data(event) -> tuple:
    return services.list_registrations(event.id), services.waitlist_positions(event.id), event


@bp.route("/manage/events/<int:event_id>/registrations.csv")
@login_required
def export_registrations(event_id: int):
    """Download every registration as CSV (UTF-8 with BOM, local times)."""
    event = get_managed_event_or_404(event_id)
    body = exports.registrations_csv(*_export_data(event))
    return _download(event, body.encode("utf-8"), "csv", "text/csv")


@bp.route("/manage/events/<int:event_id>/registrations.xlsx")
@login_required
def export_registrations_xlsx(event_id: int):
    """Download every registration as an Excel workbook with real date cells."""
    event = get_managed_event_or_404(event_id)
    return _download(event, exports.registrations_xlsx(*_export_data(event)), "xlsx",
                     XLSX_MIMETYPE)


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
        note = " " + _("%(count)s promoted from the waitlist.",
                       count=len(promoted)) if promoted else ""
        flash(_("Cancelled %(name)s's registration.%(note)s",
                name=registration.name, note=note), "success")
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
            message = _("%(name)s is confirmed.", name=registration.name)
            if raised:
                message += " " + _("The capacity was raised by one to make room.")
            flash(message, "success")
        except services.RegistrationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return _back_to_list(event.id)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/edit",
          methods=["GET", "POST"])
@login_required
def organizer_correct(event_id: int, registration_id: int):
    """Correct someone's name, affiliation, email or mode; they are told by email."""
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    form = CorrectionForm(obj=registration, modes=services.offered_modes(event))
    if form.validate_on_submit():
        try:
            changes = corrections.correct(
                registration, name=form.name.data, email=form.email.data,
                affiliation=form.affiliation.data, mode=form.mode.data)
        except (FieldErrors, services.RegistrationError) as exc:
            db.session.rollback()
            if isinstance(exc, FieldErrors):
                attach_errors(form, exc)
            else:
                form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(name)s's registration; they were told by email.",
                    name=registration.name)
                  if changes else _("Nothing changed."), "success")
            return _back_to_list(event.id)
    return render_template("registration/correct.html", event=event, form=form,
                           registration=registration)


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
                # The door page's language is the one the person spoke at the door.
                language=current_language(),
            )
            db.session.commit()
            room = door.room(event, services.event_stats(event).confirmed("in_person"))
            message = _("%(name)s is registered and checked in: %(room)s.",
                        name=registration.name, room=room)
            if room.over_capacity:
                message += " " + _("Over capacity.")
            flash(message, "success")
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
    stats = services.event_stats(event)
    return render_template(
        "registration/checkin.html",
        event=event,
        registrations=door.door_list(event.id, query),
        search_key=door.search_key,
        stats=stats,
        room=door.room(event, stats.confirmed("in_person")),
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
        flash(_("%(name)s checked in.", name=registration.name) if arrived
              else _("%(name)s: check-in undone.", name=registration.name), "success")
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
