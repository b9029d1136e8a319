"""Agenda items, their people, and the people records."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from roundtable.agenda.models import AgendaItem, Person
from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import field_error, get, sign_in

# 2030-11-21 16:00–17:30 in Phoenix (UTC-7).
START = datetime(2030, 11, 21, 23, 0, tzinfo=UTC)


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


@pytest.fixture
def event_id(organizer, make_event):
    return make_event(organizer_ids=[organizer], starts_at=START,
                      ends_at=START + timedelta(minutes=90))


def _item(**values):
    data = {"kind": "keynote", "title": "Keynote Address", "starts_at": "2030-11-21T16:10",
            "ends_at": "2030-11-21T16:40", "description": "", "location": ""}
    data.update(values)
    return data


def _items(app, event_id):
    with app.app_context():
        return [(i.title, i.local_start.strftime("%H:%M"), i.local_end.strftime("%H:%M"))
                for i in get(Event, event_id).agenda_items]


def test_event_fixture_starts_at_four_in_phoenix(app, event_id):
    with app.app_context():
        assert get(Event, event_id).starts_at == START


def test_new_item_form_suggests_the_next_slot(client, event_id):
    html = client.get(f"/manage/events/{event_id}/agenda/new").get_data(as_text=True)
    assert 'value="11/21/2030"' in html
    assert 'value="16:00"' in html and 'value="16:30"' in html


def _selected_kind(html):
    return re.search(r'<option selected value="(\w+)">', html).group(1)


def test_new_item_form_suggests_the_next_kind_after_the_last_item(client, event_id):
    def form(query=""):
        html = client.get(f"/manage/events/{event_id}/agenda/new{query}").get_data(as_text=True)
        return html, _selected_kind(html)

    assert form()[1] == "opening_remarks"
    client.post(f"/manage/events/{event_id}/agenda/new",
                data=_item(kind="opening_remarks", title="Opening Remarks",
                           starts_at="2030-11-21T16:00", ends_at="2030-11-21T16:10"))
    html, kind = form()
    assert kind == "keynote"
    assert 'value="16:10"' in html and 'value="16:40"' in html
    client.post(f"/manage/events/{event_id}/agenda/new", data=_item())
    html, kind = form()
    assert kind == "panel"
    assert 'value="16:40"' in html and 'value="17:10"' in html
    # Asked for a kind, the form keeps it; a reception starts as in person only.
    html, kind = form("?kind=reception")
    assert kind == "reception"
    assert '<input checked id="in_person_only"' in html
    assert '<input checked id="in_person_only"' not in form()[0]


def test_a_welcome_counts_as_the_opening_remarks(client, event_id):
    client.post(f"/manage/events/{event_id}/agenda/new",
                data=_item(kind="welcome", title="Welcome"))
    html = client.get(f"/manage/events/{event_id}/agenda/new").get_data(as_text=True)
    assert _selected_kind(html) == "keynote"


def test_add_edit_and_remove_items(app, client, event_id):
    response = client.post(f"/manage/events/{event_id}/agenda/new",
                           data=_item(kind="reception", title="Reception",
                                      starts_at="2030-11-21T17:30", ends_at="2030-11-21T19:00",
                                      in_person_only="y", location="University of Arizona"))
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(AgendaItem))
        assert item.starts_at == datetime(2030, 11, 22, 0, 30, tzinfo=UTC)
        assert item.in_person_only and item.location == "University of Arizona"
        item_id = item.id
    assert response.location.endswith(f"/agenda/{item_id}/edit")
    client.post(f"/manage/events/{event_id}/agenda/{item_id}/edit",
                data=_item(kind="reception", title="Evening reception",
                           starts_at="2030-11-21T17:30", ends_at="2030-11-21T19:30"))
    assert _items(app, event_id) == [("Evening reception", "17:30", "19:30")]
    with app.app_context():
        assert not get(AgendaItem, item_id).in_person_only
    html = client.get(f"/manage/events/{event_id}/agenda").get_data(as_text=True)
    assert "Evening reception" in html and "Reception" in html
    client.post(f"/manage/events/{event_id}/agenda/{item_id}/delete")
    assert _items(app, event_id) == []


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 301}, "title", "longer than 300"),
        ({"location": "x" * 301}, "location", "longer than 300"),
        ({"kind": "lunch"}, "kind", "Not a valid choice"),
        ({"starts_at": ""}, "starts_at", "Enter the date and time this item starts."),
        ({"ends_at": "soon"}, "ends_at", "Enter the date as mm/dd/yyyy"),
        ({"ends_at": "2030-11-21T16:00"}, "ends_at", "cannot end before it starts"),
        ({"starts_at": "2030-11-20T16:00"}, "starts_at", "within 12 hours of the event"),
        ({"ends_at": "2030-11-22T07:00"}, "ends_at", "within 12 hours of the event"),
    ],
)
def test_bad_item_input_changes_nothing(app, client, event_id, values, field, message):
    html = client.post(f"/manage/events/{event_id}/agenda/new",
                       data=_item(**values)).get_data(as_text=True)
    assert message in field_error(html, field)
    assert _items(app, event_id) == []


def test_bad_edit_changes_nothing(app, client, event_id):
    client.post(f"/manage/events/{event_id}/agenda/new", data=_item())
    with app.app_context():
        item_id = db.session.scalar(select(AgendaItem.id))
    html = client.post(f"/manage/events/{event_id}/agenda/{item_id}/edit",
                       data=_item(title="Changed", ends_at="2030-11-21T15:00")).get_data(
        as_text=True)
    assert "cannot end before" in field_error(html, "ends_at")
    assert _items(app, event_id) == [("Keynote Address", "16:10", "16:40")]


def test_overlaps_are_allowed_but_flagged(app, client, event_id):
    client.post(f"/manage/events/{event_id}/agenda/new", data=_item())
    response = client.post(f"/manage/events/{event_id}/agenda/new", follow_redirects=True,
                           data=_item(kind="panel", title="Panel Discussion",
                                      starts_at="2030-11-21T16:30", ends_at="2030-11-21T17:30"))
    assert "overlaps “Keynote Address”" in response.get_data(as_text=True)
    assert len(_items(app, event_id)) == 2
    html = client.get(f"/manage/events/{event_id}/agenda").get_data(as_text=True)
    assert "Overlaps “Panel Discussion”" in html and "Overlaps “Keynote Address”" in html


def test_back_to_back_items_do_not_overlap(client, event_id):
    client.post(f"/manage/events/{event_id}/agenda/new", data=_item())
    client.post(f"/manage/events/{event_id}/agenda/new",
                data=_item(title="Panel", starts_at="2030-11-21T16:40",
                           ends_at="2030-11-21T17:30"))
    assert "Overlaps" not in client.get(f"/manage/events/{event_id}/agenda").get_data(
        as_text=True)


def test_moving_an_item_swaps_time_slots(app, client, event_id):
    for title, start, end in (("Opening Remarks", "16:00", "16:10"),
                              ("Keynote Address", "16:10", "16:40"),
                              ("Panel Discussion", "16:40", "17:30")):
        client.post(f"/manage/events/{event_id}/agenda/new",
                    data=_item(title=title, starts_at=f"2030-11-21T{start}",
                               ends_at=f"2030-11-21T{end}"))
    with app.app_context():
        panel_id = db.session.scalar(select(AgendaItem.id).where(
            AgendaItem.title == "Panel Discussion"))
    client.post(f"/manage/events/{event_id}/agenda/{panel_id}/move", data={"direction": "up"})
    assert _items(app, event_id) == [("Opening Remarks", "16:00", "16:10"),
                                     ("Panel Discussion", "16:10", "17:00"),
                                     ("Keynote Address", "17:00", "17:30")]
    client.post(f"/manage/events/{event_id}/agenda/{panel_id}/move", data={"direction": "down"})
    assert _items(app, event_id)[1:] == [("Keynote Address", "16:10", "16:40"),
                                         ("Panel Discussion", "16:40", "17:30")]


def test_moving_items_that_start_together_swaps_their_order(app, client, event_id):
    for title in ("First", "Second"):
        client.post(f"/manage/events/{event_id}/agenda/new", data=_item(title=title))
    with app.app_context():
        second = db.session.scalar(select(AgendaItem.id).where(AgendaItem.title == "Second"))
    client.post(f"/manage/events/{event_id}/agenda/{second}/move", data={"direction": "up"})
    assert [t for t, _, _ in _items(app, event_id)] == ["Second", "First"]


@pytest.fixture
def item_id(app, client, event_id):
    client.post(f"/manage/events/{event_id}/agenda/new",
                data=_item(kind="panel", title="Panel Discussion"))
    with app.app_context():
        return db.session.scalar(select(AgendaItem.id))


def _roles(app, item_id):
    with app.app_context():
        return [(r.person.display_name, r.role) for r in get(AgendaItem, item_id).roles]


def test_add_reorder_and_remove_people(app, client, event_id, item_id, make_person):
    benitez = make_person(name="Raúl Benítez Manaut", honorific="Dr.")
    correa = make_person(name="Guadalupe Correa-Cabrera", honorific="Dr.")
    url = f"/manage/events/{event_id}/agenda/{item_id}"
    for person in (benitez, correa):
        assert client.post(f"{url}/roles", data={"person_id": person,
                                                 "role": "panelist"}).status_code == 302
    assert _roles(app, item_id) == [("Dr. Raúl Benítez Manaut", "panelist"),
                                    ("Dr. Guadalupe Correa-Cabrera", "panelist")]
    with app.app_context():
        role_ids = [r.id for r in get(AgendaItem, item_id).roles]
    client.post(f"{url}/roles/{role_ids[1]}/move", data={"direction": "up"})
    assert [n for n, _ in _roles(app, item_id)][0] == "Dr. Guadalupe Correa-Cabrera"
    html = client.get(f"{url}/edit").get_data(as_text=True)
    assert "Dr. Raúl Benítez Manaut" in html
    client.post(f"{url}/roles/{role_ids[0]}/remove")
    assert _roles(app, item_id) == [("Dr. Guadalupe Correa-Cabrera", "panelist")]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [({"person_id": "0", "role": "panelist"}, "person_id", "Choose a person"),
     ({"person_id": "999", "role": "panelist"}, "person_id", "from the list"),
     ({"person_id": "P", "role": "emcee"}, "role", "Not a valid choice")],
)
def test_bad_role_input(app, client, event_id, item_id, make_person, data, field, message):
    person = make_person()
    data = {k: str(person) if v == "P" else v for k, v in data.items()}
    html = client.post(f"/manage/events/{event_id}/agenda/{item_id}/roles",
                       data=data).get_data(as_text=True)
    assert message in field_error(html, field)
    assert _roles(app, item_id) == []


def test_same_role_twice_is_refused(app, client, event_id, item_id, make_person):
    person = make_person(name="Gregory M. Guillot", honorific="General")
    url = f"/manage/events/{event_id}/agenda/{item_id}/roles"
    client.post(url, data={"person_id": person, "role": "keynote_speaker"})
    html = client.post(url, data={"person_id": person, "role": "keynote_speaker"}).get_data(
        as_text=True)
    assert "already has that role" in field_error(html, "person_id")
    assert len(_roles(app, item_id)) == 1


def test_item_of_another_event_is_404(app, client, event_id, make_event):
    other = make_event()
    with app.app_context():
        item = AgendaItem(event_id=other, kind="other", title="X", starts_at=START,
                          ends_at=START)
        db.session.add(item)
        db.session.commit()
        foreign = item.id
    assert client.get(f"/manage/events/{event_id}/agenda/{foreign}/edit").status_code == 404


def test_people_create_and_edit_with_accents(app, client, organizer):
    response = client.post("/manage/people/new", data={
        "honorific": "Consul", "name": "Rafael Barceló Durazo",
        "position": "Consul of Mexico in Tucson", "affiliation": "Consulate of Mexico",
        "bio": "Career diplomat since 2010.\n\nServed in Brazil and Costa Rica.",
    })
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person))
        assert person.display_name == "Consul Rafael Barceló Durazo"
        person_id = person.id
    html = client.get("/manage/people").get_data(as_text=True)
    assert "Consul Rafael Barceló Durazo" in html
    client.post(f"/manage/people/{person_id}/edit",
                data={"honorific": "", "name": "Rafael Barceló Durazo", "position": ""})
    with app.app_context():
        person = get(Person, person_id)
        assert person.honorific is None and person.position is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [({"name": ""}, "name", "This field is required."),
     ({"name": "x" * 201}, "name", "longer than 200"),
     ({"name": "A", "honorific": "x" * 41}, "honorific", "longer than 40"),
     ({"name": "A", "affiliation": "x" * 301}, "affiliation", "longer than 300")],
)
def test_bad_person_input(app, client, organizer, data, field, message):
    html = client.post("/manage/people/new", data=data).get_data(as_text=True)
    assert message in field_error(html, field)
    with app.app_context():
        assert db.session.scalar(select(Person)) is None


def test_public_page_shows_agenda_people_and_reception(app, client, event_id, item_id,
                                                      make_person):
    person = make_person(name="Raúl Benítez Manaut", honorific="Dr.",
                         affiliation="UNAM")
    client.post(f"/manage/events/{event_id}/agenda/{item_id}/roles",
                data={"person_id": person, "role": "panelist"})
    client.post(f"/manage/events/{event_id}/agenda/new",
                data=_item(kind="reception", title="Reception", in_person_only="y",
                           starts_at="2030-11-21T17:30", ends_at="2030-11-21T19:00"))
    with app.app_context():
        slug = get(Event, event_id).slug
    html = client.get(f"/events/{slug}").get_data(as_text=True)
    for text in ("Panel discussion", "Dr. Raúl Benítez Manaut", "Panelist", "In person only",
                 "Reception"):
        assert text in html, text
