"""Every calendar route, read back with icalendar and with vobject."""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db
from tests.calendar.conftest import (
    ZOOM_SECRETS,
    at,
    check_lines,
    icalendar_utc,
    parse_icalendar,
    unfold,
    vobject_events,
    vobject_utc,
)

HOST = "roundtable.test"


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response


def _public_urls(event_slug, org_slug=None, series_slug=None):
    urls = [f"/events/{event_slug}.ics", f"/events/{event_slug}/agenda.ics", "/calendar.ics"]
    if org_slug:
        urls.append(f"/organizations/{org_slug}/calendar.ics")
    if series_slug:
        urls.append(f"/series/{series_slug}/calendar.ics")
    return urls


def _update(app, model, id_, **values):
    with app.app_context():
        row = db.session.get(model, id_)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def _slug(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.get(Event, event_id).slug


def _org_slug(app, org_id):
    from roundtable.orgs.models import Organization

    with app.app_context():
        return db.session.get(Organization, org_id).slug


# --- every route parses, in both parsers, with the right headers -------------------------


def test_every_public_route_parses_in_both_parsers(app, client, make_full_event, make_org):
    org = make_org()
    event_id = make_full_event(series_slug="roundtable", org_ids=[org])
    slug = _slug(app, event_id)
    for url in _public_urls(slug, _org_slug(app, org), "roundtable"):
        response = _get(client, url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
        check_lines(response.data)
        cal = parse_icalendar(response.data)
        vevents = cal.walk("VEVENT")
        expected = 4 if url.endswith("agenda.ics") else 1
        assert len(vevents) == expected, url
        assert len(vobject_events(response.data)) == expected, url
        assert icalendar_utc(response.data) == vobject_utc(response.data), url
        assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"America/Phoenix"}
        for vevent in vevents:
            assert vevent["DTSTART"].params["TZID"] == "America/Phoenix"


def test_headers_downloads_and_feeds(app, client, make_full_event, make_org, settled_clock):
    org = make_org()
    slug = _slug(app, make_full_event(series_slug="s1", org_ids=[org]))
    download = client.get(f"/events/{slug}.ics")
    assert download.headers["Content-Disposition"] == f'attachment; filename="{slug}.ics"'
    agenda = client.get(f"/events/{slug}/agenda.ics")
    assert agenda.headers["Content-Disposition"] == f'attachment; filename="{slug}-agenda.ics"'
    for url in ("/calendar.ics", f"/organizations/{_org_slug(app, org)}/calendar.ics",
                "/series/s1/calendar.ics"):
        response = client.get(url)
        assert response.headers["Content-Disposition"].startswith("inline; filename=")
        assert response.headers["Cache-Control"] == "public, max-age=300"
        etag, weak = response.get_etag()
        assert etag and not weak
        assert response.headers["Last-Modified"]


def test_unknown_slugs_tokens_and_drafts_are_404(app, client, make_event, make_registration):
    draft_id = make_event(status="draft", slug="secret-draft")
    _, token = make_registration(draft_id)
    for url in (
        "/events/nope.ics",
        "/events/nope/agenda.ics",
        "/events/secret-draft.ics",
        "/events/secret-draft/agenda.ics",
        "/organizations/nope/calendar.ics",
        "/series/nope/calendar.ics",
        "/registrations/not-a-token/calendar.ics",
        f"/registrations/{token}/calendar.ics",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["Cache-Control"] == "no-store"
        assert b"BEGIN:VCALENDAR" not in response.data
    assert b"secret-draft" not in client.get("/calendar.ics").data


def test_feed_header_properties(client, make_event):
    make_event()
    text = unfold(client.get("/calendar.ics").data)
    for line in (
        "NAME:Roundtable events",
        "X-WR-CALNAME:Roundtable events",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "SOURCE;VALUE=URI:http://roundtable.test/calendar.ics",
        "URL;VALUE=URI:http://roundtable.test/",
    ):
        assert f"\r\n{line}\r\n" in text, line
    cal = parse_icalendar(client.get("/calendar.ics").data)
    assert cal["DESCRIPTION"]


# --- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tzid", "local_hour", "when", "offset_hours"),
    [
        # Tucson: -07:00 on both sides of the US switch dates (8 March, 1 November 2026).
        ("America/Phoenix", 10, (2026, 3, 7), -7),
        ("America/Phoenix", 10, (2026, 3, 9), -7),
        ("America/Phoenix", 10, (2026, 10, 31), -7),
        ("America/Phoenix", 10, (2026, 11, 2), -7),
        # Mexico City: no DST since 2022, so -06:00 in summer.
        ("America/Mexico_City", 10, (2026, 7, 15), -6),
        # Washington, DC: changes.
        ("America/New_York", 10, (2026, 3, 7), -5),
        ("America/New_York", 10, (2026, 3, 9), -4),
        ("America/New_York", 10, (2026, 11, 2), -5),
    ],
)
def test_utc_instants_in_both_parsers(
    app, client, make_event, tzid, local_hour, when, offset_hours
):
    starts = datetime(*when, local_hour, tzinfo=UTC) - timedelta(hours=offset_hours)
    event_id = make_event(timezone=tzid, starts_at=starts, ends_at=starts + timedelta(hours=2))
    data = client.get(f"/events/{_slug(app, event_id)}.ics").data
    assert icalendar_utc(data) == [starts]
    assert vobject_utc(data) == [starts]
    assert vobject_utc(data, "dtend") == [starts + timedelta(hours=2)]
    text = unfold(data)
    local = datetime(*when, local_hour)
    assert f"DTSTART;TZID={tzid}:{local:%Y%m%dT%H%M%S}" in text


def test_phoenix_and_mexico_city_give_one_standard_block(client, make_event):
    make_event(timezone="America/Phoenix", starts_at=at(2026, 3, 1), ends_at=at(2026, 3, 1, 19))
    make_event(timezone="America/Phoenix", starts_at=at(2026, 11, 5), ends_at=at(2026, 11, 5, 19))
    make_event(timezone="America/Mexico_City", starts_at=at(2026, 7, 1),
               ends_at=at(2026, 7, 1, 19))
    make_event(timezone="America/New_York", starts_at=at(2026, 7, 1), ends_at=at(2026, 7, 1, 19))
    cal = parse_icalendar(client.get("/calendar.ics").data)
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    assert set(zones) == {"America/Phoenix", "America/Mexico_City", "America/New_York"}
    for tzid in ("America/Phoenix", "America/Mexico_City"):
        assert [c.name for c in zones[tzid].subcomponents] == ["STANDARD"]
    new_york = zones["America/New_York"]
    assert sorted(c.name for c in new_york.subcomponents) == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in c and "RDATE" not in c for c in new_york.subcomponents)


