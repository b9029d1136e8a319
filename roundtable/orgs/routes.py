"""Organization pages, the organization records, and an event's sponsors."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.orgs import bp, services
from roundtable.orgs.forms import OrganizationForm, SponsorForm
from roundtable.orgs.models import SPONSOR_ROLE_LABELS
from roundtable.ownership.access import managed_or_404
from roundtable.redirects import safe_next, with_params
from roundtable.validation import save


@bp.route("/organizations/<slug>")
def organization_page(slug: str):
    """Show an organization and its public events."""
    org = services.get_organization_by_slug(slug)
    if org is None:
        abort(404)
    return render_template("orgs/organization.html", org=org, events=services.public_events_of(org))


@bp.route("/manage/organizations")
@login_required
def manage_organizations():
    """List organizations and the events they sponsor."""
    return render_template("orgs/manage_list.html", orgs=services.list_organizations())


@bp.route("/manage/organizations/new", methods=["GET", "POST"])
@login_required
def new_organization():
    """Create an organization, offering an existing one with the same name first."""
    form = OrganizationForm()
    back = safe_next(url_for("orgs.manage_organizations"))
    matches = []
    if form.validate_on_submit():
        if not request.form.get("create_anyway"):
            matches = services.similar_organizations(form.name.data)
        if not matches:
            saved = save(lambda: services.save_organization(form.organization_data(),
                                                            creator=current_user), form)
            if saved:
                org = saved.value
                flash(_("Organization “%(name)s” created.", name=org.name), "success")
                return redirect(_back_with(back, org.id))
    return render_template("orgs/manage_form.html", form=form, org=None, back=back,
                           matches=matches, use_url=lambda o: _use_url(back, o))


def _back_with(back: str, organization_id: int) -> str:
    """The task that asked for an organization, with this one selected; else the list."""
    if back != url_for("orgs.manage_organizations"):  # a task asked
        return with_params(back, organization_id=organization_id)
    return back


def _use_url(back: str, org) -> str:
    """Where "use this one" leads: the asking task, or the organization's own page."""
    if back != url_for("orgs.manage_organizations"):  # a task asked
        return with_params(back, organization_id=org.id)
    if not org.is_managed_by(current_user):  # others' records: the public page
        return url_for("orgs.organization_page", slug=org.slug)
    return url_for("orgs.edit_organization", organization_id=org.id)


def _organization_or_404(organization_id: int):
    """The organization, if the signed-in user manages it (or is an admin); else 404."""
    return managed_or_404(services.get_organization(organization_id))


@bp.route("/manage/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(organization_id: int):
    """Edit an organization."""
    org = _organization_or_404(organization_id)
    form = OrganizationForm(obj=org)
    if form.validate_on_submit():
        saved = save(lambda: services.save_organization(form.organization_data(), org), form)
        if saved:
            flash(_("Organization “%(name)s” saved.", name=org.name), "success")
            return redirect(url_for("orgs.manage_organizations"))
    back = url_for("orgs.manage_organizations")
    return render_template("orgs/manage_form.html", form=form, org=org, back=back,
                           events=services.events_shown_to(org, current_user))


@bp.route("/manage/organizations/<int:organization_id>/delete", methods=["POST"])
@login_required
def delete_organization(organization_id: int):
    """Delete an organization that sponsors no event."""
    org = _organization_or_404(organization_id)
    try:
        services.delete_organization(org, current_user)
    except services.OrganizationInUse as exc:
        flash(str(exc), "error")
        return redirect(url_for("orgs.edit_organization", organization_id=org.id))
    db.session.commit()
    flash(_("Organization “%(name)s” deleted.", name=org.name), "success")
    return redirect(url_for("orgs.manage_organizations"))


@bp.route("/manage/events/<int:event_id>/sponsors", methods=["GET", "POST"])
@login_required
def event_sponsors(event_id: int):
    """List the event's sponsors and attach another."""
    event = get_managed_event_or_404(event_id)
    form = SponsorForm(organizations=services.sponsor_candidates(event))
    if not form.is_submitted():
        # Back from "New organization…": the new one, in the role chosen before leaving.
        if request.args.get("organization_id", "").isdigit():
            form.organization_id.data = int(request.args["organization_id"])
        if request.args.get("role") in SPONSOR_ROLE_LABELS:
            form.role.data = request.args["role"]
    if form.validate_on_submit():
        saved = save(lambda: services.add_sponsor(event, form.organization_id.data,
                                                  form.role.data), form)
        if saved:
            sponsor = saved.value
            flash(_("%(name)s added as %(role_label)s.",
                    name=sponsor.organization.name, role_label=sponsor.role_label.lower()),
                  "success")
            return redirect(url_for("orgs.event_sponsors", event_id=event.id))
    return render_template("orgs/sponsors.html", event=event, form=form)


def _sponsor_or_404(event, sponsor_id: int):
    sponsor = services.find_sponsor(event, sponsor_id)
    if sponsor is None:
        abort(404)
    return sponsor


@bp.route("/manage/events/<int:event_id>/sponsors/<int:sponsor_id>/remove", methods=["POST"])
@login_required
def remove_sponsor(event_id: int, sponsor_id: int):
    """Detach a sponsor from the event."""
    event = get_managed_event_or_404(event_id)
    sponsor = _sponsor_or_404(event, sponsor_id)
    name = sponsor.organization.name
    services.remove_sponsor(event, sponsor)
    db.session.commit()
    flash(_("%(name)s removed from the sponsors.", name=name), "success")
    return redirect(url_for("orgs.event_sponsors", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/sponsors/<int:sponsor_id>/move", methods=["POST"])
@login_required
def move_sponsor(event_id: int, sponsor_id: int):
    """Move a sponsor up or down the list."""
    event = get_managed_event_or_404(event_id)
    sponsor = _sponsor_or_404(event, sponsor_id)
    services.move_sponsor(event, sponsor, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("orgs.event_sponsors", event_id=event.id))
