"""Admins manage organizer accounts: invite, list, deactivate, grant or remove admin."""

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from roundtable.auth import bp, links, services
from roundtable.auth.forms import InviteForm
from roundtable.auth.models import User
from roundtable.extensions import db, limiter
from roundtable.security import private
from roundtable.validation import FieldErrors, save


def admin_required(view):
    """404 for everyone but admins, like any page one may not manage."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _organizers_page(form: InviteForm, status: int = 200):
    return private(render_template(
        "auth/organizers.html", form=form, users=services.list_organizers(),
        invitations=links.pending_invitations()), status)


@bp.route("/manage/organizers", methods=["GET", "POST"])
@admin_required
@limiter.limit("30 per hour", methods=["POST"])
def organizers():
    """List every organizer account and invite a new one by email."""
    form = InviteForm()
    if form.validate_on_submit():
        saved = save(lambda: links.invite(current_user, form.email.data,
                                          grant_admin=form.grant_admin.data), form)
        if saved:
            email = saved.value
            flash(_("We have emailed an invitation to %(email)s.", email=email), "success")
            return redirect(url_for("auth.organizers"))
    return _organizers_page(form)


def _account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


_ACTIONS = {
    "deactivate": (services.set_active, False, _l("%(name)s can no longer sign in.")),
    "activate": (services.set_active, True, _l("%(name)s can sign in again.")),
    "grant-admin": (services.set_admin, True, _l("%(name)s is now an admin.")),
    "remove-admin": (services.set_admin, False, _l("%(name)s is no longer an admin.")),
}


@bp.route("/manage/organizers/<int(max=2147483647):user_id>/<action>", methods=["POST"])
@admin_required
def change_organizer(user_id: int, action: str):
    """Deactivate, reactivate, grant or remove admin rights."""
    if action not in _ACTIONS:
        abort(404)
    change, value, message = _ACTIONS[action]
    user = _account_or_404(user_id)
    try:
        change(current_user, user, value)
    except FieldErrors as exc:
        db.session.rollback()
        flash(exc.errors["account"], "error")
    else:
        db.session.commit()
        flash(str(message) % {"name": user.name}, "success")
    return redirect(url_for("auth.organizers"))
