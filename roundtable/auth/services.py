"""Organizer accounts: creation, authentication, and what changes an account."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from roundtable.auth import tokens
from roundtable.auth.models import User
from roundtable.auth.passwords import password_problem
from roundtable.extensions import db
from roundtable.signals import announce_account
from roundtable.validation import MAX_ID, FieldErrors

# Checked against when the account does not exist, so timing does not reveal it.
_DUMMY_HASH = generate_password_hash("timing-equaliser, never a real password")


class AccountError(ValueError):
    """An organizer account cannot be created as asked."""


def normalize_email(email: str) -> str:
    """Lower-case and strip an address so lookups are case-insensitive."""
    return email.strip().lower()


def valid_email(email: str) -> str:
    """Return the normalised address, or raise AccountError saying why it is not one."""
    from email_validator import EmailNotValidError, validate_email

    from roundtable import email_address

    try:
        return normalize_email(validate_email(email.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise AccountError(email_address.problem(exc)) from None


def find_user_by_email(email: str) -> User | None:
    """Return the organizer with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def load_session_user(session_id: str) -> User | None:
    """The active user whose current session id (``id:version``) this is, else None."""
    user_id, _, version = session_id.partition(":")
    if len(session_id) > 40 or not (user_id.isdigit() and version.isdigit()):
        return None
    if int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active organizer whose credentials these are, or None."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) and user.active else None


def create_organizer(email: str, name: str, password: str, is_admin: bool = False) -> User:
    """Create an organizer account; the caller commits."""
    email = valid_email(email)
    if not name.strip():
        raise AccountError(_("The name must not be empty."))
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email):
        raise AccountError(_("An organizer with the email %(email)s already exists.", email=email))
    user = User(email=email, name=name.strip()[:200], is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def set_new_password(user: User, password: str, field: str = "password") -> None:
    """Change the password if it passes the rules, and end every session of the account."""
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise FieldErrors({field: problem})
    user.set_password(password)
    user.end_sessions()
    tokens.retire_account_links(user.id)
    db.session.flush()
    announce_account(user, "password_changed")


def change_password(user: User, current: str, new: str) -> None:
    """Change a signed-in organizer's password after checking the current one."""
    if not user.check_password(current):
        raise FieldErrors({"current_password": _("That is not your current password.")})
    set_new_password(user, new, field="new_password")


def rename(user: User, name: str) -> None:
    """Change the organizer's display name."""
    if not name.strip():
        raise FieldErrors({"name": _("The name must not be empty.")})
    user.name = name.strip()[:200]
    db.session.flush()


def list_organizers() -> list[User]:
    """Every account, active ones first, by name."""
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.name, User.id)))


def set_active(admin: User, user: User, active: bool) -> None:
    """Deactivate (ending its sessions) or reactivate an account; never one's own."""
    if user.id == admin.id:
        raise FieldErrors({"account": _("You cannot deactivate your own account.")})
    if user.active and not active:
        user.end_sessions()
    user.active = active
    db.session.flush()


def set_admin(admin: User, user: User, is_admin: bool) -> None:
    """Grant or remove admin rights; an admin cannot remove their own."""
    if user.id == admin.id and not is_admin:
        raise FieldErrors({"account": _("You cannot remove your own admin rights.")})
    user.is_admin = is_admin
    db.session.flush()


def set_language(user: User, code: str) -> bool:
    """Keep ``code`` as the language of ``user``'s account emails; whether it changed."""
    if user.language == code:
        return False
    user.language = code
    db.session.flush()
    return True
