"""Organizer views of registrations: list, export, manual actions, check-in."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from flask_wtf import FlaskForm

from roundtable import downloads
from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.redirects import safe_next
from roundtable.registration import bp, corrections, exports, services
from roundtable.registration.forms import CorrectionForm, WalkInCorrectionForm
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
        try:
            promoted = services.cancel(registration, by_organizer=True)
        except services.RegistrationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return _back_to_list(event.id)
        db.session.commit()
        note = " " + ngettext("%(num)d person promoted from the waitlist.",
                              "%(num)d people promoted from the waitlist.",
                              len(promoted)) if promoted else ""
        flash(_("Cancelled %(name)s's registration.%(note)s",
                name=registration.name, note=note), "success")
    return _back_to_list(event.id)


@bp.route("/manage/events/<int:event_id>/registrations/<int:registration_id>/confirm",
          methods=["POST"])
@login_required
def organizer_confirm(event_id: int, registration_id: int):
    """Move someone off the waitlist, adding a seat if needed (asked first)."""
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    if FlaskForm().validate_on_submit():
        try:
            raised = services.confirm_from_waitlist(
                registration, anyway=request.form.get("anyway") == "1")
            db.session.commit()
            message = _("%(name)s is confirmed.", name=registration.name)
            if raised:
                message += " " + _("The capacity was raised by one to make room.")
            flash(message, "success")
        except services.NeedsConfirmation as exc:
            db.session.rollback()
            return render_template("registration/confirm_action.html", event=event,
                                   question=str(exc), action=request.path,
                                   back=url_for("registration.manage_registrations",
                                                event_id=event.id))
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
    form_class = WalkInCorrectionForm if registration.is_walk_in else CorrectionForm
    form = form_class(obj=registration, modes=services.offered_modes(event))
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
            if not changes:
                saved = _("Nothing changed.")
            elif registration.email:
                saved = _("Saved %(name)s's registration; they were told by email.",
                          name=registration.name)
            else:
                saved = _("Saved %(name)s's registration (no email address, so nobody "
                          "was told).", name=registration.name)
            flash(saved, "success")
            return _back_to_list(event.id)
    return render_template("registration/correct.html", event=event, form=form,
                           registration=registration)


from roundtable.registration import (  # noqa: E402,F401
    badge_routes,
    door_offline_routes,
    door_routes,
)
