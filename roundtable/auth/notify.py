"""Emails about organizer accounts, written to the outbox in the caller's transaction.

Output layer: auth/services.py and auth/links.py announce what happened to an
account (roundtable/signals.py: account_changed); ``on_account_changed`` writes the
email. ``connect()`` subscribes it (create_app calls it).
"""

from flask import current_app, render_template
from flask_babel import gettext as _

from roundtable import signals
from roundtable.i18n import emailed_link
from roundtable.mail.services import queue_message


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


def password_reset(user, token: str) -> None:
    """Send a password reset link."""
    _queue("password_reset", user.email, _("Reset your Roundtable password"), name=user.name,
           intro=_("Someone (hopefully you) asked to reset the password of your organizer "
                   "account."),
           link=_link("reset", token), link_label=_("Choose a new password"),
           expiry=_("The link works once, for 1 hour."))


def email_confirmation(user, new_email: str, token: str) -> None:
    """Ask the new address to confirm itself before the account uses it."""
    _queue("email_confirmation", new_email, _("Confirm your new email address"), name=user.name,
           intro=_("Confirm that your Roundtable organizer account should use this address."),
           link=_link("confirm-email", token), link_label=_("Confirm this address"),
           expiry=_("The link works once, for 24 hours."))


def email_changed(user, old_email: str) -> None:
    """Tell the old address that the account moved, in case it was not its owner."""
    _queue("account_notice", old_email, _("Your Roundtable email address changed"),
           name=user.name,
           intro=_("Your organizer account now uses %(email)s. If you did not do this, "
                   "contact an admin.", email=user.email),
           link=_site("/login"), link_label=_("Sign in"),
           expiry="")


def password_changed(user) -> None:
    """Tell the owner their password changed, so a stranger's change does not go unnoticed."""
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
