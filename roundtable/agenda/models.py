"""Agenda items, the people who speak, and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db
from roundtable.i18n import localized
from roundtable.ownership.models import Managed, managers_table
from roundtable.public_text import PRIVATE, PUBLIC, related

if TYPE_CHECKING:
    from roundtable.auth.models import User
    from roundtable.events.models import Event

person_managers = managers_table("person_managers", "people", "person_id")


class AgendaKind(StrEnum):
    OPENING_REMARKS = "opening_remarks"
    WELCOME = "welcome"
    KEYNOTE = "keynote"
    PANEL = "panel"
    REMARKS = "remarks"
    QA = "qa"
    BREAK = "break"
    RECEPTION = "reception"
    OTHER = "other"

    @property
    def label(self) -> str:
        return AGENDA_KIND_LABELS[self.value]


AGENDA_KIND_LABELS = {
    "opening_remarks": _l("Opening remarks"),
    "welcome": _l("Welcome"),
    "keynote": _l("Keynote address"),
    "panel": _l("Panel discussion"),
    "remarks": _l("Remarks"),
    "qa": lazy_pgettext("agenda item kind", "Q&A"),
    "break": _l("Break"),
    "reception": _l("Reception"),
    "other": _l("Other"),
}


class RoleKind(StrEnum):
    KEYNOTE_SPEAKER = "keynote_speaker"
    SPEAKER = "speaker"
    PANELIST = "panelist"
    MODERATOR = "moderator"
    HOST = "host"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.value]


ROLE_LABELS = {
    "keynote_speaker": _l("Keynote speaker"),
    "speaker": _l("Speaker"),
    "panelist": _l("Panelist"),
    "moderator": _l("Moderator"),
    # A person's role; the same English word for an institution has its own context.
    "host": lazy_pgettext("agenda role", "Host"),
}


# The order an agenda usually runs in: a new item starts as the first of these the event
# lacks (agenda/services.py, next_kind). A welcome stands for the opening remarks.
USUAL_ORDER = ("opening_remarks", "keynote", "panel", "remarks", "qa", "break", "reception")
SAME_PLACE = {"welcome": "opening_remarks"}


# The role a person added to an item of this kind most likely has.
KIND_DEFAULT_ROLES = {"keynote": "keynote_speaker", "panel": "panelist"}


def default_role(kind: str) -> str:
    """The role to preselect for someone added to an item of ``kind``."""
    return KIND_DEFAULT_ROLES.get(kind, "speaker")


def _in_list(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class AgendaItem(db.Model):
    """One part of an event's programme."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint(_in_list("kind", AgendaKind), name="kind_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default=AgendaKind.OTHER, info=PRIVATE)
    title: Mapped[str] = mapped_column(String(300), info=PUBLIC)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    title_es: Mapped[str | None] = mapped_column(String(300))
    description_es: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(300), info=PUBLIC)
    location_es: Mapped[str | None] = mapped_column(String(300))
    # A reception happens in the room only; it is not streamed.
    in_person_only: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="agenda_items")
    roles: Mapped[list[AgendaRole]] = relationship(
        back_populates="agenda_item",
        order_by="AgendaRole.sort_order",
        cascade="all, delete-orphan",
    )

    def meeting_events(self) -> list[Event]:
        """Shown on its event's page and calendars (roundtable/public_text.py)."""
        return [related(self, "event")]

    def linked_public(self) -> list[Person]:
        return [role.person for role in self.roles]

    @property
    def kind_label(self) -> str:
        return AGENDA_KIND_LABELS.get(self.kind, self.kind)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.event.tz)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.event.tz)


class Person(Managed, db.Model):
    """A speaker, panelist or moderator, reused across events."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    honorific: Mapped[str | None] = mapped_column(String(40), info=PUBLIC)
    name: Mapped[str] = mapped_column(String(200), info=PUBLIC)
    position: Mapped[str | None] = mapped_column(String(300), info=PUBLIC)
    affiliation: Mapped[str | None] = mapped_column(String(300), info=PUBLIC)
    bio: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    position_es: Mapped[str | None] = mapped_column(String(300))
    bio_es: Mapped[str | None] = mapped_column(Text)
    # Spanish honorifics carry gender ("Dra.", "Cónsul"), so they are their own field.
    honorific_es: Mapped[str | None] = mapped_column(String(40))
    affiliation_es: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    roles: Mapped[list[AgendaRole]] = relationship(back_populates="person")
    managers: Mapped[list[User]] = relationship(secondary=person_managers)

    # What meeting_events() follows: the check loads its items and events in one query.
    meeting_events_path = ("roles", "agenda_item", "event")

    def meeting_events(self) -> list[Event]:
        """Shown with every event they have a role in (roundtable/public_text.py)."""
        return [role.agenda_item.event for role in self.roles if role.agenda_item is not None]

    @property
    def display_name(self) -> str:
        """'Dr. Raúl Benítez Manaut' ('Dra. Guadalupe Correa-Cabrera'), in the reader's language."""
        honorific = localized(self, "honorific")
        return f"{honorific} {self.name}" if honorific else self.name

    def __repr__(self) -> str:
        return f"<Person {self.name}>"


class AgendaRole(db.Model):
    """A person's part in an agenda item: keynote speaker, panelist, moderator..."""

    __tablename__ = "agenda_roles"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "person_id", "role"),
        CheckConstraint(_in_list("role", RoleKind), name="role_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(30), default=RoleKind.SPEAKER, info=PRIVATE)
    sort_order: Mapped[int] = mapped_column(default=0)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="roles")
    person: Mapped[Person] = relationship(back_populates="roles")

    def meeting_events(self) -> list[Event]:
        item = related(self, "agenda_item")
        return [related(item, "event")] if item is not None else []

    def linked_public(self) -> list[Person]:
        """A role puts its person on the event's page."""
        return [related(self, "person")]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)
