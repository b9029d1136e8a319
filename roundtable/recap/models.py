"""What an event leaves behind: its recording, materials, summary and quotes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from roundtable.agenda.models import Person
from roundtable.db_types import UTCDateTime, utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.i18n import localized
from roundtable.public_text import PRIVATE, PUBLIC, related


class EventRecording(db.Model):
    """The event's recording: a secret like the Zoom link unless marked public."""

    __tablename__ = "event_recordings"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    # Reaches every registrant, or everyone: never the live meeting's link.
    url: Mapped[str] = mapped_column(String(500), info=PUBLIC)
    # A secret of its own, given only with the recording (recap/services.py).
    passcode: Mapped[str | None] = mapped_column(String(64), info=PRIVATE)
    is_public: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()

    def meeting_events(self) -> list[Event]:
        return [related(self, "event")]

    def __repr__(self) -> str:  # never the link or passcode: reprs end up in logs
        return f"<EventRecording event={self.event_id} public={self.is_public}>"


class EventMaterial(db.Model):
    """A link shared after the event (slides, a paper), public or for registrants only."""

    __tablename__ = "event_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), info=PUBLIC)
    title_es: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), info=PUBLIC)
    is_public: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()

    def meeting_events(self) -> list[Event]:
        """Even registrants-only materials reach people the meeting is not for."""
        return [related(self, "event")]


class EventSummary(db.Model):
    """The organizer's published account of the event: Markdown text and key takeaways."""

    __tablename__ = "event_summaries"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, info=PUBLIC)
    # One takeaway per line, in the organizer's order.
    takeaways: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    # Spanish versions, shown to Spanish readers with the English as fallback.
    body_es: Mapped[str | None] = mapped_column(Text)
    takeaways_es: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # A backref, so the calendar builder can read it from a loaded event and a new
    # summary makes the event dirty (calendar/changes.py bumps its version).
    event: Mapped[Event] = relationship(
        backref=backref("summary_record", uselist=False, cascade="all, delete-orphan",
                        passive_deletes=True)
    )
    quotes: Mapped[list[SummaryQuote]] = relationship(
        primaryjoin="EventSummary.event_id == foreign(SummaryQuote.event_id)",
        order_by="SummaryQuote.sort_order", viewonly=True,
    )

    def meeting_events(self) -> list[Event]:
        return [related(self, "event")]

    @property
    def takeaway_list(self) -> list[str]:
        """The takeaways in the reader's language (falling back to the other one)."""
        text = localized(self, "takeaways") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SummaryQuote(db.Model):
    """Words said at the event, attributed to one of its agenda people."""

    __tablename__ = "summary_quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(Text, info=PUBLIC)
    text_es: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()

    def meeting_events(self) -> list[Event]:
        return [related(self, "event")]
