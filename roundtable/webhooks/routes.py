"""The organizer's webhook endpoints: add (secret shown once), log, test, enable, delete."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roundtable.events.services import events_managed_by
from roundtable.extensions import db
from roundtable.validation import save
from roundtable.webhooks import bp, delivery, services
from roundtable.webhooks.forms import KIND_LABELS, EndpointForm


def _form(formdata=True) -> EndpointForm:
    form = EndpointForm() if formdata else EndpointForm(formdata=None)
    form.event_id.choices = [(0, _("All my events"))] + [
        (e.id, e.title) for e in events_managed_by(current_user)]
    return form


def _endpoint_or_404(endpoint_id: int):
    endpoint = services.endpoint_of(current_user, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


@bp.route("/manage/webhooks", methods=["GET", "POST"])
@login_required
def endpoints():
    """List the organizer's endpoints and add one."""
    form = _form()
    secret = None
    if form.validate_on_submit():
        event = None
        if form.event_id.data:
            event = next((e for e in events_managed_by(current_user)
                          if e.id == form.event_id.data), None)
        saved = save(lambda: services.create_endpoint(current_user, form.url.data,
                                                      form.kinds.data, event), form)
        if saved:
            # The secret is in this answer only: never stored in a session, logged or linked.
            secret = saved.value[1]
            form = _form(formdata=False)
    return render_template("webhooks/endpoints.html", form=form, secret=secret,
                           endpoints=services.endpoints_of(current_user),
                           kind_labels=dict(KIND_LABELS))


@bp.route("/manage/webhooks/<int:endpoint_id>")
@login_required
def endpoint(endpoint_id: int):
    """One endpoint and its delivery log."""
    found = _endpoint_or_404(endpoint_id)
    return render_template("webhooks/endpoint.html", endpoint=found,
                           deliveries=services.deliveries(found),
                           kind_labels=dict(KIND_LABELS), explain=delivery.explain)


@bp.route("/manage/webhooks/<int:endpoint_id>/test", methods=["POST"])
@login_required
def send_test(endpoint_id: int):
    """Queue a test delivery."""
    found = _endpoint_or_404(endpoint_id)
    services.send_test(found)
    db.session.commit()
    flash(_("A test is on its way; its result appears in the log below."), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=found.id))


@bp.route("/manage/webhooks/<int:endpoint_id>/enable", methods=["POST"])
@login_required
def enable(endpoint_id: int):
    """Call a disabled endpoint again."""
    found = _endpoint_or_404(endpoint_id)
    services.enable(found)
    db.session.commit()
    flash(_("The endpoint is enabled again."), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=found.id))


@bp.route("/manage/webhooks/<int:endpoint_id>/delete", methods=["POST"])
@login_required
def delete(endpoint_id: int):
    """Delete an endpoint and its log."""
    found = _endpoint_or_404(endpoint_id)
    services.delete(found)
    db.session.commit()
    flash(_("The endpoint is deleted."), "success")
    return redirect(url_for("webhooks.endpoints"))
