"""An organization's description and an agenda item's location in Spanish (issue 24 item 2).

Like every `<name>_es` column: on the organizer's form, shown to Spanish readers on
pages, calendars and the API with the other language as fallback (marked with its own
`lang`), public text (never the Zoom meeting), and in the demo with real Spanish.
"""

import html as htmllib

import pytest
from sqlalchemy import select

from roundtable import public_text
from roundtable.agenda.models import AgendaItem
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.orgs.models import Organization
from roundtable.validation import FieldErrors
from tests.managing import sign_in

UA = "university-of-arizona"


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return htmllib.unescape(response.get_data(as_text=True))


def _reception(app) -> tuple[int, int, str]:
    with app.app_context():
        event = db.session.scalars(select(Event).order_by(Event.starts_at.desc())).first()
        item = next(i for i in event.agenda_items if i.kind == "reception")
        return event.id, item.id, event.slug


def test_both_columns_are_public_text_like_their_english(app):
    with app.app_context():
        assert "description_es" in public_text.public_fields(Organization)
        assert "location_es" in public_text.public_fields(AgendaItem)


def test_the_demo_writes_them_in_spanish(app, demo, client):
    spanish = _text(client.get(f"/organizations/{UA}?lang=es"))
    english = _text(client.get(f"/organizations/{UA}?lang=en"))
    assert 'lang="es">' in spanish
    assert "Universidad pública de investigación en Tucson, Arizona." in spanish
    assert "Public research university" not in spanish
    assert "Public research university in Tucson, Arizona." in english
    _event_id, _item_id, slug = _reception(app)
    page = _text(client.get(f"/events/{slug}?lang=es"))
    assert "Universidad de Arizona, Student Union Memorial Center, salón norte" in page
    assert "North Ballroom" not in page
    assert "North Ballroom" in _text(client.get(f"/events/{slug}?lang=en"))
    agenda = client.get(f"/events/{slug}/agenda.ics?lang=es").get_data(as_text=True)
    assert "salón norte" in agenda.replace("\r\n ", "")


def test_the_forms_save_them_and_the_outputs_fall_back(app, demo, client, make_user):
    user_id = sign_in(client, make_user, is_admin=True)
    assert user_id
    with app.app_context():
        org = db.session.scalar(select(Organization).where(Organization.slug == UA))
        org_id, name = org.id, org.name
    response = client.post(f"/manage/organizations/{org_id}/edit?lang=es", data={
        "name": name, "slug": UA, "description": "",
        "description_es": "Universidad pública con sede en **Tucson**."})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    form = _text(client.get(f"/manage/organizations/{org_id}/edit?lang=es"))
    assert "Descripción en español" in form
    # Written in Spanish only: English readers get it too, marked as Spanish.
    english = _text(client.get(f"/organizations/{UA}?lang=en"))
    assert '<div class="markdown" lang="es">' in english
    assert "<strong>Tucson</strong>" in english
    api = client.get(f"/api/v1/organizations/{UA}?lang=en").get_json()
    assert api["description"] == "Universidad pública con sede en **Tucson**."

    event_id, item_id, slug = _reception(app)
    edit = _text(client.get(f"/manage/events/{event_id}/agenda/{item_id}/edit?lang=es"))
    assert "Lugar en español" in edit and "salón norte" in edit
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        item.location_es = None  # the English location, for Spanish readers too
        db.session.commit()
    page = _text(client.get(f"/events/{slug}?lang=es"))
    assert '<p class="location" lang="en">University of Arizona, Student Union' in page
    detail = client.get(f"/api/v1/events/{slug}?lang=es").get_json()
    locations = [i["location"] for i in detail["agenda"] if i["location"]]
    assert locations == ["University of Arizona, Student Union Memorial Center, North Ballroom"]


def test_the_zoom_meeting_stays_out_of_them(app, make_event):
    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        org = Organization(name="Consulate", slug="consulate",
                           description_es="Entre a https://zoom.us/j/99911122233")
        from roundtable.orgs.models import EventSponsor

        event.sponsors.append(EventSponsor(organization=org, role="host", sort_order=0))
        with pytest.raises(FieldErrors):
            db.session.flush()
        db.session.rollback()
        event = db.session.get(Event, event_id)
        from datetime import timedelta

        event.agenda_items.append(AgendaItem(
            title="Panel", kind="panel", starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=30), sort_order=0,
            location_es="Sala 4, ID de reunión 999 1112 2233"))
        with pytest.raises(FieldErrors):
            db.session.flush()


def test_the_api_gives_the_institutions_own_names_in_spanish(app, demo, client):
    org = client.get(f"/api/v1/organizations/{UA}?lang=es").get_json()
    assert (org["name"], org["description"]) == (
        "Universidad de Arizona", "Universidad pública de investigación en Tucson, Arizona.")
    assert client.get(f"/api/v1/organizations/{UA}?lang=en").get_json()["name"] == (
        "University of Arizona")
    series = client.get("/api/v1/series/us-mexico-defense-security-roundtable?lang=es")
    assert series.get_json()["name"] == (
        "Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad")
    _event_id, _item_id, slug = _reception(app)
    event = client.get(f"/api/v1/events/{slug}?lang=es").get_json()
    assert event["series"]["name"].startswith("Mesa Redonda Anual")
    names = {o["name"] for o in event["organizations"]}
    assert "Universidad de Arizona" in names
    # An institution without a Spanish name keeps its English one.
    assert "Tucson Committee on Foreign Relations" in names
