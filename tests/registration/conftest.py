"""Helpers for registration tests."""

import pytest
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration


@pytest.fixture
def register_via_form(client):
    """POST the public form; return the response."""

    def post(slug, name="Raúl Benítez Manaut", email="raul@example.org", mode="in_person",
             **extra):
        data = {"name": name, "email": email, "mode": mode, **extra}
        return client.post(f"/events/{slug}/register", data=data)

    return post


@pytest.fixture
def registrations(app):
    """Return all registrations of an event (or all), oldest first, as plain dicts."""

    def fetch(event_id=None):
        with app.app_context():
            query = select(Registration).order_by(Registration.id)
            if event_id:
                query = query.where(Registration.event_id == event_id)
            return [
                {"id": r.id, "name": r.name, "email": r.email, "mode": r.mode,
                 "status": r.status, "reception": r.attends_reception,
                 "checked_in": r.checked_in_at is not None}
                for r in db.session.scalars(query)
            ]

    return fetch


@pytest.fixture
def outbox(app):
    """Return queued messages as dicts, oldest first."""

    def fetch(kind=None):
        with app.app_context():
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            if kind:
                query = query.where(OutboxMessage.kind == kind)
            return [
                {"kind": m.kind, "to": m.recipient, "subject": m.subject,
                 "text": m.body_text, "html": m.body_html or ""}
                for m in db.session.scalars(query)
            ]

    return fetch


@pytest.fixture
def token_of(app):
    """Return a registration's manage token by id."""
    from roundtable.registration.tokens import token_for

    def get(registration_id):
        with app.app_context():
            return token_for(db.session.get(Registration, registration_id))

    return get


@pytest.fixture
def organized_event(make_user, make_event, auth, register_via_form):
    """An event "rt" (2 seats in the room, 5 online) whose owner is signed in.

    ``organized_event(people)`` registers ``people`` (name, email, mode) through the public
    form in that order and returns the event's id; other@example.org organizes nothing.
    """

    def create(people):
        owner = make_user(email="owner@example.org")
        make_user(email="other@example.org")
        event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=2,
                              capacity_online=5)
        for name, email, mode in people:
            register_via_form("rt", name=name, email=email, mode=mode)
        auth.login("owner@example.org")
        return event_id

    return create
