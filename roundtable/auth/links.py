"""What the emailed account links do: invitations, password resets, email changes."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from roundtable.auth import tokens
from roundtable.auth.models import AccountToken, TokenPurpose, User
from roundtable.auth.services import (
    AccountError,
    create_organizer,
    find_user_by_email,
    normalize_email,
    set_new_password,
    valid_email,
)
from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.mail.throttle import recipient_allows
from roundtable.signals import announce_account
from roundtable.validation import FieldErrors

# However many clients ask, one address gets at most this many such emails an hour.
RESETS_PER_HOUR = 3
INVITATIONS_PER_HOUR = 5


def _address(email: str, field: str = "email") -> str:
    try:
        return valid_email(email)
    except AccountError as exc:
        raise FieldErrors({field: str(exc)}) from None


def invite(inviter: User, email: str, *, grant_admin: bool = False, event=None) -> str:
    """Email an invitation to create an account (granting ``event`` on acceptance)."""
    email = _address(email)
    if find_user_by_email(email):
        raise FieldErrors({"email": _("An organizer account already uses %(email)s.", email=email)})
    if not recipient_allows(email, "account_invitation", INVITATIONS_PER_HOUR, timedelta(hours=1)):
        raise FieldErrors({"email": _("%(email)s was invited several times in the last hour; "
                                      "try again later.", email=email)})
    _row, token = tokens.issue(TokenPurpose.INVITATION, email, invited_by_id=inviter.id,
                            grant_admin=grant_admin, event_id=event.id if event else None)
    announce_account(None, "invited", email=email, token=token, inviter_name=inviter.name,
                     event_title=event.title if event else None)
    return email


def pending_invitations(event_id: int | None = None) -> list[AccountToken]:
    """Unused, unexpired invitations (for one event, when given), newest first."""
    query = select(AccountToken).where(
        AccountToken.purpose == TokenPurpose.INVITATION,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > utcnow(),
    )
    if event_id is not None:
        query = query.where(AccountToken.event_id == event_id)
    return list(db.session.scalars(query.order_by(AccountToken.created_at.desc())))


def accept_invitation(row: AccountToken, name: str, password: str) -> User:
    """Create the invitee's account; grant every event they were invited to organize."""
    from roundtable.events.models import Event

    invitations = [t for t in pending_invitations() if t.email == row.email]
    if not tokens.consume(row):
        raise FieldErrors({"name": _("This invitation has already been used.")})
    try:
        user = create_organizer(row.email, name, password,
                                is_admin=any(t.grant_admin for t in invitations))
    except AccountError as exc:
        field = "password" if "password" in str(exc).lower() else "name"
        raise FieldErrors({field: str(exc)}) from None
    tokens.retire(TokenPurpose.INVITATION, email=row.email)
    for event_id in {t.event_id for t in invitations} - {None}:
        event = db.session.get(Event, event_id)
        if event is not None and user not in event.organizers:
            event.organizers.append(user)
    db.session.flush()
    return user


def request_reset(email: str) -> None:
    """Email a reset link if an active account uses ``email``; say nothing either way.

    The same work whether or not the address has an account (one capped count, one
    queued row): the deliverer looks the account up and writes the link. With
    ``MAIL_WRITE_LATER`` off (the test suite) the link is written here instead.
    """
    address = normalize_email(email)
    if not recipient_allows(address, "password_reset", RESETS_PER_HOUR, timedelta(hours=1)):
        return
    if current_app.config.get("MAIL_WRITE_LATER"):
        # No account lookup here: the deliverer writes the link (or nothing).
        announce_account(None, "reset_requested", email=address)
        return
    user = find_user_by_email(address)
    if user is not None and user.active:
        _row, token = tokens.issue(TokenPurpose.RESET, user.email, user_id=user.id)
        announce_account(user, "reset_requested", token=token)


def reset_password(row: AccountToken, password: str) -> User:
    """Set a new password through a reset link, ending every session of the account.

    A link sent to an address the account no longer uses is dead: whoever reads
    the old mailbox must not take the account. Setting the password retires every
    other reset and email-change link (services.set_new_password).
    """
    user = row.user
    moved = user is not None and normalize_email(row.email) != normalize_email(user.email)
    if user is None or not user.active or moved or not tokens.consume(row):
        raise FieldErrors({"password": _("This link has already been used or has expired.")})
    set_new_password(user, password)
    return user


def request_email_change(user: User, password: str, new_email: str) -> str:
    """After checking the password, ask the new address to confirm itself."""
    if not user.check_password(password):
        raise FieldErrors({"email_password": _("That is not your current password.")})
    email = _address(new_email, "new_email")
    if email == user.email:
        raise FieldErrors({"new_email": _("That is already your address.")})
    if find_user_by_email(email):
        raise FieldErrors({"new_email": _("Another organizer account uses that address.")})
    if not recipient_allows(email, "email_confirmation", RESETS_PER_HOUR, timedelta(hours=1)):
        raise FieldErrors({"new_email": _("Too many confirmations were sent there; try later.")})
    tokens.retire(TokenPurpose.EMAIL, user_id=user.id)
    _row, token = tokens.issue(TokenPurpose.EMAIL, email, user_id=user.id)
    announce_account(user, "email_confirmation", email=email, token=token)
    return email


def confirm_email_change(row: AccountToken) -> User:
    """Move the account to the confirmed address and tell the old one."""
    user = row.user
    if user is None or not tokens.consume(row):
        raise FieldErrors({"email": _("This link has already been used or has expired.")})
    if find_user_by_email(row.email):
        raise FieldErrors({"email": _("Another organizer account uses that address now.")})
    old = user.email
    user.email = row.email
    # The old mailbox's links die with the address, and other sessions end.
    tokens.retire_account_links(user.id)
    user.end_sessions()
    db.session.flush()
    announce_account(user, "email_changed", old_email=old)
    return user
