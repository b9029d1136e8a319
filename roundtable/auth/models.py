"""Organizer accounts and the single-use links that manage them."""

from datetime import datetime
from enum import StrEnum

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db


def _current_language() -> str:
    from roundtable.i18n import current

    return current()


class User(UserMixin, db.Model):
    """An organizer who signs in to manage events."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # A deactivated account cannot sign in, and its sessions end.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Part of the session id (get_id): raising it ends every session and remember cookie.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The language account emails are written in: the page's language when the account
    # was created, then whichever the person last chose with the EN | ES switch.
    language: Mapped[str] = mapped_column(String(5), default=_current_language,
                                          server_default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """Flask-Login's alternative id: stale once the session version moves on."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Invalidate every session and remember cookie of this account."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password`` (scrypt unless configured otherwise)."""
        method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Return whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class TokenPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"
    EMAIL = "email"


class AccountToken(db.Model):
    """A single-use, expiring emailed link; only a hash of its secret is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('invitation', 'reset', 'email')", name="purpose_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link was sent to: the invitee's, or the new address to confirm.
    email: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # An invitation may make the invitee an admin, or a co-organizer of one event.
    grant_admin: Mapped[bool] = mapped_column(default=False)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def __repr__(self) -> str:
        return f"<AccountToken {self.id} {self.purpose}>"
