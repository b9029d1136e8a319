"""The door: the room's people first, everyone findable, a plain status and the right action."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration


@pytest.fixture
def door(make_user, make_event, auth, register_via_form):
    """Room of 3 (full), one online registrant, two on the room's waitlist; in two weeks."""
    owner = make_user(email="owner@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=3)
    register_via_form("rt", name="Raúl Benítez Manaut", email="raul@example.org")
    register_via_form("rt", name="Guadalupe Correa-Cabrera", email="gcc@example.org",
                      mode="online")
    register_via_form("rt", name="ángela Zúñiga", email="angela@example.org")
    register_via_form("rt", name="Barceló Durazo, Rafael", email="rafael@example.org")
    register_via_form("rt", name="Zoe Waiting", email="zoe@example.org")
    register_via_form("rt", name="Yann Second", email="yann@example.org")
    auth.login("owner@example.org")
    return event_id


def _rows(html: str) -> list[tuple[str, bool]]:
    """(name, shown without a search) for each door row, in order."""
    return [(name, "hidden" not in attrs) for attrs, name in re.findall(
        r'<li class="checkin-row[^"]*"([^>]*)>\s*<div class="who"><strong>([^<]*)</strong>',
        html)]


def _shown(html: str) -> list[str]:
    return [name for name, shown in _rows(html) if shown]


def _reg(app, email) -> Registration:
    with app.app_context():
        return db.session.query(Registration).filter_by(email=email).one()


def _json(client, url, **data):
    response = client.post(url, data=data, headers={"Accept": "application/json"})
    return response.status_code, json.loads(response.data)


def test_door_shows_the_room_first_and_keeps_everyone_else_findable(client, door):
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert _shown(html) == ["ángela Zúñiga", "Barceló Durazo, Rafael", "Raúl Benítez Manaut"]
    # The others are on the page (the search as you type finds them), hidden until searched.
    assert [n for n, _ in _rows(html)][3:] == ["Guadalupe Correa-Cabrera", "Yann Second",
                                               "Zoe Waiting"]
    assert "3 more registrations (waitlisted, online or cancelled): search to find them." in html


def test_search_finds_every_registration_with_its_status_and_action(client, door):
    html = client.get(f"/manage/events/{door}/checkin?q=zoe").get_data(as_text=True)
    assert _shown(html) == ["Zoe Waiting"]
    assert "On the in-person waitlist, number 1" in html
    assert "Over capacity by 1" in html and ">Admit</button>" in html
    assert 'data-confirm="Over capacity by 1 — admit anyway? This event is on ' in html
    html = client.get(f"/manage/events/{door}/checkin?q=yann").get_data(as_text=True)
    assert "On the in-person waitlist, number 2" in html
    html = client.get(f"/manage/events/{door}/checkin?q=GCC@").get_data(as_text=True)
    assert _shown(html) == ["Guadalupe Correa-Cabrera"] and "Registered online" in html
    html = client.get(f"/manage/events/{door}/checkin?q=nobody").get_data(as_text=True)
    assert "Nobody registered matches “nobody”." in html


def test_door_search_ignores_accents_and_case(client, door):
    html = client.get(f"/manage/events/{door}/checkin?q=BARCELO").get_data(as_text=True)
    assert _shown(html) == ["Barceló Durazo, Rafael"]
    html = client.get(f"/manage/events/{door}/checkin?q=zuniga").get_data(as_text=True)
    assert _shown(html) == ["ángela Zúñiga"]


def test_admitting_a_waitlisted_person_over_capacity_asks_first(app, client, door):
    zoe = _reg(app, "zoe@example.org")
    status, answer = _json(client, f"/manage/events/{door}/checkin/{zoe.id}/admit")
    # The event is in two weeks: both questions, in one.
    assert status == 409 and answer["confirm"].startswith("Over capacity by 1 — admit anyway? "
                                                          "This event is on ")
    assert _reg(app, "zoe@example.org").status == "waitlisted"
    # Without script the server asks on a page of its own.
    page = client.post(f"/manage/events/{door}/checkin/{zoe.id}/admit").get_data(as_text=True)
    assert "Over capacity by 1 — admit anyway?" in page and 'name="anyway" value="1"' in page
    status, answer = _json(client, f"/manage/events/{door}/checkin/{zoe.id}/admit", anyway="1")
    assert status == 200 and answer["ok"]
    zoe = _reg(app, "zoe@example.org")
    assert (zoe.mode, zoe.status, zoe.checked_in_at is not None) == ("in_person", "confirmed",
                                                                     True)
    assert answer["counter"]["seats_taken"] == 4 and answer["counter"]["capacity"] == 3
    assert answer["counter"]["warnings"] == ["Over capacity by 1: 4 seats taken of 3."]
    with app.app_context():
        assert db.session.get(Event, door).capacity_in_person == 3  # Details stay as set
    # Yann moved up the waitlist.
    html = client.get(f"/manage/events/{door}/checkin?q=yann").get_data(as_text=True)
    assert "On the in-person waitlist, number 1" in html and "Over capacity by 2" in html


def test_admitting_an_online_registrant_within_capacity_frees_their_zoom_seat(
        app, client, make_user, make_event, register_via_form, auth):
    owner = make_user(email="owner@example.org")
    event_id = make_event(slug="room", organizer_ids=[owner], capacity_in_person=5,
                          capacity_online=1)
    register_via_form("room", name="Online One", email="one@example.org", mode="online")
    register_via_form("room", name="Online Two", email="two@example.org", mode="online")
    with app.app_context():  # under way: no question about the day
        event = db.session.get(Event, event_id)
        event.starts_at = datetime.now(UTC) - timedelta(minutes=10)
        event.ends_at = event.starts_at + timedelta(hours=2)
        db.session.commit()
    auth.login("owner@example.org")
    html = client.get(f"/manage/events/{event_id}/checkin?q=one").get_data(as_text=True)
    assert "Within capacity: 0 of 5 seats taken" in html and "data-confirm" not in html
    one = _reg(app, "one@example.org")
    status, answer = _json(client, f"/manage/events/{event_id}/checkin/{one.id}/admit")
    assert status == 200, answer
    assert answer["entry"]["status"].startswith("Checked in at ")
    assert _reg(app, "two@example.org").status == "confirmed"  # promoted to the Zoom seat


def test_cancelled_registrant_can_be_admitted(app, client, door):
    raul = _reg(app, "raul@example.org")
    client.post(f"/manage/events/{door}/registrations/{raul.id}/cancel")
    assert _reg(app, "zoe@example.org").status == "confirmed"  # promoted into Raúl's seat
    html = client.get(f"/manage/events/{door}/checkin?q=raul").get_data(as_text=True)
    assert "Cancelled" in html and ">Admit</button>" in html
    status, answer = _json(client, f"/manage/events/{door}/checkin/{raul.id}/admit",
                           anyway="1")
    assert status == 200 and _reg(app, "raul@example.org").status == "confirmed"


def test_walk_in_with_a_registered_email_offers_to_admit_them(app, client, door):
    page = client.post(f"/manage/events/{door}/walk-in",
                       data={"name": "Zoe", "email": "ZOE@example.org"}).get_data(as_text=True)
    assert "Zoe Waiting is already registered with that email (In person, waitlisted)" in page
    assert "On the in-person waitlist, number 1" in page and ">Admit</button>" in page
    assert _reg(app, "zoe@example.org").status == "waitlisted"


def test_checking_in_before_the_event_day_asks_first(app, client, door):
    raul = _reg(app, "raul@example.org")
    with app.app_context():
        from roundtable.formatting import local_date

        day = local_date(db.session.get(Event, door).starts_at, "America/Phoenix")
    question = f"This event is on {day} — check in anyway?"
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert f'data-confirm="{question}"' in html
    status, answer = _json(client, f"/manage/events/{door}/checkin/{raul.id}")
    assert status == 409 and answer["confirm"] == question
    assert _reg(app, "raul@example.org").checked_in_at is None
    status, answer = _json(client, f"/manage/events/{door}/checkin/{raul.id}", anyway="1")
    assert status == 200 and answer["entry"]["action"] == "undo"


def test_no_question_on_the_event_day(app, client, door):
    with app.app_context():
        event = db.session.get(Event, door)
        event.starts_at = datetime.now(UTC) + timedelta(minutes=5)
        event.ends_at = event.starts_at + timedelta(hours=1)
        db.session.commit()
    raul = _reg(app, "raul@example.org")
    status, answer = _json(client, f"/manage/events/{door}/checkin/{raul.id}")
    # Unless the event's day (in Phoenix) is not yet today in Phoenix.
    assert status == 200 or answer["confirm"].startswith("This event is on")


def test_a_checked_in_person_cannot_be_cancelled_until_undone(app, client, door):
    raul = _reg(app, "raul@example.org")
    _json(client, f"/manage/events/{door}/checkin/{raul.id}", anyway="1")
    listing = client.get(f"/manage/events/{door}/registrations").get_data(as_text=True)
    assert "Checked in: undo the check-in at the door to cancel." in listing
    page = client.post(f"/manage/events/{door}/registrations/{raul.id}/cancel",
                       follow_redirects=True).get_data(as_text=True)
    assert "Raúl Benítez Manaut is checked in: undo the check-in before cancelling." in page
    assert _reg(app, "raul@example.org").status == "confirmed"
    _json(client, f"/manage/events/{door}/checkin/{raul.id}/undo")
    client.post(f"/manage/events/{door}/registrations/{raul.id}/cancel")
    assert _reg(app, "raul@example.org").status == "cancelled"


def test_arrival_times_carry_a_date_when_not_today(app, door):
    from roundtable.registration.door import arrival_time

    with app.test_request_context():
        event = db.session.get(Event, door)
        now = datetime(2027, 11, 18, 23, 0, tzinfo=UTC)  # 4:00 PM in Phoenix
        assert arrival_time(event, now - timedelta(hours=1), now) == "3:00 PM"
        assert arrival_time(event, now - timedelta(days=1), now) == "Nov 17, 2027, 4:00 PM"


def test_online_registrant_cannot_be_checked_in_but_can_be_admitted(app, client, door):
    online = _reg(app, "gcc@example.org")
    status, answer = _json(client, f"/manage/events/{door}/checkin/{online.id}", anyway="1")
    assert status == 409 and answer["ok"] is False and "registered online" in answer["message"]
    assert _reg(app, "gcc@example.org").checked_in_at is None


def test_the_counter_says_what_it_means(app, client, door):
    from roundtable.db_types import utcnow

    with app.app_context():
        # An online arrival recorded before this rule existed must not count.
        db.session.query(Registration).filter_by(email="gcc@example.org").one().checked_in_at = \
            utcnow()
        db.session.commit()
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert ("Arrived: <strong data-arrived>0</strong> of <strong data-expected>3</strong> "
            "expected in the room") in html
    assert "Seats taken: <strong data-seats>3</strong> of 3" in html
    assert "Walk-ins: <strong data-walk-ins>0</strong>" in html
    assert "flash-warning" not in html
    client.post(f"/manage/events/{door}/walk-in",
                data={"name": "María Fernández", "email": "maria@example.org"})
    html = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert "<strong data-arrived>1</strong> of <strong data-expected>4</strong>" in html
    assert "Walk-ins: <strong data-walk-ins>1</strong>" in html
    assert ('<p class="flash flash-warning" role="alert">Over capacity by 1: 4 seats taken of 3.'
            in html)


def test_walk_in_to_a_full_room_is_recorded_over_capacity(app, client, door):
    response = client.post(f"/manage/events/{door}/walk-in", follow_redirects=True,
                           data={"name": "María Fernández", "email": "maria@example.org"})
    html = response.get_data(as_text=True)
    assert "María Fernández is registered and checked in." in html
    assert "flash-warning" in html and "Over capacity by 1" in html
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


def _code(app, email):
    from roundtable.registration.checkin import checkin_code

    with app.app_context():
        return checkin_code(db.session.query(Registration).filter_by(email=email).one())


def test_scan_shows_the_person_their_status_and_one_button(app, client, door):
    html = client.get(f"/checkin/scan/{_code(app, 'gcc@example.org')}").get_data(as_text=True)
    assert "Registered online" in html and ">Check in</button>" not in html
    assert ">Admit</button>" in html and "big" in html
    html = client.get(f"/checkin/scan/{_code(app, 'raul@example.org')}").get_data(as_text=True)
    assert "Registered in person" in html and ">Check in</button>" in html


def test_a_hardware_scanner_typing_the_url_and_enter_opens_the_scan(app, client, door):
    code = _code(app, "raul@example.org")
    response = client.get(f"/manage/events/{door}/checkin",
                          query_string={"q": f"http://localhost/checkin/scan/{code}"})
    assert response.status_code == 302 and response.location.endswith(f"/checkin/scan/{code}")
    response = client.get(f"/manage/events/{door}/checkin", query_string={"q": code})
    assert response.status_code == 302
    # A forged code is just a search.
    response = client.get(f"/manage/events/{door}/checkin", query_string={"q": code + "x"})
    assert response.status_code == 200
