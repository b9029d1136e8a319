"""Organizations and their sponsorship of events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db
from roundtable.ownership.models import Managed, managers_table
from roundtable.public_text import PRIVATE, PUBLIC, related

if TYPE_CHECKING:
    from roundtable.auth.models import User
    from roundtable.events.models import Event

organization_managers = managers_table(
    "organization_managers", "organizations", "organization_id")


# An institution's role: Spanish agrees with "la institución" (Anfitriona, Copatrocinadora),
# so these have their own context apart from a person's agenda roles.
SPONSOR_ROLE_LABELS = {
    "host": lazy_pgettext("sponsor role", "Host"),
    "co_sponsor": lazy_pgettext("sponsor role", "Co-sponsor"),
    "partner": lazy_pgettext("sponsor role", "Partner"),
}


class SponsorRole(StrEnum):
    HOST = "host"
    CO_SPONSOR = "co_sponsor"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return str(SPONSOR_ROLE_LABELS[self.value])


class Organization(Managed, db.Model):
    """A university, committee or consortium that hosts or co-sponsors events."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), info=PUBLIC)
    short_name: Mapped[str | None] = mapped_column(String(80), info=PUBLIC)
    slug: Mapped[str] = mapped_column(String(120), unique=True, info=PUBLIC)
    website: Mapped[str | None] = mapped_column(String(500), info=PUBLIC)
    description: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    # The institution's own Spanish name ("Consulado de México en Tucson"); pages
    # show the reader's language and fall back (i18n.localized).
    name_es: Mapped[str | None] = mapped_column(String(300))
    short_name_es: Mapped[str | None] = mapped_column(String(80))
    description_es: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sponsorships: Mapped[list[EventSponsor]] = relationship(back_populates="organization")
    managers: Mapped[list[User]] = relationship(secondary=organization_managers)

    # What meeting_events() follows: the check loads its events in one query.
    meeting_events_path = ("sponsorships", "event")

    def meeting_events(self) -> list[Event]:
        """Shown with every event it sponsors (roundtable/public_text.py)."""
        return [sponsorship.event for sponsorship in self.sponsorships]

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


class EventSponsor(db.Model):
    """An organization's role in one event, in display order."""

    __tablename__ = "event_sponsors"
    __table_args__ = (
        UniqueConstraint("event_id", "organization_id"),
        CheckConstraint(
            "role IN ('host', 'co_sponsor', 'partner')", name="role_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=SponsorRole.CO_SPONSOR, info=PRIVATE)
    sort_order: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="sponsors")
    organization: Mapped[Organization] = relationship(back_populates="sponsorships")

    def meeting_events(self) -> list[Event]:
        return [related(self, "event")]

    def linked_public(self) -> list[Organization]:
        """A sponsorship puts its organization on the event's page."""
        return [related(self, "organization")]

    @property
    def role_label(self) -> str:
        return SponsorRole(self.role).label
