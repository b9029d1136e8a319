"""Series and events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from roundtable import labels
from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db
from roundtable.ownership.models import Managed, managers_table
from roundtable.public_text import PRIVATE, PUBLIC
from roundtable.single_line import MULTILINE

if TYPE_CHECKING:
    from roundtable.agenda.models import AgendaItem
    from roundtable.auth.models import User
    from roundtable.orgs.models import EventSponsor
    from roundtable.registration.models import Registration


class EventFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return labels.format_label(self.value)


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


event_organizers = Table(
    "event_organizers",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


series_managers = managers_table("series_managers", "event_series", "series_id")


class EventSeries(Managed, db.Model):
    """A recurring event, such as an annual roundtable."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), info=PUBLIC)
    slug: Mapped[str] = mapped_column(String(120), unique=True, info=PUBLIC)
    description: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    name_es: Mapped[str | None] = mapped_column(String(300))
    description_es: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    events: Mapped[list[Event]] = relationship(
        back_populates="series", order_by="Event.starts_at"
    )
    managers: Mapped[list[User]] = relationship(secondary=series_managers)

    def meeting_events(self) -> list[Event]:
        """Every edition's page shows the series (roundtable/public_text.py)."""
        return list(self.events)

    def __repr__(self) -> str:
        return f"<EventSeries {self.slug}>"


class Scheduled:
    """When and how an event happens, read from its row's columns.

    Shared by Event and by the event page's one-statement glance (events/glance.py),
    so the rules (public, past, offered audiences) are written once. Needs ``status``,
    ``format``, ``timezone``, ``starts_at`` and ``ends_at``.
    """

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.tz)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_public(self) -> bool:
        """Published and cancelled events are visible to everyone; drafts are not."""
        return self.status != EventStatus.DRAFT

    @property
    def is_past(self) -> bool:
        """The event has ended: it is a record now, shown as past, taking no registrations."""
        return self.ends_at <= utcnow()

    @property
    def offers_in_person(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def offers_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)


class Event(Scheduled, db.Model):
    """One gathering, in a room, on Zoom, or both."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("format IN ('in_person', 'online', 'hybrid')", name="format_valid"),
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status_valid"),
        CheckConstraint(
            "capacity_in_person IS NULL OR capacity_in_person >= 0",
            name="capacity_in_person_nonneg",
        ),
        CheckConstraint(
            "capacity_online IS NULL OR capacity_online >= 0", name="capacity_online_nonneg"
        ),
        CheckConstraint("edition IS NULL OR edition >= 1", name="edition_positive"),
        CheckConstraint("sequence >= 0", name="sequence_nonneg"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_window_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="SET NULL"), index=True
    )
    edition: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300), info=PUBLIC)
    slug: Mapped[str] = mapped_column(String(120), unique=True, info=PUBLIC)
    # Written in a text area: one short paragraph, line breaks allowed.
    summary: Mapped[str | None] = mapped_column(String(500), info={**PUBLIC, **MULTILINE})
    description: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    # Spanish versions; pages show the reader's language and fall back (i18n.localized).
    title_es: Mapped[str | None] = mapped_column(String(300))
    summary_es: Mapped[str | None] = mapped_column(String(500))
    description_es: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20), default=EventFormat.HYBRID, info=PRIVATE)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), info=PRIVATE)
    venue_name: Mapped[str | None] = mapped_column(String(300), info=PUBLIC)
    venue_address: Mapped[str | None] = mapped_column(String(500), info=PUBLIC)
    venue_room: Mapped[str | None] = mapped_column(String(200), info=PUBLIC)
    venue_name_es: Mapped[str | None] = mapped_column(String(300))
    venue_room_es: Mapped[str | None] = mapped_column(String(200))
    # Secrets: shown only to organizers and confirmed online registrants.
    zoom_join_url: Mapped[str | None] = mapped_column(String(500), info=PRIVATE)
    zoom_meeting_id: Mapped[str | None] = mapped_column(String(32), info=PRIVATE)
    zoom_passcode: Mapped[str | None] = mapped_column(String(64), info=PRIVATE)
    capacity_in_person: Mapped[int | None]
    capacity_online: Mapped[int | None]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.DRAFT, index=True,
                                        info=PRIVATE)
    cancellation_reason: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    cancellation_reason_es: Mapped[str | None] = mapped_column(Text)
    # The organizers' own words in every registrant's reminder (parking, what to bring),
    # in the registrant's language; it reaches everyone, so never the Zoom meeting.
    reminder_note: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    reminder_note_es: Mapped[str | None] = mapped_column(Text)
    # Whom registrants reach: Reply-To of their emails, ORGANIZER of calendar entries.
    contact_name: Mapped[str | None] = mapped_column(String(200), info=PUBLIC)
    contact_email: Mapped[str | None] = mapped_column(String(254), info=PUBLIC)
    # What a public event was before a change its audience must hear about, for
    # schema.org's EventRescheduled (previousStartDate) and EventMovedOnline.
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_format: Mapped[str | None] = mapped_column(String(20), info=PRIVATE)
    # Bumped whenever time, place or status changes, for iCalendar SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)
    # Bumped with every change its public VEVENTs or its page show (calendar/changes.py).
    calendar_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # When what its calendars show last changed: their DTSTAMP, LAST-MODIFIED and
    # Last-Modified. Moved at commit only when ``calendar_digest`` (a hash of the
    # calendars' bytes, calendar/stamps.py) changes, so a bio no calendar shows
    # leaves them alone.
    calendar_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    calendar_digest: Mapped[str | None] = mapped_column(String(64), info=PRIVATE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series: Mapped[EventSeries | None] = relationship(back_populates="events")
    organizers: Mapped[list[User]] = relationship(secondary=event_organizers)
    sponsors: Mapped[list[EventSponsor]] = relationship(
        back_populates="event",
        order_by="EventSponsor.sort_order",
        cascade="all, delete-orphan",
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="event",
        order_by="(AgendaItem.starts_at, AgendaItem.sort_order)",
        cascade="all, delete-orphan",
    )
    # Write-only: an event may have thousands; services query them explicitly.
    registrations: WriteOnlyMapped[Registration] = relationship(
        back_populates="event", passive_deletes=True
    )

    @property
    def format_label(self) -> str:
        return labels.format_label(self.format)

    @property
    def status_label(self) -> str:
        return labels.event_status_label(self.status)

    @property
    def edition_label(self) -> str | None:
        """'3rd Annual' ('3.ª edición anual') for an edition of a series."""
        if not self.edition:
            return None
        from roundtable.formatting import edition_ordinal

        return gettext("%(ordinal)s Annual", ordinal=edition_ordinal(self.edition))

    @property
    def series_key(self) -> tuple[int, str, str, str | None] | None:
        """The series as its subscribe links show it (id, slug, name, Spanish name)."""
        series = self.series
        if series is None:
            return None
        return (series.id, series.slug, series.name, series.name_es)

    @property
    def has_reception(self) -> bool:
        """Whether the agenda has a reception (in-person registrants are asked about it)."""
        return any(item.kind == "reception" for item in self.agenda_items)

    def is_organized_by(self, user) -> bool:
        """Return whether ``user`` may manage this event."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return user.is_admin or any(u.id == user.id for u in self.organizers)

    def meeting_events(self) -> list[Event]:
        """Its public text is shown beside its own meeting (roundtable/public_text.py)."""
        return [self]

    def linked_public(self) -> list:
        """Its series is shown on its page."""
        return [self.series] if self.series_id is not None or self.series else []

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"
