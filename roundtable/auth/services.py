"""Organizer accounts: creation and authentication."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from roundtable.auth.models import User
from roundtable.extensions import db

# Checked against when the account does not exist, so timing does not reveal it.
_DUMMY_HASH = generate_password_hash("timing-equaliser, never a real password")


class AccountError(ValueError):
    """An organizer account cannot be created as asked."""


def normalize_email(email: str) -> str:
    """Lower-case and strip an address so lookups are case-insensitive."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the organizer with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the organizer whose credentials these are, or None."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def create_organizer(email: str, name: str, password: str, is_admin: bool = False) -> User:
    """Create an organizer account; the caller commits."""
    from email_validator import EmailNotValidError, validate_email

    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AccountError(f"That email address is not valid: {exc}") from None
    if len(password) < 8:
        raise AccountError("The password must be at least 8 characters long.")
    if not name.strip():
        raise AccountError("The name must not be empty.")
    if find_user_by_email(email):
        raise AccountError(f"An organizer with the email {email} already exists.")
    user = User(email=normalize_email(email), name=name.strip()[:200], is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
