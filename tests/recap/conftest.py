"""A past event with people on its agenda, its organizer signed in, and registrants."""

from datetime import timedelta

import pytest

from roundtable.extensions import db
from tests.managing import sign_in


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


@pytest.fixture
def event_id(app, organizer, make_event):
    """Ended two days ago; Dr. Raúl Benítez Manaut is a panelist."""
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event, EventSeries

    event_id = make_event(organizer_ids=[organizer], starts_in=-timedelta(days=2))
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.series = EventSeries(name="U.S.–Mexico Roundtable", slug=f"series-{event_id}")
        event.edition = 3
        item = AgendaItem(kind="panel", title="Panel Discussion", starts_at=event.starts_at,
                          ends_at=event.ends_at)
        item.roles.append(AgendaRole(role="panelist", person=Person(
            honorific="Dr.", name="Raúl Benítez Manaut", position="Professor")))
        event.agenda_items.append(item)
        db.session.add(Person(name="Not On The Agenda"))
        db.session.commit()
    return event_id


@pytest.fixture
def person_ids(app, event_id):
    """Ids of the agenda's panelist and of someone not on the agenda."""
    from roundtable.agenda.models import Person

    with app.app_context():
        on = db.session.scalar(db.select(Person.id).where(Person.name == "Raúl Benítez Manaut"))
        off = db.session.scalar(db.select(Person.id).where(Person.name == "Not On The Agenda"))
        return on, off


@pytest.fixture
def registrant(app, event_id):
    """Create a registration of the event; return its manage token."""
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    def make(status="confirmed", mode="online", email="ana@example.org"):
        with app.app_context():
            registration = Registration(event_id=event_id, name="Ana Barceló Durazo",
                                        email=email, mode=mode, status=status)
            db.session.add(registration)
            token = issue_token(registration)
            db.session.commit()
            return token

    return make


@pytest.fixture
def slug(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.get(Event, event_id).slug
