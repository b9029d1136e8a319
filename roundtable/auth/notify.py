"""Emails about organizer accounts, written to the outbox in the caller's transaction.

Output layer: auth/services.py and auth/links.py announce what happened to an
account (roundtable/signals.py: account_changed); ``on_account_changed`` writes the
email. ``connect()`` subscribes it (create_app calls it).
"""

import json

from flask import current_app, render_template
from flask_babel import gettext as _

from roundtable import signals
from roundtable.i18n import current as current_language
from roundtable.i18n import emailed_link, in_language
from roundtable.mail.services import CannotWrite, queue_message, writes_later


def _link(path: str, token: str) -> str:
    return _site(f"/account/{path}/{token}")


def _site(path: str) -> str:
    # In the language the email is written in: the reader's phone may speak another.
    return emailed_link(f"{current_app.config['SITE_URL']}{path}")


def _queue(kind: str, recipient: str, subject: str, *, name: str | None, **context) -> None:
    context = {"name": name, **context}
    queue_message(
        kind=kind,
        recipient=recipient,
        recipient_name=name,
        subject=subject,
        body_text=render_template("mail/account.txt", **context),
        body_html=render_template("mail/account.html", **context),
    )


def invitation(email: str, token: str, inviter_name: str, event_title: str | None) -> None:
    """Invite someone to create an organizer account."""
    if event_title:
        intro = _("%(name)s invites you to co-organize “%(title)s” on Roundtable. Choose your "
                  "name and a password to accept.", name=inviter_name, title=event_title)
    else:
        intro = _("%(name)s invites you to organize events on Roundtable. Choose your name and "
                  "a password to accept.", name=inviter_name)
    _queue("account_invitation", email, _("You are invited to Roundtable"), name=None,
           intro=intro,
           link=_link("invitation", token), link_label=_("Accept the invitation"),
           expiry=_("The link works once, for 7 days."))


def _reset_words(token: str) -> dict:
    return {"intro": _("Someone (hopefully you) asked to reset the password of your organizer "
                       "account."),
            "link": _link("reset", token), "link_label": _("Choose a new password"),
            "expiry": _("The link works once, for 1 hour.")}


def password_reset(user, token: str) -> None:
    """Send a password reset link, in the account's language."""
    with in_language(user.language):
        _queue("password_reset", user.email, _("Reset your Roundtable password"),
               name=user.name, **_reset_words(token))


def password_reset_later(address: str) -> None:
    """Queue a reset for ``address``, to be written (or dropped) by the deliverer.

    "Forgot password?" does this one insert whether or not an account uses the
    address, so its answer takes the same time either way; the deliverer looks the
    account up, issues the link and writes the email, or gives the row up.
    """
    queue_message(kind="password_reset", recipient=address, subject="", body_text="",
                  to_write=json.dumps({"language": current_language()}))


@writes_later("password_reset")
def write_password_reset(message) -> None:
    """Issue the link and write the email of a queued reset; CannotWrite if no account."""
    from roundtable.auth import tokens
    from roundtable.auth.models import TokenPurpose
    from roundtable.auth.services import find_user_by_email

    user = find_user_by_email(message.recipient)
    if user is None or not user.active:
        raise CannotWrite("no active account uses this address")
    _row, token = tokens.issue(TokenPurpose.RESET, user.email, user_id=user.id)
    # The account's own language, not that of whoever typed the address.
    with in_language(user.language):
        context = {"name": user.name, **_reset_words(token)}
        message.subject = _("Reset your Roundtable password")
        message.body_text = render_template("mail/account.txt", **context)
        message.body_html = render_template("mail/account.html", **context)
    message.recipient, message.recipient_name, message.to_write = user.email, user.name, None


def email_confirmation(user, new_email: str, token: str) -> None:
    """Ask the new address to confirm itself before the account uses it."""
    with in_language(user.language):
        _email_confirmation(user, new_email, token)


def _email_confirmation(user, new_email: str, token: str) -> None:
    _queue("email_confirmation", new_email, _("Confirm your new email address"), name=user.name,
           intro=_("Confirm that your Roundtable organizer account should use this address."),
           link=_link("confirm-email", token), link_label=_("Confirm this address"),
           expiry=_("The link works once, for 24 hours."))


def email_changed(user, old_email: str) -> None:
    """Tell the old address that the account moved, in case it was not its owner."""
    with in_language(user.language):
        _email_changed(user, old_email)


def _email_changed(user, old_email: str) -> None:
    _queue("account_notice", old_email, _("Your Roundtable email address changed"),
           name=user.name,
           intro=_("Your organizer account now uses %(email)s. If you did not do this, "
                   "contact an admin.", email=user.email),
           link=_site("/login"), link_label=_("Sign in"),
           expiry="")


def password_changed(user) -> None:
    """Tell the owner their password changed, so a stranger's change does not go unnoticed."""
    with in_language(user.language):
        _password_changed(user)


def _password_changed(user) -> None:
    _queue("account_notice", user.email, _("Your Roundtable password changed"), name=user.name,
           intro=_("The password of your organizer account was changed, and every session "
                   "was signed out. If you did not do this, use “Forgot password?” now and "
                   "tell an admin."),
           link=_site("/login/forgot"),
           link_label=_("Forgot password?"),
           expiry="")


def on_account_changed(user, *, kind: str, **details) -> None:
    if kind == "invited":
        invitation(details["email"], details["token"], details["inviter_name"],
                   details["event_title"])
    elif kind == "reset_requested" and user is None:
        # MAIL_WRITE_LATER: the deliverer looks the address up and writes the link.
        password_reset_later(details["email"])
    elif kind == "reset_requested":
        password_reset(user, details["token"])
    elif kind == "email_confirmation":
        email_confirmation(user, details["email"], details["token"])
    elif kind == "email_changed":
        email_changed(user, details["old_email"])
    elif kind == "password_changed":
        password_changed(user)


def connect() -> None:
    """Subscribe the receiver above (idempotent: blinker keeps one of each)."""
    signals.account_changed.connect(on_account_changed)
