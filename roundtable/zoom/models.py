"""What Roundtable keeps about Zoom: the shared token, the work queue, meetings,
registrants, webhook deliveries seen and who is on the meeting now.

Kept apart from the domains' tables: the events and registration domains know
nothing of Zoom's API; this package reacts to their signals (queue.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration


class ZoomToken(db.Model):
    """The account's access token, one row shared by every worker and web process.

    A Server-to-Server token lives an hour; fetching one per request would hit
    Zoom's token limits, so whoever fetches it first stores it here.
    """

    __tablename__ = "zoom_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Which credentials it belongs to (a hash of account and client id, never the secret).
    account_key: Mapped[str] = mapped_column(String(64), unique=True)
    access_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:  # never the token
        return f"<ZoomToken until {self.expires_at:%H:%M}>"


class TaskStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class ZoomTask(db.Model):
    """One piece of Zoom work, queued in the transaction of the change behind it.

    Tasks say what to reconcile, not what to send: "make Zoom match registration
    42" is the same work however many times it is queued or retried.
    """

    __tablename__ = "zoom_tasks"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done', 'failed')", name="status_valid"),
        Index("ix_zoom_tasks_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "registrant", "meeting", "delete_meeting", "report", "webhook"
    kind: Mapped[str] = mapped_column(String(30))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    # JSON for what the kind needs beyond the ids (a webhook's body).
    payload: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<ZoomTask {self.id} {self.kind} {self.status}>"


class ZoomMeeting(db.Model):
    """The Zoom meeting or webinar Roundtable created for an event.

    Its id, passcode and join URL are copied onto the event (zoom_meeting_id, ...)
    so the pasted-link code paths keep working; the start URL stays here, for
    the event's organizers only.
    """

    __tablename__ = "zoom_meetings"
    __table_args__ = (
        CheckConstraint("kind IN ('meeting', 'webinar')", name="kind_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="meeting")
    host_email: Mapped[str] = mapped_column(String(254))
    zoom_id: Mapped[str | None] = mapped_column(String(32), index=True)
    start_url: Mapped[str | None] = mapped_column(Text)
    # "creating", "active", "deleted" (on Zoom, by us or there), "failed", "replaced" (the
    # organizer switched to their own link or none; its deletion on Zoom is queued)
    state: Mapped[str] = mapped_column(String(20), default="creating")
    last_error: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(
        backref=backref("zoom_meeting", uselist=False, cascade="all, delete-orphan"))

    @property
    def kind_label(self) -> str:
        from flask_babel import gettext as _

        return _("webinar") if self.kind == "webinar" else _("meeting")

    @property
    def is_live(self) -> bool:
        return self.state in ("creating", "active")

    def __repr__(self) -> str:  # never the start URL
        return f"<ZoomMeeting {self.id} {self.kind} {self.state}>"


class ZoomRegistrant(db.Model):
    """A registration as registered with Zoom: its personal join link is a secret."""

    __tablename__ = "zoom_registrants"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    registrant_id: Mapped[str | None] = mapped_column(String(64))
    # The email it was registered with on Zoom (to cancel it if the email changes).
    email: Mapped[str | None] = mapped_column(String(254))
    join_url: Mapped[str | None] = mapped_column(Text)
    # "registered", "cancelled", "refused" (Zoom will not register them: the meeting's
    # own link is used instead)
    state: Mapped[str] = mapped_column(String(20), default="registered")
    last_error: Mapped[str | None] = mapped_column(String(500))
    # When the short "your personal link" email was queued (once).
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship(
        backref=backref("zoom", uselist=False, cascade="all, delete-orphan"))

    def __repr__(self) -> str:  # never the join URL
        return f"<ZoomRegistrant {self.id} {self.state}>"


class ZoomDelivery(db.Model):
    """A webhook delivery already accepted: a replay of it changes nothing."""

    __tablename__ = "zoom_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ZoomPresence(db.Model):
    """One participant's session on the meeting, from the join and leave webhooks."""

    __tablename__ = "zoom_presence"
    __table_args__ = (UniqueConstraint("event_id", "participant_key", "joined_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    # Zoom's participant_user_id, else its id, else the name: who this is across rejoins.
    participant_key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    registrant_id: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
