"""People seen in an event's Zoom participant report, and each of their joins."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roundtable.db_types import UTCDateTime
from roundtable.extensions import db
from roundtable.registration.models import Registration


class OnlineStatus(StrEnum):
    UNMATCHED = "unmatched"      # waiting for the organizer
    MATCHED = "matched"          # a registration of the event
    UNREGISTERED = "unregistered"  # came without registering: counted, like a walk-in
    IGNORED = "ignored"          # not an attendee (the host's second device, a test)


STATUS_LABELS = {
    "unmatched": _l("Not matched yet"),
    "matched": _l("Matched to a registration"),
    "unregistered": _l("Came without registering"),
    "ignored": _l("Not counted"),
}


class MatchedBy(StrEnum):
    EMAIL = "email"
    NAME = "name"
    HAND = "hand"
    ZOOM = "zoom"  # Zoom's report named the registrant Roundtable registered


class OnlineAttendee(db.Model):
    """One person in the Zoom report; ``minutes`` is the union of their joins (intervals.py)."""

    __tablename__ = "online_attendees"
    __table_args__ = (
        # Re-importing the same report finds the same person again.
        UniqueConstraint("event_id", "identity"),
        CheckConstraint("minutes >= 0", name="minutes_nonneg"),
        CheckConstraint("status IN ('unmatched', 'matched', 'unregistered', 'ignored')",
                        name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # "email:<address>" or "name:<matching key>": who this is across imports.
    identity: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(200))
    original_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    is_guest: Mapped[bool | None]
    minutes: Mapped[int] = mapped_column(default=0)
    first_join_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_leave_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=OnlineStatus.UNMATCHED)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    matched_by: Mapped[str | None] = mapped_column(String(10))

    registration: Mapped[Registration | None] = relationship()
    joins: Mapped[list[OnlineJoin]] = relationship(
        back_populates="attendee", order_by="OnlineJoin.joined_at",
        cascade="all, delete-orphan",
    )

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, self.original_name) if n]

    def __repr__(self) -> str:
        return f"<OnlineAttendee {self.id} {self.status}>"


class OnlineJoin(db.Model):
    """One row of the Zoom report: a join and the matching leave."""

    __tablename__ = "online_joins"
    __table_args__ = (
        UniqueConstraint("attendee_id", "joined_at", "left_at"),
        CheckConstraint("minutes >= 0", name="minutes_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("online_attendees.id", ondelete="CASCADE")
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=0)

    attendee: Mapped[OnlineAttendee] = relationship(back_populates="joins")
