"""Every registration search ignores accents and case, in SQL, on SQLite and PostgreSQL:
the organizer's list, the attendance search and the API match ``registrations.search_text``
(``roundtable.folding``, the door's own folding), kept at every flush."""

import pytest
from sqlalchemy import select, text

from roundtable import folding
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token
from tests.dbutil import recorded_statements

PEOPLE = [("Dra. Ana Ramírez Ortega", "ana@example.org", "CIDE"),
          ("Raúl Benítez Manaut", "RBM@unam.mx",
           "Centro de Investigaciones sobre América del Norte, UNAM"),
          ("Rafael Barceló Durazo", "rafael@example.org", None),
          ("Guadalupe Correa-Cabrera", None, "George Mason University")]


def _add(app, event_id, people):
    with app.app_context():
        for name, email, affiliation in people:
            r = Registration(event_id=event_id, name=name, email=email and email.lower(),
                             affiliation=affiliation, mode="in_person", status="confirmed",
                             is_walk_in=email is None)
            issue_token(r)
            db.session.add(r)
        db.session.commit()


@pytest.fixture
def event_id(app, make_user, make_event, auth):
    owner = make_user(email="owner@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=500)
    _add(app, event_id, PEOPLE)
    auth.login("owner@example.org")
    return event_id


def _shown(client, event_id, q):
    html = client.get(f"/manage/events/{event_id}/registrations",
                      query_string={"q": q}).get_data(as_text=True)
    return [name for name, _e, _a in PEOPLE if name in html]


@pytest.mark.parametrize("q,expected", [
    ("ramirez", ["Dra. Ana Ramírez Ortega"]),
    ("RAMÍREZ", ["Dra. Ana Ramírez Ortega"]),
    ("benitez", ["Raúl Benítez Manaut"]),
    ("benitez manaut", ["Raúl Benítez Manaut"]),
    ("rbm@UNAM", ["Raúl Benítez Manaut"]),
    ("america del norte", ["Raúl Benítez Manaut"]),  # the institution too, as at the door
    ("george mason", ["Guadalupe Correa-Cabrera"]),  # a walk-in without an email
    ("rámirez", ["Dra. Ana Ramírez Ortega"]),  # an accent misplaced is no accent
    ("ramires", []),
    ("%", []),
])
def test_the_organizers_list_ignores_accents_and_case(client, event_id, q, expected):
    assert _shown(client, event_id, q) == expected


def test_search_text_follows_a_correction_and_is_folded_like_the_door(app, event_id):
    with app.app_context():
        r = db.session.scalar(select(Registration).where(Registration.name.like("Rafael%")))
        assert r.search_text == "rafael barcelo durazo rafael@example.org"
        r.name, r.affiliation = "Rafael Barceló", "Colegio de Sonora"
        db.session.commit()
        stored = db.session.execute(text(
            "SELECT search_text FROM registrations WHERE id = :id"), {"id": r.id}).scalar()
        from roundtable.registration import door
        assert stored == door.search_key(r) == "rafael barcelo rafael@example.org colegio de sonora"
        assert folding.needle("  BARCELÓ ") in stored


def test_the_list_searches_in_sql_with_flat_query_counts(app, client, event_id):
    url = f"/manage/events/{event_id}/registrations?q=ramirez"
    with app.app_context():
        engine = db.engine

    def count():
        with recorded_statements(engine) as statements:
            assert client.get(url).status_code == 200
        return statements

    client.get(url)
    few = count()
    _add(app, event_id, [(f"Persona Núñez {n}", f"p{n}@example.org", "UNAM")
                         for n in range(60)])
    many = count()
    assert len(few) == len(many)
    # The search is a WHERE on the folded column, not a filter in Python.
    assert any("search_text" in s for s in map(str, many))


def test_attendance_search_ignores_accents(app, event_id):
    from roundtable.attendance.services import find_registrations
    from roundtable.events.models import Event

    with app.app_context():
        event = db.session.get(Event, event_id)
        found, total = find_registrations(event, "benitez")
        assert [r.name for r in found] == ["Raúl Benítez Manaut"] and total == 1
        found, total = find_registrations(event, "RAMIREZ ortega", limit=1)
        assert [r.name for r in found] == ["Dra. Ana Ramírez Ortega"] and total == 1
