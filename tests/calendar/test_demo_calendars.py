"""Every public calendar of the demo, in both languages, is served and parses."""

import pytest

from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import Organization
from tests.calendar.conftest import check_lines, parse_icalendar, vobject_events


@pytest.fixture
def demo_urls(app, demo):
    with app.app_context():
        events = db.session.scalars(db.select(Event.slug)).all()
        orgs = db.session.scalars(db.select(Organization.slug)).all()
        series = db.session.scalars(db.select(EventSeries.slug)).all()
    return ["/calendar.ics",
            *(f"/events/{slug}.ics" for slug in events),
            *(f"/events/{slug}/agenda.ics" for slug in events),
            *(f"/organizations/{slug}/calendar.ics" for slug in orgs),
            *(f"/series/{slug}/calendar.ics" for slug in series)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_demo_calendar_is_served_and_parses(client, demo_urls, lang):
    for url in demo_urls:
        response = client.get(f"{url}?lang={lang}")
        assert response.status_code == 200, url
        check_lines(response.data)
        parse_icalendar(response.data)
        assert vobject_events(response.data), url


def test_an_item_titled_as_its_kind_is_summarized_by_its_kind(app, client, make_event):
    from roundtable.agenda.models import AgendaItem

    event_id = make_event(slug="reception-only")
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items.append(AgendaItem(
            kind="reception", title="Reception", starts_at=event.starts_at,
            ends_at=event.ends_at, in_person_only=True, sort_order=0))
        db.session.commit()
    for lang, label in (("en", "Reception"), ("es", "Recepción")):
        response = client.get(f"/events/reception-only/agenda.ics?lang={lang}")
        assert response.status_code == 200
        assert f"SUMMARY:{label}\r\n" in response.get_data(as_text=True)


def test_a_title_that_starts_with_its_kind_is_not_prefixed_again(app, client, make_event):
    from roundtable.agenda.models import AgendaItem

    make_event(slug="keynote-titled")
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "keynote-titled"))
        event.agenda_items.append(AgendaItem(
            kind="keynote", title="Keynote address: Security on the border",
            starts_at=event.starts_at, ends_at=event.ends_at, sort_order=0))
        event.agenda_items.append(AgendaItem(
            kind="panel", title="Water and the border",
            starts_at=event.starts_at, ends_at=event.ends_at, sort_order=1))
        db.session.commit()
    text = client.get("/events/keynote-titled/agenda.ics").get_data(as_text=True)
    assert "SUMMARY:Keynote address: Security on the border\r\n" in text
    assert "Keynote address: Keynote address" not in text
    assert "SUMMARY:Panel discussion: Water and the border" in text or \
        "SUMMARY:Panel: Water and the border" in text
