"""Personal API tokens and the answers kept for Idempotency-Key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db

SCOPES = ("registrations:read", "registrations:write", "checkin", "attendance:read")


class ApiToken(db.Model):
    """An organizer's named token for their own tools; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the token, shown so its owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Space-separated, from SCOPES.
    scopes: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def allows(self, scope: str) -> bool:
        return scope in self.scope_list

    def is_usable(self, now: datetime) -> bool:
        return (self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
                and self.user.is_active)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}…>"


class IdempotentAnswer(db.Model):
    """The first answer to a write sent with an Idempotency-Key, replayed to repeats."""

    __tablename__ = "api_idempotent_answers"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(255))
    # Method, path and a hash of the body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
