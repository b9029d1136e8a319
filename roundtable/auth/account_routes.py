"""The organizer's own account, and accepting an emailed invitation or new address."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm

from roundtable.auth import bp, links, services, tokens
from roundtable.auth.forms import (
    AcceptInvitationForm,
    EmailChangeForm,
    NameForm,
    PasswordChangeForm,
)
from roundtable.auth.models import TokenPurpose
from roundtable.auth.pages import link_invalid
from roundtable.extensions import db, limiter
from roundtable.security import private
from roundtable.validation import FieldErrors, save


def _account_page(**forms):
    forms.setdefault("name_form", NameForm(data={"name": current_user.name}))
    forms.setdefault("email_form", EmailChangeForm(formdata=None))
    forms.setdefault("password_form", PasswordChangeForm(formdata=None))
    return private(render_template("auth/account.html", **forms))


@bp.route("/account")
@login_required
def account():
    """Show the organizer's name, email and password forms."""
    return _account_page()


@bp.route("/account/name", methods=["POST"])
@login_required
def change_name():
    """Change the display name."""
    form = NameForm()
    if form.validate_on_submit():
        saved = save(lambda: services.rename(current_user, form.name.data), form)
        if saved:
            flash(_("Your name is changed."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(name_form=form)


@bp.route("/account/email", methods=["POST"])
@login_required
@limiter.limit("10 per hour")
def change_email():
    """Send a confirmation link to the new address; the account moves when it is followed."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        saved = save(lambda: links.request_email_change(
            current_user, form.email_password.data, form.new_email.data), form)
        if saved:
            email = saved.value
            flash(_("We have emailed a confirmation link to %(email)s. Your address changes "
                    "when you follow it.", email=email), "info")
            return redirect(url_for("auth.account"))
    return _account_page(email_form=form)


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit("10 per hour")
def change_password():
    """Change the password; every other session of the account ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        saved = save(lambda: services.change_password(
            current_user, form.current_password.data, form.new_password.data), form)
        if saved:
            # The new session version ended this session too: start a fresh one here.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed; other sessions have been signed out."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form)


@bp.route("/account/confirm-email/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def confirm_email(token: str):
    """Confirm a new address (a button, so mail scanners that follow links change nothing)."""
    row = tokens.find_usable(TokenPurpose.EMAIL, token)
    if row is None:
        return link_invalid()
    form = FlaskForm()
    if form.validate_on_submit():
        # Read before the change: it ends every session of the account, this one too.
        here = current_user.id if current_user.is_authenticated else None
        try:
            user = links.confirm_email_change(row)
        except FieldErrors as exc:
            db.session.rollback()
            flash(exc.errors["email"], "error")
        else:
            db.session.commit()
            if here == user.id:
                # Other sessions ended with the old address; this one goes on.
                login_user(user)
            flash(_("Your account now uses %(email)s; other sessions have been signed out.",
                    email=row.email), "success")
            return redirect(url_for("auth.account"))
    return private(render_template("auth/confirm_email.html", form=form, email=row.email))


@bp.route("/account/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def accept_invitation(token: str):
    """Create an account from an invitation: the invitee chooses name and password."""
    row = tokens.find_usable(TokenPurpose.INVITATION, token)
    if row is None:
        return link_invalid()
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        saved = save(lambda: links.accept_invitation(row, form.name.data, form.password.data), form)
        if saved:
            user = saved.value
            login_user(user)
            flash(_("Welcome to Roundtable: your organizer account is ready."), "success")
            if row.event_id is not None:
                return redirect(url_for("events.manage_event", event_id=row.event_id))
            return redirect(url_for("events.dashboard"))
    return private(render_template("auth/invitation.html", form=form, invitation=row,
                                   event=_invited_to(row)))


def _invited_to(row):
    """The event an invitation grants, so its page can name it (None for none)."""
    from roundtable.events.models import Event

    return db.session.get(Event, row.event_id) if row.event_id is not None else None