# --- stability and change ------------------------------------------------------------------


def test_rebuilds_are_byte_identical_and_uids_stable(app, client, make_full_event, make_org):
    from roundtable.calendar import ics, services
    from roundtable.events.models import Event

    org = make_org()
    event_id = make_full_event(series_slug="s", org_ids=[org])
    slug = _slug(app, event_id)
    for url in _public_urls(slug, _org_slug(app, org), "s"):
        assert client.get(url).data == client.get(url).data, url
    with app.app_context():
        event = services.get_public_event(slug)
        first = ics.event_calendar(event, site_url="http://roundtable.test")
        db.session.expire_all()
        again = ics.event_calendar(services.get_public_event(slug), site_url="http://roundtable.test")
        assert first == again
        uid = f"event-{event_id}@{HOST}"
        assert parse_icalendar(first).walk("VEVENT")[0]["UID"] == uid
        # DTSTAMP and LAST-MODIFIED come from the data, not the clock.
        vevent = parse_icalendar(first).walk("VEVENT")[0]
        assert vevent["DTSTAMP"].dt == vevent["LAST-MODIFIED"].dt
        assert vevent["DTSTAMP"].dt <= datetime.now(UTC)
        assert db.session.get(Event, event_id).updated_at.replace(microsecond=0) <= (
            vevent["DTSTAMP"].dt
        )


