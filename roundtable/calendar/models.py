"""What makes calendar feeds cheap: a content version and stored VEVENTs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db

SITE_SCOPE = "site"  # every public content change (the API's lists read it)
# Only changes a public calendar shows (calendar/stamps.py): the feeds' validators.
CALENDARS_SCOPE = "calendars"


class CalendarState(db.Model):
    """The public calendars' content version, bumped with every change that alters them."""

    __tablename__ = "calendar_state"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarComponent(db.Model):
    """One event's serialized VEVENT(s) for one content version, shared by every worker.

    ``kind`` is ``event`` (the event's VEVENT) or ``agenda`` (its items' VEVENTs);
    ``build_key`` covers the format, site URL and organizer address, so a change
    of any of them rebuilds. ``tzid`` and the years feed the VTIMEZONEs.
    """

    __tablename__ = "calendar_components"
    __table_args__ = (Index("ix_calendar_components_lookup", "event_id", "kind", "build_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    build_key: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]
    stamp: Mapped[datetime] = mapped_column(UTCDateTime)
    tzid: Mapped[str] = mapped_column(String(64))
    year_from: Mapped[int | None]
    year_to: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
