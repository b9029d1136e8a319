"""Feeds assembled from stored VEVENTs: same bytes as a full build, versions that move."""

import time
from datetime import UTC, datetime, timedelta

from roundtable.extensions import db
from tests.calendar.conftest import parse_icalendar, unfold

OLD = datetime(2020, 1, 1, tzinfo=UTC)


def _slug(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.get(Event, event_id).slug
OLD_HTTP = "Wed, 01 Jan 2020 00:00:00 GMT"


def _full_builds(app, org_id, series_slug, slug):
    """Every public calendar built from scratch with icalendar, as before this store."""
    from roundtable.calendar import ics, services
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import Organization

    site = app.config["SITE_URL"].rstrip("/")

    def feed(where, path, name, description, page):
        return ics.feed_calendar(
            services.load_events(where), site_url=site, name=name, description=description,
            source_url=site + path, url=site + page,
        )

    with app.app_context():
        org = db.session.get(Organization, org_id)
        series = db.session.scalar(db.select(EventSeries).where(EventSeries.slug == series_slug))
        event = services.get_public_event(slug)
        return {
            f"/events/{slug}.ics": ics.event_calendar(event, site_url=site),
            f"/events/{slug}/agenda.ics": ics.agenda_calendar(event, site_url=site),
            "/calendar.ics": feed(
                services.public_event_filter(), "/calendar.ics", "Roundtable events",
                "Every published event on Roundtable. Cancelled events are marked so.", "/",
            ),
            f"/organizations/{org.slug}/calendar.ics": feed(
                services.organization_filter(org), f"/organizations/{org.slug}/calendar.ics",
                org.name, f"Events hosted or sponsored by {org.name}.",
                f"/organizations/{org.slug}",
            ),
            f"/series/{series_slug}/calendar.ics": feed(
                Event.series_id.is_not(None) & services.series_filter(series),
                f"/series/{series_slug}/calendar.ics", series.name,
                series.description or f"Editions of {series.name}.", f"/series/{series_slug}",
            ),
        }


def _served(app, client, urls):
    app.extensions.pop("roundtable.calendar.built", None)  # as after a restart
    return {url: client.get(url).data for url in urls}


def test_assembled_calendars_are_byte_identical_to_full_builds(
    app, client, make_full_event, make_org
):
    from roundtable.events.models import Event

    org = make_org()
    first = make_full_event(series_slug="s", org_ids=[org], title="C:\\Notes; a, b")
    make_full_event(series_slug="s", org_ids=[org], timezone="America/New_York")
    make_full_event(series_slug="s", org_ids=[org], status="cancelled", cancellation_reason="Rain")
    with app.app_context():
        slug = db.session.get(Event, first).slug
    expected = _full_builds(app, org, "s", slug)
    assert _served(app, client, expected) == expected  # first build stores the pieces
    assert _served(app, client, expected) == expected  # then they are read back
    with app.app_context():
        db.session.get(Event, first).title = "Renamed"
        db.session.commit()
    expected = _full_builds(app, org, "s", slug)
    assert b"SUMMARY:Renamed" in expected["/calendar.ics"]
    assert _served(app, client, expected) == expected


def _age(app):
    """Make every stamp old, without going through the session (so nothing is bumped)."""
    from roundtable.agenda.models import AgendaItem, Person
    from roundtable.calendar.models import CalendarState
    from roundtable.events.models import Event
    from roundtable.orgs.models import Organization

    with app.app_context():
        for model in (Event, AgendaItem, Person, Organization):
            db.session.execute(db.update(model).values(updated_at=OLD))
        db.session.execute(db.update(CalendarState).values(changed_at=OLD))
        db.session.commit()
    # The build's first-served time (its CalendarState row, aged above) is kept per app.
    app.extensions.pop("roundtable.build_since", None)


def _event_stamps(client, slug):
    vevent = parse_icalendar(client.get(f"/events/{slug}.ics").data).walk("VEVENT")[0]
    return vevent.decoded("DTSTAMP"), vevent.decoded("LAST-MODIFIED")


def _check_moved(client, slug, before_etag):
    feed = client.get("/calendar.ics", headers={"If-Modified-Since": OLD_HTTP})
    assert feed.status_code == 200  # a client sending only If-Modified-Since sees the change
    assert feed.headers["ETag"] != before_etag
    assert feed.last_modified > OLD
    if slug:
        assert all(stamp > OLD for stamp in _event_stamps(client, slug))


def test_removals_move_last_modified_and_dtstamp(app, client, make_full_event, make_org,
                                                settled_clock):
    from roundtable.agenda import services as agenda
    from roundtable.events import management
    from roundtable.events.models import Event
    from roundtable.orgs import services as orgs

    event_id = make_full_event(org_ids=[make_org(), make_org()])
    other_id = make_full_event()
    with app.app_context():
        slug = db.session.get(Event, event_id).slug

    client.get("/calendar.ics")  # this build's first serve is recorded (and aged below)

    def change(apply, *, check_slug=slug):
        _age(app)
        etag = client.get("/calendar.ics").headers["ETag"]
        assert client.get("/calendar.ics", headers={"If-Modified-Since": OLD_HTTP}).status_code \
            == 304
        with app.app_context():
            apply(db.session.get(Event, event_id), db.session.get(Event, other_id))
            db.session.commit()
        _check_moved(client, check_slug, etag)

    change(lambda event, _: orgs.remove_sponsor(event, event.sponsors[0]))
    change(lambda event, _: agenda.delete_item(event, event.agenda_items[0]))
    change(lambda event, _: agenda.remove_role(event.agenda_items[0],
                                               event.agenda_items[0].roles[0]))
    change(lambda _, other: management.unpublish(other), check_slug=None)


def test_a_person_edit_bumps_the_events_that_show_them(app, client, make_full_event):
    from roundtable.agenda.models import Person
    from roundtable.events.models import Event

    shown = make_full_event()
    unrelated = make_full_event(agenda_items=0)
    with app.app_context():
        before = {e.id: e.calendar_version for e in db.session.scalars(db.select(Event))}
        person = db.session.get(Event, shown).agenda_items[1].roles[0].person
        person_id = person.id
    etag = client.get("/calendar.ics").headers["ETag"]
    with app.app_context():
        db.session.get(Person, person_id).name = "Raúl Benítez Manaut"
        db.session.commit()
        after = {e.id: e.calendar_version for e in db.session.scalars(db.select(Event))}
    assert after[shown] == before[shown] + 1
    assert after[unrelated] == before[unrelated]
    response = client.get("/calendar.ics")
    assert response.headers["ETag"] != etag
    # Unfolded: where the 75-octet folds fall depends on the times before the name.
    assert "Raúl Benítez Manaut" in unfold(response.data)


def test_registrations_leave_public_versions_alone(app, client, make_event):
    """A registration touches no version row, so registrations never queue behind it."""
    from roundtable.calendar.changes import site_version
    from roundtable.events.models import Event

    event_id = make_event(capacity_online=10)
    with app.app_context():
        before = site_version(db.session), db.session.get(Event, event_id).calendar_version
    response = client.post(
        f"/events/{_slug(app, event_id)}/register",
        data={"name": "Ana Barceló Durazo", "email": "ana@example.org", "mode": "online"},
    )
    assert response.status_code == 302
    with app.app_context():
        after = site_version(db.session), db.session.get(Event, event_id).calendar_version
        from roundtable.registration.models import Registration

        assert db.session.scalar(db.select(db.func.count(Registration.id))) == 1
    assert after == before


def test_304_and_cached_200_are_one_lookup(app, client, make_full_event, count_queries):
    for _ in range(3):
        make_full_event()
    etag = client.get("/calendar.ics").headers["ETag"]
    with count_queries() as n:
        assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    assert n() == 1
    with count_queries() as n:
        assert client.get("/calendar.ics").status_code == 200
    assert n() == 1


def test_no_last_modified_while_its_second_is_running(app, client, make_event, monkeypatch):
    # Two changes within one second would share an HTTP date: a client that sends
    # only If-Modified-Since would keep the first. So the date waits for its second to end.
    from roundtable.calendar import routes
    from roundtable.calendar.changes import site_version
    from roundtable.calendar.models import CALENDARS_SCOPE
    from roundtable.events.models import Event

    # The build is first served before the change (store.build_since), as on a running
    # site: otherwise a slow machine serves it a second after the change, and that later
    # build date, not the change's, would be the one waiting for its second to end.
    client.get("/calendar.ics")
    make_event(slug="just-now")
    with app.app_context():
        # The dates the two files report: the calendars' version row (the feed) and the
        # event's stamp, written a moment apart, possibly either side of a second's end.
        _, changed_at = site_version(db.session, CALENDARS_SCOPE)
        stamp = db.session.scalar(db.select(Event.calendar_changed_at).where(
            Event.slug == "just-now"))
    for url, date in (("/calendar.ics", changed_at), ("/events/just-now.ics", stamp)):
        monkeypatch.setattr(routes, "utcnow", lambda date=date: date.replace(microsecond=999_999))
        response = client.get(url)
        assert response.status_code == 200 and response.headers["ETag"]
        assert "Last-Modified" not in response.headers, url
    later = changed_at.replace(microsecond=0) + timedelta(seconds=1)
    monkeypatch.setattr(routes, "utcnow", lambda: later)
    response = client.get("/calendar.ics")
    assert response.last_modified == changed_at.replace(microsecond=0)
    # A client that had that date sees the next change, which comes after it was served.
    time.sleep(max(0.0, (later - datetime.now(UTC)).total_seconds()))
    with app.app_context():
        db.session.scalar(db.select(Event).where(Event.slug == "just-now")).title = "Moved"
        db.session.commit()
        _, moved_at = site_version(db.session, CALENDARS_SCOPE)
    monkeypatch.setattr(routes, "utcnow", lambda: moved_at + timedelta(seconds=1))
    again = client.get("/calendar.ics", headers={"If-Modified-Since": response.headers[
        "Last-Modified"]})
    assert again.status_code == 200 and "SUMMARY:Moved" in again.get_data(as_text=True)


def test_spliced_time_zones_are_what_icalendar_writes_for_the_whole_calendar(app, make_full_event):
    # Calendars are written as header + serialized VTIMEZONEs + events; icalendar
    # serializing the whole tree itself must give the same bytes.
    import icalendar

    from roundtable.calendar import ics, services

    make_full_event(timezone="America/Phoenix")
    make_full_event(timezone="America/New_York", starts_in=timedelta(days=200))
    with app.test_request_context():
        events = services.load_events(services.public_event_filter())
        data = ics.feed_calendar(events, site_url="http://roundtable.test", name="All",
                                 description=None, source_url=None, url=None)
        whole = icalendar.Calendar.from_ical(data)
        assert [tz["TZID"] for tz in whole.walk("VTIMEZONE")] == [
            "America/New_York", "America/Phoenix"]
        assert whole.to_ical(sorted=False) == data
