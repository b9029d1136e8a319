"""The managers page of an organization, a person or a series."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roundtable.agenda.models import Person
from roundtable.events.models import EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import Organization
from roundtable.ownership import bp, services
from roundtable.ownership.access import managed_or_404
from roundtable.ownership.forms import ManagerForm
from roundtable.validation import FieldErrors, save


@dataclass(frozen=True)
class Kind:
    model: type
    noun: str
    back: str  # endpoint of the record's own edit page

    def back_url(self, record) -> str:
        if self.model is Organization:
            return url_for(self.back, organization_id=record.id)
        if self.model is Person:
            return url_for(self.back, person_id=record.id)
        return url_for(self.back, series_id=record.id)


KINDS = {
    "organizations": Kind(Organization, "organization", "orgs.edit_organization"),
    "people": Kind(Person, "person", "agenda.edit_person"),
    "series": Kind(EventSeries, "series", "events.edit_series"),
}


def _load(kind: str, record_id: int):
    if kind not in KINDS:
        abort(404)
    return KINDS[kind], managed_or_404(db.session.get(KINDS[kind].model, record_id))


def _name(record) -> str:
    return getattr(record, "display_name", None) or record.name


@bp.route("/manage/<kind>/<int:record_id>/managers", methods=["GET", "POST"])
@login_required
def managers(kind: str, record_id: int):
    """List who manages the record and add a manager by email."""
    spec, record = _load(kind, record_id)
    form = ManagerForm()
    if form.validate_on_submit():
        saved = save(lambda: services.add_manager(record, form.email.data), form)
        if saved:
            user = saved.value
            flash(_("%(user)s now manages %(record)s.", user=user.name, record=_name(record)),
                  "success")
            return redirect(url_for("ownership.managers", kind=kind, record_id=record.id))
    return render_template("ownership/managers.html", record=record, name=_name(record),
                           kind=kind, noun=spec.noun, back=spec.back_url(record), form=form)


@bp.route("/manage/<kind>/<int:record_id>/managers/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_manager(kind: str, record_id: int, user_id: int):
    """Remove a manager, never the last."""
    _spec, record = _load(kind, record_id)
    try:
        user = services.remove_manager(record, user_id)
    except FieldErrors as exc:
        flash(exc.errors["managers"], "error")
        return redirect(url_for("ownership.managers", kind=kind, record_id=record.id))
    if user is None:
        abort(404)
    db.session.commit()
    flash(_("%(user)s no longer manages %(record)s.", user=user.name, record=_name(record)),
          "success")
    if not record.is_managed_by(current_user):
        return redirect(url_for("events.dashboard"))
    return redirect(url_for("ownership.managers", kind=kind, record_id=record.id))
