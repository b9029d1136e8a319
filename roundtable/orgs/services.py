"""Organization queries."""

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.events.services import public_events
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization


def get_organization_by_slug(slug: str) -> Organization | None:
    """Return an organization by slug."""
    return db.session.scalar(select(Organization).where(Organization.slug == slug))


def public_events_of(org: Organization) -> list[Event]:
    """Return the public events an organization hosts or sponsors, newest first."""
    query = public_events().where(
        Event.sponsors.any(EventSponsor.organization_id == org.id)
    ).order_by(Event.starts_at.desc())
    return list(db.session.scalars(query))
