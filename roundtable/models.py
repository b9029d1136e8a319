"""Every domain's models, imported in one place for Alembic autogenerate."""

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.attendance.models import OnlineAttendee, OnlineJoin
from roundtable.auth.models import AccountToken, User
from roundtable.calendar.models import CalendarComponent, CalendarState
from roundtable.events.models import Event, EventSeries, event_organizers
from roundtable.mail.models import OutboxMessage, SentMessage
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.registration.models import Registration

__all__ = [
    "AccountToken",
    "AgendaItem",
    "AgendaRole",
    "CalendarComponent",
    "CalendarState",
    "Event",
    "EventSeries",
    "EventSponsor",
    "Organization",
    "OnlineAttendee",
    "OnlineJoin",
    "OutboxMessage",
    "Person",
    "Registration",
    "SentMessage",
    "User",
    "event_organizers",
]
