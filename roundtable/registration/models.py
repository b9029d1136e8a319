"""Registrations: one person attending one event, in the room or on Zoom."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, false, text
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.base import NO_VALUE

from roundtable import folding, labels
from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db

if TYPE_CHECKING:
    from roundtable.events.models import Event


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return labels.mode_label(self.value)

    @property
    def phrase(self) -> str:
        return labels.mode_phrase(self.value)


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Registration(db.Model):
    """A person's place at an event, confirmed, waitlisted or cancelled."""

    __tablename__ = "registrations"
    __table_args__ = (
        CheckConstraint("mode IN ('in_person', 'online')", name="mode_valid"),
        CheckConstraint(
            "status IN ('confirmed', 'waitlisted', 'cancelled')", name="status_valid"
        ),
        # One live registration per event and email; cancelled ones may repeat. A walk-in
        # may have no email (NULL): NULLs never collide in a unique index, on SQLite or
        # PostgreSQL, so any number of them may share an event.
        Index(
            "uq_registrations_live_email",
            "event_id",
            "email",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        Index("ix_registrations_event_mode_status", "event_id", "mode", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200))
    # Normalized: stripped and lower-cased, so uniqueness is case-insensitive. None only
    # for a walk-in who gave none at the door: nobody can email them (no mail is queued).
    email: Mapped[str | None] = mapped_column(String(254))
    affiliation: Mapped[str | None] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    # When the person joined the waitlist of their current mode; queue order.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attends_reception: Mapped[bool | None]
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Added at the door by an organizer, possibly beyond the room's capacity.
    is_walk_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language they registered in: every email to them is written in it.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # sha256 of the manage token; the token itself is never stored.
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Random salt from which the manage token is derived with the secret key.
    token_nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Raised with every change of what the registrant's own calendar copy shows beyond
    # the event (their mode: LOCATION), so its SEQUENCE rises (ics.registrant_sequence).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # Name, email and affiliation folded (``folding.search_text``), set at every flush:
    # what the organizer's list, the attendance search and the API match with LIKE, so
    # "benitez" finds "Benítez Manaut" on SQLite and PostgreSQL alike.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    event: Mapped[Event] = relationship(back_populates="registrations")

    @property
    def mode_label(self) -> str:
        return labels.mode_label(self.mode)

    @property
    def mode_phrase(self) -> str:
        """'in person' or 'online via Zoom', for the middle of a sentence."""
        return labels.mode_phrase(self.mode)

    @property
    def status_label(self) -> str:
        return labels.status_label(self.status)

    @property
    def summary(self) -> str:
        """'In person, confirmed'."""
        return labels.registration_summary(self)

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def may_see_zoom(self) -> bool:
        """Only confirmed online registrants of a live event get the Zoom link."""
        return (
            self.is_confirmed
            and self.mode == AttendanceMode.ONLINE
            and not self.event.is_cancelled
        )

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"


class DoorAction(db.Model):
    """An action done at the door (maybe offline), applied once by its client-made id.

    A phone queues what the volunteer did with a unique id and the time it
    happened; when it syncs, the server applies each id once and keeps the
    outcome here, so a retried sync replays the answer instead of doing it again.
    """

    __tablename__ = "door_actions"

    # The client's id (a UUID), unique across every event and device.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(20))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"))
    # "applied", "conflict" (someone else did it first) or "refused" (the rules said no).
    outcome: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(500), default="")
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@sa_event.listens_for(Registration, "before_insert")
@sa_event.listens_for(Registration, "before_update")
def _fold_search_text(_mapper, _connection, registration: Registration) -> None:
    """Keep ``search_text`` what the name, email and affiliation fold to."""
    folded = folding.search_text(registration.name, registration.email,
                                 registration.affiliation)
    if registration.search_text != folded:
        registration.search_text = folded


@sa_event.listens_for(Registration.mode, "set")
def _mode_revises(registration: Registration, value, old, _initiator) -> None:
    """A new mode, by any path (self-service, correction, format change): a new revision."""
    if old is not NO_VALUE and old is not None and value != old:
        registration.revision = (registration.revision or 0) + 1
