"""The organizer's personal API tokens, on their account: make, see, revoke."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roundtable.api import tokens
from roundtable.api.forms import SCOPE_LABELS, TokenForm
from roundtable.auth.routes import private
from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.validation import save

bp = Blueprint("api_tokens", __name__)


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    return private(render_template(
        "api/tokens.html", form=form, tokens=tokens.tokens_of(current_user),
        new_token=new_token, scope_labels=dict(SCOPE_LABELS), now=utcnow()), status)


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@login_required
def api_tokens():
    """List the organizer's tokens; make a new one and show it this once."""
    form = TokenForm()
    if form.validate_on_submit():
        saved = save(lambda: tokens.create_token(current_user, form.name.data, form.scopes.data,
                                                 form.expires_in_days), form)
        if saved:
            _token, secret = saved.value
            # Shown in this answer only; never stored, logged or put in a URL.
            return _page(TokenForm(formdata=None), new_token=secret)
    return _page(form, status=200 if not form.errors else 400)


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke a token at once: any request that carries it is refused from now on."""
    token = tokens.revoke(current_user, token_id)
    if token is None:
        return private(render_template("errors/error.html", code=404,
                                       title=_("Page not found"),
                                       message=_("There is no page at this address.")), 404)
    db.session.commit()
    flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("api_tokens.api_tokens"))
