"""Organizations and the events they host or co-sponsor."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roundtable.events.models import Event
from roundtable.events.services import public_events
from roundtable.extensions import db
from roundtable.i18n import quoted, word_list
from roundtable.matching import organization_words, similar
from roundtable.orgs.models import EventSponsor, Organization, SponsorRole
from roundtable.ownership.services import visible_events
from roundtable.uniqueness import slug_taken, unique_slug
from roundtable.validation import FieldErrors


class OrganizationInUse(ValueError):
    """The organization sponsors events, so it cannot be deleted."""

    def __init__(self, org: Organization, titles: list[str], hidden: int = 0):
        # Other organizers' drafts are counted, never named.
        others = [ngettext("%(num)d unpublished event of other organizers",
                           "%(num)d unpublished events of other organizers", hidden)]
        named = word_list([*(quoted(t) for t in titles), *(others if hidden else [])])
        super().__init__(
            _("%(name)s cannot be deleted: it is a sponsor of %(titles)s. Remove it from those "
              "events first.", name=org.name, titles=named)
        )
        self.titles = titles


def get_organization_by_slug(slug: str) -> Organization | None:
    """Return an organization by slug."""
    return db.session.scalar(select(Organization).where(Organization.slug == slug))


def public_events_of(org: Organization) -> list[Event]:
    """Return the public events an organization hosts or sponsors, newest first."""
    query = public_events().where(
        Event.sponsors.any(EventSponsor.organization_id == org.id)
    ).order_by(Event.starts_at.desc())
    return list(db.session.scalars(query))


def list_organizations() -> list[Organization]:
    """Return every organization by name, with the events each sponsors loaded."""
    return list(db.session.scalars(
        select(Organization)
        .options(selectinload(Organization.sponsorships).selectinload(EventSponsor.event),
                 selectinload(Organization.managers))
        .order_by(Organization.name)
    ))


def similar_organizations(name: str) -> list[Organization]:
    """Organizations whose name or short name is like ``name``, the most alike first.

    "Univ. of Arizona" and "The University of Arizona" find "University of Arizona"
    (matching.similar: abbreviations, articles, accents, case and typos).
    """
    orgs = db.session.scalars(select(Organization).order_by(Organization.name))
    return similar(orgs, name, words=organization_words,
                   names=lambda o: [o.name, o.short_name, o.name_es, o.short_name_es])


def sponsor_candidates(event: Event) -> list[Organization]:
    """Return the organizations that are not yet sponsors of the event, by name."""
    taken = {s.organization_id for s in event.sponsors}
    return [o for o in list_organizations() if o.id not in taken]


def get_organization(org_id: int) -> Organization | None:
    """Return an organization by id, with its sponsorships loaded."""
    return db.session.scalar(
        select(Organization).where(Organization.id == org_id)
        .options(selectinload(Organization.sponsorships).selectinload(EventSponsor.event)
                 .selectinload(Event.organizers), selectinload(Organization.managers))
    )


def events_shown_to(org: Organization, user) -> list[Event]:
    """The events an organization sponsors that ``user`` may see listed (no others' drafts)."""
    return visible_events((s.event for s in org.sponsorships), user)


def save_organization(data: dict, org: Organization | None = None, *,
                      creator=None) -> Organization:
    """Create an organization managed by ``creator``, or update ``org``.

    Raises FieldErrors on a taken slug. Callers check that the user manages ``org``.
    """
    slug = data.get("slug")
    if slug and slug_taken(Organization, slug, org.id if org else None):
        raise FieldErrors({"slug": _("Another organization already uses “%(slug)s”.", slug=slug)})
    if org is None:
        org = Organization(slug=slug or unique_slug(Organization, data["name"], fallback="org"),
                           managers=[creator] if creator is not None else [])
        db.session.add(org)
    elif slug:
        org.slug = slug
    for name in ("name", "short_name", "name_es", "short_name_es", "website", "description",
                 "description_es"):
        setattr(org, name, data.get(name))
    db.session.flush()
    return org


def delete_organization(org: Organization, user=None) -> None:
    """Delete an organization that sponsors no event; else raise OrganizationInUse."""
    if org.sponsorships:
        shown = events_shown_to(org, user)
        hidden = len({s.event_id for s in org.sponsorships}) - len(shown)
        raise OrganizationInUse(org, sorted(e.title for e in shown), hidden)
    db.session.delete(org)
    db.session.flush()


def add_sponsor(event: Event, organization_id: int, role: str) -> EventSponsor:
    """Attach an organization to the event in a role, after the others."""
    org = db.session.get(Organization, organization_id)
    if org is None:
        raise FieldErrors({"organization_id": _("Choose an organization from the list.")})
    if role not in tuple(SponsorRole):
        raise FieldErrors({"role": _("Choose host, co-sponsor or partner.")})
    if any(s.organization_id == org.id for s in event.sponsors):
        raise FieldErrors({"organization_id": _("%(name)s is already a sponsor of this event.",
                                                name=org.name)})
    order = max((s.sort_order for s in event.sponsors), default=-1) + 1
    sponsor = EventSponsor(organization=org, role=role, sort_order=order)
    event.sponsors.append(sponsor)
    db.session.flush()
    return sponsor


def find_sponsor(event: Event, sponsor_id: int) -> EventSponsor | None:
    """Return the event's sponsorship with this id, if it is this event's."""
    return next((s for s in event.sponsors if s.id == sponsor_id), None)


def remove_sponsor(event: Event, sponsor: EventSponsor) -> None:
    """Detach a sponsor from the event."""
    event.sponsors.remove(sponsor)
    db.session.flush()


def move_sponsor(event: Event, sponsor: EventSponsor, step: int) -> None:
    """Move a sponsor one place up (-1) or down (+1) in the event's list."""
    ordered = sorted(event.sponsors, key=lambda s: (s.sort_order, s.id))
    i = ordered.index(sponsor)
    j = i + step
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for n, s in enumerate(ordered):
        s.sort_order = n
    db.session.flush()
