"""Load the demo data: the model case and an upcoming edition open for registration."""

import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from roundtable import demo_data as data
from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.auth.models import User
from roundtable.auth.services import create_organizer, find_user_by_email
from roundtable.demo_attendance import load_attendance
from roundtable.events.models import Event, EventSeries, EventStatus
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization, SponsorRole
from roundtable.recap.models import EventSummary

DEMO_EMAIL = "organizer@roundtable.example"
DEMO_NAME = "Demo Organizer"


def _get_or_create(model, lookup: dict, values: dict):
    obj = db.session.scalar(select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
        db.session.flush()
    return obj


def _local(day: date, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(tz)).astimezone(UTC)


def _build_edition(spec: dict, day: date, series, orgs, people, organizer, extra: dict) -> Event:
    starts = _local(day, data.START_HOUR, data.TIMEZONE)
    event = Event(
        series=series,
        edition=spec["edition"],
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        description=spec["description"],
        title_es=spec.get("title_es"),
        summary_es=spec.get("summary_es"),
        description_es=spec.get("description_es"),
        format="hybrid",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=data.EVENT_MINUTES),
        timezone=data.TIMEZONE,
        organizers=[organizer],
        contact_name=organizer.name,
        contact_email=organizer.email,
        **data.VENUE,
        **extra,
    )
    for order, org in enumerate(orgs):
        event.sponsors.append(
            EventSponsor(organization=org, role=SponsorRole.CO_SPONSOR, sort_order=order)
        )
    for order, (kind, title, offset, minutes, in_person_only, roles) in enumerate(data.AGENDA):
        item = AgendaItem(
            kind=kind,
            title=title,
            title_es=data.AGENDA_ES.get(kind),
            starts_at=starts + timedelta(minutes=offset),
            ends_at=starts + timedelta(minutes=offset + minutes),
            in_person_only=in_person_only,
            location=data.AGENDA_LOCATIONS.get(kind, (None, None))[0],
            location_es=data.AGENDA_LOCATIONS.get(kind, (None, None))[1],
            sort_order=order,
        )
        for role_order, (key, role) in enumerate(roles):
            item.roles.append(AgendaRole(person=people[key], role=role, sort_order=role_order))
        event.agenda_items.append(item)
    db.session.add(event)
    return event


def _upcoming_day(today: date) -> date:
    """Six weeks ahead: always after the day the command runs."""
    return today + timedelta(weeks=6)


def load_demo(today: date | None = None) -> dict:
    """Create the demo records that do not exist yet; return what was created."""
    today = today or datetime.now(UTC).date()
    created: dict = {"password": None, "events": []}
    organizer = find_user_by_email(DEMO_EMAIL)
    if organizer is None:
        created["password"] = secrets.token_urlsafe(12)
        organizer = create_organizer(DEMO_EMAIL, DEMO_NAME, created["password"])
    series = _get_or_create(
        EventSeries, {"slug": data.SERIES["slug"]},
        {k: v for k, v in data.SERIES.items() if k != "slug"},
    )
    orgs = [
        _get_or_create(Organization, {"slug": o["slug"]},
                       {k: v for k, v in o.items() if k != "slug"})
        for o in data.ORGANIZATIONS
    ]
    people = {
        key: _get_or_create(Person, {"name": p["name"]},
                            {k: v for k, v in p.items() if k != "name"})
        for key, p in data.PEOPLE.items()
    }
    for record in (series, *orgs, *people.values()):
        if not record.managers:  # the demo organizer manages what the demo created
            record.managers.append(organizer)
    third = data.THIRD_EDITION
    third_event = db.session.scalar(select(Event).filter_by(slug=third["slug"]))
    if third_event is None:
        third_event = _build_edition(
            third, date(*third["date"]), series, orgs, people, organizer,
            {"status": EventStatus.PUBLISHED, "capacity_in_person": 120,
             "capacity_online": 300})
        created["events"].append(third["title"])
    load_attendance(third_event)  # only while the past edition has no registrations
    if third_event.summary_record is None:  # also for demos loaded before summaries existed
        third_event.summary_record = EventSummary(**data.THIRD_EDITION_SUMMARY)
    if db.session.scalar(select(Event).filter_by(series_id=series.id, edition=4)) is None:
        day = _upcoming_day(today)
        fourth = {
            **third,
            "title": "4th Annual U.S.–Mexico Defense & Security Roundtable",
            "title_es": "4.ª Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad",
            "slug": f"us-mexico-defense-security-roundtable-{day.year}",
            "edition": 4,
        }
        if db.session.scalar(select(Event).filter_by(slug=fourth["slug"])) is not None:
            fourth["slug"] += "-4th"
        _build_edition(fourth, day, series, orgs, people, organizer, {
            "status": EventStatus.PUBLISHED,
            "capacity_in_person": 80,
            "capacity_online": 250,
            "registration_opens_at": datetime.now(UTC) - timedelta(days=1),
            "registration_closes_at": _local(day, data.START_HOUR, data.TIMEZONE),
            # A placeholder meeting so the Zoom flows can be tried; not a real meeting.
            "zoom_join_url": "https://zoom.us/j/85512345678?pwd=RGVtb1JvdW5kdGFibGU",
            "zoom_meeting_id": "855 1234 5678",
            "zoom_passcode": "frontera4",
        })
        created["events"].append(fourth["title"])
    db.session.flush()
    created["organizer"] = organizer
    return created


def demo_organizer() -> User | None:
    """Return the demo organizer account, if loaded."""
    return find_user_by_email(DEMO_EMAIL)
