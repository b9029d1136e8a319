"""The agenda-item page is one form: adding a person keeps what was typed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from roundtable.agenda.models import AgendaItem, Person
from roundtable.extensions import db
from tests.managing import field_error, get, sign_in

START = datetime(2030, 11, 21, 23, 0, tzinfo=UTC)
FORM = {"kind": "panel", "title": "Panel Discussion", "starts_at": "2030-11-21T16:40",
        "ends_at": "2030-11-21T17:30", "location": ""}


@pytest.fixture
def setup(app, client, make_user, make_event):
    organizer = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[organizer], starts_at=START,
                          ends_at=START + timedelta(minutes=90))
    client.post(f"/manage/events/{event_id}/agenda/new", data={**FORM, "description": ""})
    with app.app_context():
        item_id = db.session.scalar(select(AgendaItem.id))
    return event_id, item_id, f"/manage/events/{event_id}/agenda/{item_id}/edit"


def _item(app, item_id):
    with app.app_context():
        item = get(AgendaItem, item_id)
        return item.description, [(r.person.name, r.role) for r in item.roles]


def test_add_person_saves_the_typed_description(app, client, setup, make_person):
    _, item_id, url = setup
    person = make_person(name="Raúl Benítez Manaut", honorific="Dr.")
    response = client.post(url, data={**FORM, "description": "Both sides of the border.",
                                      "action": "add_person", "person_id": person,
                                      "role": "panelist"})
    assert response.status_code == 302 and response.location.endswith(url)
    assert _item(app, item_id) == ("Both sides of the border.",
                                   [("Raúl Benítez Manaut", "panelist")])


def test_bad_person_keeps_the_typed_text_and_saves_nothing(app, client, setup):
    _, item_id, url = setup
    html = client.post(url, data={**FORM, "description": "Typed, not lost.",
                                  "action": "add_person", "person_id": "0",
                                  "role": "panelist"}).get_data(as_text=True)
    assert "Choose a person" in field_error(html, "person_id")
    assert "Typed, not lost." in html
    assert _item(app, item_id) == (None, [])


def test_new_person_saves_then_comes_back_with_them_chosen(app, client, setup):
    _, item_id, url = setup
    response = client.post(url, data={**FORM, "description": "Kept.", "action": "new_person"})
    assert _item(app, item_id)[0] == "Kept."
    assert "/manage/people/new?next=" in response.location
    response = client.post(response.location, data={"name": "Guadalupe Correa-Cabrera",
                                                   "honorific": "Dr."})
    with app.app_context():
        person_id = db.session.scalar(select(Person.id))
    assert response.location.endswith(f"{url}?role=speaker&person_id={person_id}")
    html = client.get(response.location).get_data(as_text=True)
    assert f'<option selected value="{person_id}">' in html


def test_existing_person_is_offered_before_a_duplicate(app, client, setup, make_person):
    _, _, url = setup
    person = make_person(name="Raúl Benítez Manaut", honorific="Dr.")
    html = client.post(f"/manage/people/new?next={url}",
                       data={"name": "raul benitez manaut", "honorific": "Mtro."}
                       ).get_data(as_text=True)
    assert "Dr. Raúl Benítez Manaut" in html and f"{url}?person_id={person}" in html
    with app.app_context():
        assert len(db.session.scalars(select(Person)).all()) == 1


def test_remove_and_move_buttons_also_keep_the_text(app, client, setup, make_person):
    _, item_id, url = setup
    a, b = make_person(name="A One"), make_person(name="B Two")
    for person in (a, b):
        client.post(url, data={**FORM, "action": "add_person", "person_id": person,
                               "role": "panelist"})
    with app.app_context():
        first, second = (r.id for r in get(AgendaItem, item_id).roles)
    client.post(url, data={**FORM, "description": "Moved.", "action": f"up-{second}"})
    assert _item(app, item_id) == ("Moved.", [("B Two", "panelist"), ("A One", "panelist")])
    client.post(url, data={**FORM, "description": "Removed.", "action": f"remove-{first}"})
    assert _item(app, item_id) == ("Removed.", [("B Two", "panelist")])
    assert client.post(url, data={**FORM, "action": "remove-99999"}).status_code == 404


def test_reception_starts_in_person_only(app, client, setup):
    event_id, _, _ = setup
    html = client.get(f"/manage/events/{event_id}/agenda/new?kind=reception").get_data(
        as_text=True)
    assert 'id="in_person_only" name="in_person_only" type="checkbox" value="y" checked' in html \
        or ('checked' in html.split('id="in_person_only"')[0][-200:] + html.split(
            'id="in_person_only"')[1][:80])
    assert "agenda_item.js" in html


@pytest.mark.parametrize(("kind", "role"), [("keynote", "keynote_speaker"),
                                            ("panel", "panelist"), ("remarks", "speaker")])
def test_the_role_defaults_to_what_the_kind_implies(app, client, setup, kind, role):
    event_id, item_id, url = setup
    with app.app_context():
        get(AgendaItem, item_id).kind = kind
        db.session.commit()
    html = client.get(url).get_data(as_text=True)
    role_select = html.split('id="role"')[1].split("</select>")[0]
    assert f'<option selected value="{role}">' in role_select
    assert "keynote_speaker" in html.split("data-default-roles=")[1].split(">")[0]


def test_new_person_keeps_the_role_chosen(app, client, setup):
    _, _, url = setup
    response = client.post(url, data={**FORM, "action": "new_person", "role": "moderator"})
    back = client.get(response.location).get_data(as_text=True)
    assert "role%3Dmoderator" in back or "role=moderator" in back
    assert '<option selected value="moderator">' in client.get(url + "?role=moderator").get_data(
        as_text=True)
