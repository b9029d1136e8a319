"""Every domain's models, imported in one place for Alembic autogenerate."""

from roundtable.agenda.models import AgendaItem, AgendaRole, Person, person_managers
from roundtable.api.models import ApiToken, IdempotentAnswer
from roundtable.attendance.models import OnlineAttendee, OnlineJoin
from roundtable.auth.models import AccountToken, User
from roundtable.calendar.models import CalendarComponent, CalendarState
from roundtable.events.models import Event, EventSeries, event_organizers, series_managers
from roundtable.mail.models import OutboxMessage, SentMessage
from roundtable.orgs.models import EventSponsor, Organization, organization_managers
from roundtable.recap.models import EventMaterial, EventRecording, EventSummary, SummaryQuote
from roundtable.registration.models import Registration
from roundtable.webhooks.models import WebhookDelivery, WebhookEndpoint
from roundtable.zoom.models import (
    ZoomDelivery,
    ZoomMeeting,
    ZoomPresence,
    ZoomRegistrant,
    ZoomTask,
    ZoomToken,
)

__all__ = [
    "ApiToken",
    "IdempotentAnswer",
    "WebhookDelivery",
    "WebhookEndpoint",
    "AccountToken",
    "AgendaItem",
    "AgendaRole",
    "CalendarComponent",
    "CalendarState",
    "Event",
    "EventMaterial",
    "EventRecording",
    "EventSeries",
    "EventSponsor",
    "EventSummary",
    "Organization",
    "OnlineAttendee",
    "OnlineJoin",
    "OutboxMessage",
    "Person",
    "Registration",
    "SentMessage",
    "SummaryQuote",
    "User",
    "ZoomDelivery",
    "ZoomMeeting",
    "ZoomPresence",
    "ZoomRegistrant",
    "ZoomTask",
    "ZoomToken",
    "event_organizers",
    "organization_managers",
    "person_managers",
    "series_managers",
]
