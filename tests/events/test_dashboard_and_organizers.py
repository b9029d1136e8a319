"""The dashboard's events and counts, and an event's co-organizers."""

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from tests.managing import field_error, get, sign_in


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user, name="Raúl Benítez Manaut")


def _register(app, event_id, mode, status, n=1):
    with app.app_context():
        for _ in range(n):
            count = db.session.query(Registration).count()
            db.session.add(Registration(
                event_id=event_id, name="Guest", email=f"g{count}@example.org", mode=mode,
                status=status, manage_token_hash=f"{count:064d}", token_nonce="n",
            ))
            db.session.flush()
        db.session.commit()


def test_dashboard_lists_own_events_upcoming_first_with_counts(app, client, organizer, make_event):
    past = make_event(organizer_ids=[organizer], title="Past roundtable",
                      starts_in=timedelta(days=-30))
    soon = make_event(organizer_ids=[organizer], title="Soon roundtable",
                      starts_in=timedelta(days=3), status="draft", capacity_in_person=80)
    make_event(title="Someone else's event")
    _register(app, soon, "in_person", "confirmed", 3)
    _register(app, soon, "online", "confirmed", 2)
    _register(app, soon, "in_person", "waitlisted", 1)
    _register(app, soon, "online", "cancelled", 4)
    _register(app, past, "online", "confirmed", 1)
    html = client.get("/manage/").get_data(as_text=True)
    assert "Someone else" not in html
    assert html.index("Soon roundtable") < html.index("Past roundtable")
    soon_row = html[html.index("Soon roundtable"):html.index("Past roundtable")]
    assert ">3 / 80<" in soon_row and ">2<" in soon_row and ">1<" in soon_row
    assert "Draft" in soon_row
    assert "New event" in html and "Organizations" in html and "People" in html


def test_dashboard_shows_zeros_and_counts_in_one_query(app, client, organizer, make_event):
    from roundtable.events.management import registration_counts

    ids = [make_event(organizer_ids=[organizer]) for _ in range(3)]
    _register(app, ids[0], "online", "confirmed", 2)
    with app.app_context():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            counts = registration_counts(ids)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if "registrations" in s]) == 1
    assert counts[ids[0]] == {"in_person": 0, "online": 2, "walk_ins": 0, "waitlisted": 0}
    assert counts[ids[1]] == {"in_person": 0, "online": 0, "walk_ins": 0, "waitlisted": 0}


def test_admin_sees_every_event(client, make_user, make_event):
    make_event(title="Someone else's event")
    sign_in(client, make_user, is_admin=True)
    assert "Someone else" in client.get("/manage/").get_data(as_text=True)


def test_add_and_remove_co_organizer(app, client, organizer, make_user, make_event):
    event_id = make_event(organizer_ids=[organizer])
    other = make_user(email="correa@example.org", name="Guadalupe Correa-Cabrera")
    response = client.post(f"/manage/events/{event_id}/organizers",
                           data={"email": " Correa@Example.org "})
    assert response.status_code == 302
    with app.app_context():
        assert {u.id for u in get(Event, event_id).organizers} == {organizer, other}
    html = client.get(f"/manage/events/{event_id}/organizers").get_data(as_text=True)
    assert "Guadalupe Correa-Cabrera" in html
    client.post(f"/manage/events/{event_id}/organizers/{other}/remove")
    with app.app_context():
        assert [u.id for u in get(Event, event_id).organizers] == [organizer]


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter the email"), ("nobody@example", "not a valid domain"),
     ("x" * 250 + "@example.org", "longer than 254")],
)
def test_add_organizer_bad_input(app, client, organizer, make_event, email, message):
    event_id = make_event(organizer_ids=[organizer])
    html = client.post(f"/manage/events/{event_id}/organizers",
                       data={"email": email}).get_data(as_text=True)
    assert message in field_error(html, "email")
    with app.app_context():
        assert len(get(Event, event_id).organizers) == 1


def test_adding_an_existing_organizer_is_refused(app, client, organizer, make_event):
    from roundtable.auth.models import User

    event_id = make_event(organizer_ids=[organizer])
    with app.app_context():
        email = get(User, organizer).email
    html = client.post(f"/manage/events/{event_id}/organizers",
                       data={"email": email}).get_data(as_text=True)
    assert "already organizes" in field_error(html, "email")


def test_last_organizer_cannot_be_removed(app, client, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer])
    response = client.post(f"/manage/events/{event_id}/organizers/{organizer}/remove",
                           follow_redirects=True)
    assert "at least one organizer" in response.get_data(as_text=True)
    with app.app_context():
        assert [u.id for u in get(Event, event_id).organizers] == [organizer]


def test_removing_yourself_leads_back_to_the_dashboard(app, client, organizer, make_user,
                                                       make_event):
    other = make_user()
    event_id = make_event(organizer_ids=[organizer, other])
    response = client.post(f"/manage/events/{event_id}/organizers/{organizer}/remove")
    assert response.location.endswith("/manage/")
    assert client.get(f"/manage/events/{event_id}").status_code == 404


def test_walk_ins_are_counted_apart_everywhere(app, client, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer], title="Walk-in roundtable",
                          capacity_in_person=120)
    _register(app, event_id, "in_person", "confirmed", 3)
    with app.app_context():
        db.session.add(Registration(
            event_id=event_id, name="Walk In", email="walkin@example.org", mode="in_person",
            status="confirmed", is_walk_in=True, manage_token_hash="w" * 64, token_nonce="n"))
        db.session.commit()
    dashboard = client.get("/manage/").get_data(as_text=True)
    row = dashboard[dashboard.index("Walk-in roundtable"):]
    assert ">3 / 120<" in row and "+ 1 walk-in" in row
    overview = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert "<dt>Walk-ins</dt><dd>1</dd>" in overview
    report = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)
    confirmed = report.split("Confirmed</th>")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in confirmed
