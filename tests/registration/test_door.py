"""The door list is the room: confirmed in-person people and walk-ins, by name."""

import json

import pytest

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration


@pytest.fixture
def door(make_user, make_event, auth, register_via_form):
    """Room of 3 (full), one online registrant, one on the room's waitlist."""
    owner = make_user(email="owner@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=3)
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org")
    register_via_form("rt", name="Guadalupe Correa-Cabrera", email="gcc@example.org",
                      mode="online")
    register_via_form("rt", name="ángela Zúñiga", email="angela@example.org")
    register_via_form("rt", name="Barceló Durazo, Rafael", email="rafael@example.org")
    register_via_form("rt", name="Zoe Waiting", email="zoe@example.org")
    auth.login("owner@example.org")
    return event_id


def _names(html: str) -> list[str]:
    import re

    return re.findall(r'<div class="who"><strong>([^<]*)</strong>', html)


def _reg(app, email) -> Registration:
    with app.app_context():
        return db.session.query(Registration).filter_by(email=email).one()


def test_door_lists_only_the_room_sorted_without_regard_to_accents_or_case(client, door):
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert _names(html) == ["ángela Zúñiga", "Barceló Durazo, Rafael", "Raúl Benítez Manaut"]
    assert "Guadalupe" not in html and "Zoe Waiting" not in html


def test_door_search_ignores_accents_and_case(client, door):
    html = client.get(f"/manage/events/{door}/checkin?q=BARCELO").get_data(as_text=True)
    assert _names(html) == ["Barceló Durazo, Rafael"]
    html = client.get(f"/manage/events/{door}/checkin?q=zuniga").get_data(as_text=True)
    assert _names(html) == ["ángela Zúñiga"]


def test_online_registrant_cannot_be_checked_in(app, client, door):
    online = _reg(app, "gcc@example.org")
    response = client.post(f"/manage/events/{door}/checkin/{online.id}",
                           headers={"Accept": "application/json"})
    assert response.status_code == 409 and json.loads(response.data)["ok"] is False
    page = client.post(f"/manage/events/{door}/checkin/{online.id}", follow_redirects=True)
    assert "registered online" in page.get_data(as_text=True)
    assert _reg(app, "gcc@example.org").checked_in_at is None


def test_arrived_of_expected_counts_only_the_room(app, client, door):
    from roundtable.db_types import utcnow

    with app.app_context():
        # An online arrival recorded before this rule existed must not count.
        db.session.query(Registration).filter_by(email="gcc@example.org").one().checked_in_at = \
            utcnow()
        db.session.commit()
    raul = _reg(app, "raul@example.org")
    response = client.post(f"/manage/events/{door}/checkin/{raul.id}",
                           headers={"Accept": "application/json"})
    assert json.loads(response.data) == {"ok": True, "checked_in": True, "arrived": 1,
                                         "expected": 3}
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert "<strong data-arrived>1</strong> arrived of <strong data-expected>3</strong>" in html


def test_walk_in_to_a_full_room_is_recorded_over_capacity(app, client, door):
    response = client.post(f"/manage/events/{door}/walk-in", follow_redirects=True,
                           data={"name": "María Fernández", "email": "maria@example.org"})
    html = response.get_data(as_text=True)
    assert "4 of 3 in the room" in html and "over capacity" in html
    assert "Walk-in" in html
    walk_in = _reg(app, "maria@example.org")
    assert walk_in.is_walk_in and walk_in.status == "confirmed" and walk_in.checked_in_at
    assert not _reg(app, "raul@example.org").is_walk_in
    with app.app_context():
        assert db.session.get(Event, door).capacity_in_person == 3
    # The room is still full: the waitlist stays, and a cancellation frees no seat yet.
    assert _reg(app, "zoe@example.org").status == "waitlisted"
    raul = _reg(app, "raul@example.org")
    client.post(f"/manage/events/{door}/registrations/{raul.id}/cancel")
    assert _reg(app, "zoe@example.org").status == "waitlisted"
    details = client.get(f"/manage/events/{door}/edit").get_data(as_text=True)
    assert 'name="capacity_in_person" type="number" value="3"' in details


def test_scan_of_an_online_registrant_offers_no_check_in(app, client, door):
    from roundtable.registration.checkin import checkin_code

    with app.app_context():
        code = checkin_code(db.session.query(Registration).filter_by(
            email="gcc@example.org").one())
    html = client.get(f"/checkin/scan/{code}").get_data(as_text=True)
    assert "registered online" in html and ">Check in</button>" not in html