def test_sequence_rises_after_a_time_change(app, client, make_event):
    from roundtable.events.models import Event

    event_id = make_event()
    slug = _slug(app, event_id)
    before = client.get(f"/events/{slug}.ics")
    vevent = parse_icalendar(before.data).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 0
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at += timedelta(hours=1)
        event.ends_at += timedelta(hours=1)
        event.sequence += 1  # what the organizer service does on a time change
        db.session.commit()
    after = client.get(f"/events/{slug}.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    vevent2 = parse_icalendar(after.data).walk("VEVENT")[0]
    assert vevent2["SEQUENCE"] == 1
    assert vevent2["UID"] == vevent["UID"]
    assert vevent2["DTSTART"].dt - vevent["DTSTART"].dt == timedelta(hours=1)
    assert vevent2["DTSTAMP"].dt >= vevent["DTSTAMP"].dt


def test_cancelled_events_stay_in_feeds_as_cancelled(app, client, make_full_event, make_org):
    from roundtable.events.models import Event

    org = make_org()
    event_id = make_full_event(series_slug="s", org_ids=[org])
    _update(app, Event, event_id, status="cancelled", sequence=1,
            cancellation_reason="Weather; sorry, folks.")
    slug = _slug(app, event_id)
    for url in _public_urls(slug, _org_slug(app, org), "s"):
        data = client.get(url).data
        for vevent in parse_icalendar(data).walk("VEVENT"):
            assert vevent["STATUS"] == "CANCELLED", url
        for vevent in vobject_events(data):
            assert vevent.status.value == "CANCELLED"
    vevent = parse_icalendar(client.get("/calendar.ics").data).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 1
    assert "Weather; sorry, folks." in str(vevent["DESCRIPTION"])


def test_agenda_items_relate_to_the_event(app, client, make_full_event):
    event_id = make_full_event(agenda_items=4)
    data = client.get(f"/events/{_slug(app, event_id)}/agenda.ics").data
    vevents = parse_icalendar(data).walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [f"agenda-{i}@{HOST}" for i in range(1, 5)]
    for vevent in vevents:
        assert str(vevent["RELATED-TO"]) == f"event-{event_id}@{HOST}"
        assert "Dr. Speaker" in str(vevent["DESCRIPTION"])
        assert "(Speaker)" in str(vevent["DESCRIPTION"])
    reception = next(v for v in vevents if str(v["SUMMARY"]).startswith("Reception"))
    assert str(reception["LOCATION"]) == "Lobby"
    assert "In person only" in str(reception["DESCRIPTION"])
    assert [v.summary.value for v in vobject_events(data)] == [str(v["SUMMARY"]) for v in vevents]


# --- escaping and injection ----------------------------------------------------------------

EVIL = 'Comma, semi; back\\slash "quote"\nnew line\r\nATTENDEE:evil\rEND:VEVENT\u2028x'


def test_injection_stays_inside_one_property(app, client, make_full_event, make_org):
    from roundtable.agenda.models import AgendaItem, Person
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import Organization

    org = make_org()
    event_id = make_full_event(series_slug="evil", org_ids=[org])
    # Single-line fields refuse line breaks now (roundtable/single_line.py); rows stored
    # before that rule, or by SQL, may hold them: written past the ORM, as such rows were.
    with app.app_context():
        for model, values in (
            (Event, dict(title=EVIL, summary=EVIL, description=EVIL, venue_name=EVIL,
                         venue_address=EVIL, cancellation_reason=EVIL,
                         calendar_version=Event.calendar_version + 1)),
            (AgendaItem, dict(title=EVIL, description=EVIL, location=EVIL)),
            (Person, dict(name=EVIL)), (EventSeries, dict(name=EVIL)),
            (Organization, dict(name=EVIL)),
        ):
            db.session.execute(db.update(model).values(**values))
        db.session.commit()
    slug = _slug(app, event_id)
    normalized = EVIL.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    for url in _public_urls(slug, _org_slug(app, org), "evil"):
        data = client.get(url).data
        check_lines(data)
        cal = parse_icalendar(data)
        vevents = cal.walk("VEVENT")
        assert len(vevents) == (4 if "agenda" in url else 1), url
        for vevent in vevents:
            assert "ATTENDEE" not in vevent
            assert len(vevent.subcomponents) == 0
        if "agenda" not in url:
            assert str(vevents[0]["SUMMARY"]) == normalized
            assert str(vevents[0]["LOCATION"]).startswith(normalized)
            assert vobject_events(data)[0].summary.value == normalized
        else:
            assert str(vevents[0]["LOCATION"]) == normalized
        for line in data.split(b"\r\n"):
            assert not line.startswith(b"ATTENDEE"), url
        assert data.split(b"\r\n").count(b"END:VEVENT") == len(vevents)
    feed = parse_icalendar(client.get("/series/evil/calendar.ics").data)
    # icalendar 7.3 leaves calendar-level NAME unparsed; DESCRIPTION carries the name too.
    assert str(feed["DESCRIPTION"]) == f"Editions of {normalized}."


# --- HTTP caching --------------------------------------------------------------------------


def test_304_for_if_none_match_and_if_modified_since(app, client, make_full_event, make_org,
                                                     monkeypatch, settled_clock):
    from roundtable.calendar import ics

    org = make_org()
    slug = _slug(app, make_full_event(series_slug="s", org_ids=[org]))
    urls = _public_urls(slug, _org_slug(app, org), "s")
    first = {url: client.get(url) for url in urls}
    for url, response in first.items():
        # If-None-Match decides alone when present.
        stale = client.get(url, headers={"If-None-Match": '"other"',
                                         "If-Modified-Since": response.headers["Last-Modified"]})
        assert stale.status_code == 200
        assert stale.data == response.data

    def explode(*args, **kwargs):
        raise AssertionError("built a calendar for a 304")

    for name in ("event_calendar", "agenda_calendar", "feed_calendar"):
        monkeypatch.setattr(ics, name, explode)
    for url, response in first.items():
        etag = response.headers["ETag"]
        not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304, url
        assert not_modified.data == b""
        assert not_modified.headers["ETag"] == etag
        assert client.get(url, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
        since = client.get(url, headers={"If-Modified-Since": response.headers["Last-Modified"]})
        assert since.status_code == 304, url


def test_etag_changes_with_agenda_sponsors_and_people(app, client, make_full_event, make_org):
    from roundtable.agenda.models import AgendaRole, Person
    from roundtable.orgs.models import EventSponsor

    org = make_org()
    event_id = make_full_event(series_slug="s", org_ids=[org])
    slug = _slug(app, event_id)
    urls = _public_urls(slug, _org_slug(app, org), "s")

    def etags():
        return {url: client.get(url).headers["ETag"] for url in urls}

    seen = [etags()]
    with app.app_context():
        db.session.scalars(db.select(Person)).first().position = "Emeritus"
        db.session.commit()
    seen.append(etags())
    with app.app_context():
        db.session.scalars(db.select(AgendaRole)).first().role = "moderator"
        db.session.commit()
    seen.append(etags())
    with app.app_context():
        db.session.add(EventSponsor(event_id=event_id, organization_id=make_org(), sort_order=5))
        db.session.commit()
    seen.append(etags())
    for before, after in zip(seen, seen[1:], strict=False):
        for url in urls:
            if url.endswith("agenda.ics") and after is seen[3]:
                continue  # sponsors are not in the agenda file, but the ETag may still move
            assert before[url] != after[url], url


# --- secrets -------------------------------------------------------------------------------


def test_no_zoom_data_or_attendees_in_public_output(app, client, make_full_event, make_org,
                                                    make_registration):
    org = make_org()
    event_id = make_full_event(series_slug="s", org_ids=[org])
    make_registration(event_id, mode="online", email="attendee@example.org", name="Ann Attendee")
    slug = _slug(app, event_id)
    for url in _public_urls(slug, _org_slug(app, org), "s"):
        data = client.get(url).data
        text = unfold(data)
        for secret in (*ZOOM_SECRETS, "zoom.us", "attendee@example.org", "Ann Attendee"):
            assert secret not in text, (url, secret)
        assert "CONFERENCE" not in text and "ATTENDEE" not in text


# --- query counts --------------------------------------------------------------------------


def test_feed_query_count_does_not_grow_with_events(app, client, make_full_event, make_org,
                                                    count_queries):
    org = make_org()

    def measure():
        counts = {}
        for url in ("/calendar.ics", f"/organizations/{_org_slug(app, org)}/calendar.ics",
                    "/series/s/calendar.ics"):
            with count_queries() as n:
                assert client.get(url).status_code == 200
            counts[url] = n()
        return counts

    # A process records its build (store.build_since) once, on its first feed with a
    # Last-Modified: once an event is in it (an organization alone is in no calendar).
    make_full_event(series_slug="s", org_ids=[org])
    client.get("/calendar.ics")
    for _ in range(5):
        make_full_event(series_slug="s", org_ids=[org])
    few = measure()
    for _ in range(45):
        make_full_event(series_slug="s", org_ids=[org])
    many = measure()
    assert few == many
    # Building: version, stored pieces, the loads of the missing events, delete, insert.
    assert max(many.values()) <= 12
    # Once stored, every feed is its lookup, the version and the stored pieces.
    assert max(measure().values()) <= 3
    with app.app_context():
        from roundtable.events.models import Event

        assert db.session.scalar(db.select(db.func.count(Event.id))) == 51


def test_304_runs_one_query(app, client, make_full_event, count_queries):
    slug = _slug(app, make_full_event())
    etag = client.get("/calendar.ics").headers["ETag"]
    with count_queries() as n:
        assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    assert n() == 1
    etag = client.get(f"/events/{slug}.ics").headers["ETag"]
    with count_queries() as n:
        assert client.get(f"/events/{slug}.ics", headers={"If-None-Match": etag}).status_code == 304
    assert n() == 1


# --- built-response cache ------------------------------------------------------------------


def test_unconditional_polls_reuse_the_built_feed(app, client, make_event, monkeypatch):
    from roundtable.calendar import store
    from roundtable.events.models import Event

    event_id = make_event()
    other_id = make_event(title="Other")
    first = client.get("/calendar.ics").data
    real = store.BUILDERS["event"]
    calls = []

    def counting(event, **kwargs):
        calls.append(event.id)
        return real(event, **kwargs)

    monkeypatch.setitem(store.BUILDERS, "event", counting)
    assert client.get("/calendar.ics").data == first
    assert calls == []
    _update(app, Event, event_id, title="Renamed")
    data = client.get("/calendar.ics").data
    assert b"SUMMARY:Renamed" in data and b"SUMMARY:Other" in data
    assert calls == [event_id]  # only the changed event is serialized again
    assert other_id != event_id


def test_built_cache_can_be_disabled(app_config, make_event):
    from roundtable import create_app

    app = create_app({**app_config, "CALENDAR_CACHE_BYTES": 0})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.get("/calendar.ics").status_code == 200
    assert "roundtable.calendar.built" not in app.extensions
    with app.app_context():
        db.engine.dispose()


def test_built_cache_evicts_least_recently_used():
    from roundtable.cache import SizedLRU

    cache = SizedLRU(limit=10)
    cache.put(("a", "1"), b"12345")
    cache.put(("b", "1"), b"12345")
    assert cache.get(("a", "1")) == b"12345"  # a is now the most recent
    cache.put(("c", "1"), b"123")
    assert cache.get(("b", "1")) is None
    assert cache.get(("a", "1")) and cache.get(("c", "1"))
    assert cache.size == 8
    cache.put(("huge", "1"), b"x" * 11)
    assert cache.get(("huge", "1")) is None
