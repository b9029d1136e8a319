"""Database-level integrity: every constraint refuses a violating row."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token

START = datetime(2024, 11, 21, 23, 0, tzinfo=UTC)


def _event(**overrides):
    values = dict(title="Roundtable", slug="roundtable", starts_at=START,
                  ends_at=START + timedelta(minutes=90), timezone="America/Phoenix")
    values.update(overrides)
    return Event(**values)


def _registration(event, email="raul@example.org", **overrides):
    values = dict(name="Raúl Benítez Manaut", mode="in_person", status="confirmed")
    values.update(overrides)
    reg = Registration(event=event, email=email, **values)
    issue_token(reg)
    return reg


def _fails(*objects):
    db.session.add_all(objects)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_times_round_trip_as_aware_utc(ctx):
    db.session.add(_event())
    db.session.commit()
    db.session.expire_all()
    event = db.session.scalar(db.select(Event))
    assert event.starts_at == START
    assert event.starts_at.tzinfo is not None
    assert event.local_start.strftime("%H:%M %Z") == "16:00 MST"


def test_naive_datetimes_are_refused(ctx):
    db.session.add(_event(starts_at=datetime(2024, 11, 21, 16, 0)))
    with pytest.raises(Exception, match="naive"):
        db.session.flush()
    db.session.rollback()


def test_event_slug_unique(ctx):
    db.session.add(_event())
    db.session.commit()
    _fails(_event())


def test_event_ends_after_start(ctx):
    _fails(_event(ends_at=START))


@pytest.mark.parametrize("field", ["capacity_in_person", "capacity_online"])
def test_capacity_not_negative(ctx, field):
    _fails(_event(**{field: -1}))


def test_event_format_and_status_checked(ctx):
    _fails(_event(format="telepathy"))
    _fails(_event(status="maybe"))


def test_series_and_org_slugs_unique(ctx):
    db.session.add_all([EventSeries(name="A", slug="a"), Organization(name="O", slug="o")])
    db.session.commit()
    _fails(EventSeries(name="B", slug="a"))
    _fails(Organization(name="P", slug="o"))


def test_one_live_registration_per_event_and_email(ctx):
    event = _event()
    db.session.add(_registration(event))
    db.session.commit()
    _fails(_registration(event))


def test_cancelled_registration_does_not_block_a_new_one(ctx):
    event = _event()
    db.session.add(_registration(event, status="cancelled"))
    db.session.add(_registration(event, status="cancelled"))
    db.session.add(_registration(event))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 3


def test_registration_mode_checked(ctx):
    _fails(_registration(_event(), mode="carrier-pigeon"))


def test_agenda_item_end_not_before_start(ctx):
    event = _event()
    item = AgendaItem(event=event, kind="keynote", title="Keynote", starts_at=START,
                      ends_at=START - timedelta(minutes=1))
    _fails(event, item)


def test_agenda_kind_and_role_checked(ctx):
    event = _event()
    _fails(AgendaItem(event=event, kind="juggling", title="x", starts_at=START, ends_at=START))
    person = Person(name="Guadalupe Correa-Cabrera")
    item = AgendaItem(event=_event(slug="b"), kind="panel", title="Panel",
                      starts_at=START, ends_at=START)
    _fails(AgendaRole(agenda_item=item, person=person, role="heckler"))


def test_deleting_an_event_removes_agenda_and_sponsors(ctx):
    org = Organization(name="University of Arizona", slug="ua")
    event = _event()
    event.sponsors.append(EventSponsor(organization=org, role="co_sponsor"))
    event.agenda_items.append(AgendaItem(kind="reception", title="Reception",
                                         starts_at=START, ends_at=START))
    db.session.add(event)
    db.session.commit()
    db.session.delete(event)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AgendaItem.id))) == 0
    assert db.session.scalar(db.select(db.func.count(EventSponsor.id))) == 0
    assert db.session.get(Organization, org.id) is not None


def test_organization_in_use_cannot_be_deleted(ctx):
    org = Organization(name="Tucson Committee on Foreign Relations", slug="tcfr")
    event = _event()
    event.sponsors.append(EventSponsor(organization=org))
    db.session.add(event)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(db.delete(Organization).where(Organization.id == org.id))
    db.session.rollback()


def test_event_with_registrations_cannot_be_deleted(ctx):
    event = _event()
    db.session.add(_registration(event))
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(db.delete(Event).where(Event.id == event.id))
    db.session.rollback()


def test_unicode_names_round_trip(ctx):
    person = Person(honorific="Dr.", name="Raúl Benítez Manaut")
    db.session.add(person)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Person, person.id).display_name == "Dr. Raúl Benítez Manaut"


def test_edition_label():
    assert [Event(edition=n).edition_label for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st Annual", "2nd Annual", "3rd Annual", "4th Annual", "11th Annual",
        "12th Annual", "13th Annual", "21st Annual", "22nd Annual", "101st Annual",
    ]
