"""Calendar stamps move only when what a calendar shows changes (issue 21, item 7).

A speaker's bio is on the event page but in no calendar: editing it must leave every
feed's bytes, ETag and Last-Modified (and the VEVENTs' DTSTAMP and LAST-MODIFIED) as
they were, so polling clients get 304. Their name is in the agenda and the event's
description: editing it changes them all.
"""

import time

import pytest

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.events.models import Event
from roundtable.extensions import db


def _wait_a_second():
    time.sleep(1.1)  # HTTP dates and DTSTAMP have whole seconds: a moved stamp shows


@pytest.fixture
def speaker_in_three(app, make_full_event, make_org, make_person):
    """Three events of one series and co-sponsor, one speaker on each agenda; their URLs."""
    org = make_org(slug="cross-border")
    person_id = make_person(name="Guadalupe Correa-Cabrera", bio="Professor at GMU.")
    slugs = []
    for _ in range(3):
        event_id = make_full_event(series_slug="s", org_ids=[org])
        with app.app_context():
            event = db.session.get(Event, event_id)
            item = db.session.scalar(db.select(AgendaItem).where(
                AgendaItem.event_id == event_id).order_by(AgendaItem.sort_order))
            item.roles.append(AgendaRole(person_id=person_id, role="speaker", sort_order=9))
            db.session.commit()
            slugs.append(event.slug)
    urls = ["/calendar.ics", "/organizations/cross-border/calendar.ics", "/series/s/calendar.ics"]
    for slug in slugs:
        urls += [f"/events/{slug}.ics", f"/events/{slug}/agenda.ics"]
    urls += [url + "?lang=es" for url in urls]
    return person_id, urls


def _served(client, urls):
    served = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.last_modified is not None, url
        served[url] = (response.data, response.headers["ETag"], response.headers["Last-Modified"])
    return served


def _edit_person(app, person_id, **values):
    with app.app_context():
        person = db.session.get(Person, person_id)
        for name, value in values.items():
            setattr(person, name, value)
        db.session.commit()


def _stamps(app):
    with app.app_context():
        return dict(db.session.execute(db.select(Event.id, Event.calendar_changed_at)).all())


def test_a_bio_changes_no_calendar_byte_nor_validator(app, client, speaker_in_three,
                                                       settled_clock):
    person_id, urls = speaker_in_three
    before = _served(client, urls)
    stamps = _stamps(app)
    _wait_a_second()
    _edit_person(app, person_id, bio="Professor at George Mason University; author of "
                 "*Los Zetas Inc.*", bio_es="Profesora en la Universidad George Mason.")
    assert _served(client, urls) == before
    assert _stamps(app) == stamps
    for url, (_data, etag, modified) in before.items():
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304, url
    # The event page, which shows the bio, has it at once.
    slug = urls[3].removeprefix("/events/").removesuffix(".ics")
    assert "George Mason University" in client.get(f"/events/{slug}").get_data(True)


def test_a_name_the_agenda_shows_changes_every_calendar_that_shows_it(
        app, client, speaker_in_three, settled_clock):
    person_id, urls = speaker_in_three
    before = _served(client, urls)
    _wait_a_second()
    _edit_person(app, person_id, name="Guadalupe Correa Cabrera")
    after = _served(client, urls)
    for url, (data, etag, modified) in before.items():
        new_data, new_etag, new_modified = after[url]
        assert b"Correa Cabrera" in new_data.replace(b"\r\n ", b""), url
        assert new_data != data and new_etag != etag, url
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200, url
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200, url
        assert new_modified != modified, url


def test_an_edit_of_one_event_restamps_only_its_entries(app, client, speaker_in_three,
                                                         settled_clock):
    _person_id, _urls = speaker_in_three
    stamps = _stamps(app)
    _wait_a_second()
    first = min(stamps)
    with app.app_context():
        db.session.get(Event, first).title = "Renamed roundtable"
        db.session.commit()
    now = _stamps(app)
    assert now[first] > stamps[first]
    assert {k: v for k, v in now.items() if k != first} == {
        k: v for k, v in stamps.items() if k != first}
    # Saving the same title again changes nothing a calendar shows.
    with app.app_context():
        event = db.session.get(Event, first)
        event.title = "Renamed roundtable"
        event.calendar_version += 1  # as any page-only edit does
        db.session.commit()
    assert _stamps(app) == now


def test_build_fills_the_digest_of_older_events_and_keeps_their_stamp(app, client,
                                                                      make_full_event,
                                                                      settled_clock):
    from roundtable.calendar import store

    event_id = make_full_event()
    with app.app_context():
        db.session.execute(db.update(Event).values(calendar_digest=None))
        db.session.commit()
    stamps = _stamps(app)
    with app.test_request_context():
        store.fill(site_url=app.config["SITE_URL"])
        db.session.commit()
        assert db.session.get(Event, event_id).calendar_digest
    assert _stamps(app) == stamps


def test_a_new_event_is_stamped_once_and_digested_at_its_first_build(app, client, make_event):
    event_id = make_event(slug="fresh")
    stamps = _stamps(app)
    with app.app_context():
        assert db.session.get(Event, event_id).calendar_digest is None  # nothing built yet
    assert client.get("/events/fresh.ics").status_code == 200
    with app.app_context():
        assert db.session.get(Event, event_id).calendar_digest
    assert _stamps(app) == stamps
