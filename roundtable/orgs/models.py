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
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sponsorships: Mapped[list[EventSponsor]] = relationship(back_populates="organization")
    managers: Mapped[list[User]] = relationship(secondary=organization_managers)

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
    role: Mapped[str] = mapped_column(String(20), default=SponsorRole.CO_SPONSOR)
    sort_order: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="sponsors")
    organization: Mapped[Organization] = relationship(back_populates="sponsorships")

    @property
    def role_label(self) -> str:
        return SponsorRole(self.role).label
