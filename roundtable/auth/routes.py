"""Sign-in, sign-out and password recovery."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from roundtable.auth import bp, links, services, tokens
from roundtable.auth.forms import (
    PASSWORD_HINT,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from roundtable.auth.models import TokenPurpose
from roundtable.auth.pages import link_invalid
from roundtable.extensions import db, limiter
from roundtable.i18n import normalize
from roundtable.redirects import safe_next
from roundtable.security import private
from roundtable.validation import save


@bp.before_app_request
def remember_language():
    """A signed-in organizer's EN | ES choice becomes their account emails' language."""
    asked = normalize(request.args.get("lang"))
    if asked and current_user.is_authenticated and services.set_language(current_user, asked):
        db.session.commit()


@bp.context_processor
def password_rules():
    """Every form that sets a password says the same rules."""
    return {"password_hint": PASSWORD_HINT}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    """Sign an organizer in."""
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("events.dashboard")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(url_for("events.dashboard")))
        flash(_("The email or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, ending every session and remember cookie of the account."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    response = redirect(url_for("events.index"))
    # The door keeps its list on the device (IndexedDB, a service worker's cache): it
    # leaves with the volunteer. The door script also clears it, for a sign-out offline.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def forgot_password():
    """Email a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        links.request_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html")
    return render_template("auth/forgot.html", form=form)


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    """Choose a new password through an emailed link."""
    row = tokens.find_usable(TokenPurpose.RESET, token)
    if row is None:
        return link_invalid()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        saved = save(lambda: links.reset_password(row, form.password.data), form)
        if saved:
            flash(_("Your password is changed, and every session of your account has ended. "
                  "Sign in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return private(render_template("auth/reset.html", form=form))


# The other auth pages register on the same blueprint.
from roundtable.auth import account_routes, admin_routes  # noqa: E402, F401
