"""Calendar output exact to the RFCs, as independent parsers read it."""

from datetime import UTC, datetime, timedelta

from roundtable.extensions import db
from tests.calendar.conftest import (
    icalendar_utc,
    parse_icalendar,
    unfold,
    vobject_events,
    vobject_utc,
)


def _slug(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.get(Event, event_id).slug


def test_backslashes_survive_every_parser(app, client, make_event):
    title = "C:\\Notes and C:\\new, a;b"
    description = "Path C:\\Notes\\N\nsecond line"
    slug = _slug(app, make_event(title=title, description=description))
    for url in (f"/events/{slug}.ics", "/calendar.ics"):
        data = client.get(url).data
        assert "SUMMARY:C:\\\\Notes and C:\\\\new\\, a\\;b" in unfold(data)
        (vevent,) = vobject_events(data)
        assert vevent.summary.value == title
        assert "Path C:\\Notes\\N\nsecond line" in vevent.description.value
        (parsed,) = parse_icalendar(data).walk("VEVENT")
        assert str(parsed["SUMMARY"]) == title


def _outbox_sequence(app, method):
    from roundtable.mail.models import OutboxMessage

    with app.app_context():
        message = db.session.scalars(
            db.select(OutboxMessage)
            .where(OutboxMessage.ics_method == method)
            .order_by(OutboxMessage.id.desc())
        ).first()
        (vevent,) = parse_icalendar(message.ics.encode()).walk("VEVENT")
        return int(vevent["SEQUENCE"])


def test_sequence_only_rises_on_every_channel(app, client, make_full_event, make_registration):
    from roundtable.events import management
    from roundtable.events.models import Event

    event_id = make_full_event()
    _, token = make_registration(event_id, mode="online", status="confirmed")

    def feed_sequence():
        data = client.get(f"/registrations/{token}/calendar.ics").data
        (vevent,) = parse_icalendar(data).walk("VEVENT")
        return int(vevent["SEQUENCE"])

    before = feed_sequence()
    with app.app_context():
        management.cancel(db.session.get(Event, event_id), "Storm")
        db.session.commit()
    cancelled = _outbox_sequence(app, "CANCEL")
    assert cancelled > before
    assert feed_sequence() == cancelled
    with app.app_context():
        management.publish(db.session.get(Event, event_id))
        db.session.commit()
    reinstated = _outbox_sequence(app, "REQUEST")
    assert reinstated > cancelled
    assert feed_sequence() == reinstated


def test_ambiguous_local_times_are_written_in_utc(app, client, make_event):
    # 01:30 on the night New York's clocks go back happens twice; this is the first.
    starts = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    slug = _slug(app, make_event(timezone="America/New_York", starts_at=starts,
                                 ends_at=starts + timedelta(hours=2)))
    data = client.get(f"/events/{slug}.ics").data
    text = unfold(data)
    assert "\r\nDTSTART:20261101T053000Z\r\n" in text
    assert "\r\nDTEND;TZID=America/New_York:20261101T023000\r\n" in text  # unambiguous
    assert vobject_utc(data) == icalendar_utc(data) == [starts]
    assert vobject_utc(data, "dtend") == [starts + timedelta(hours=2)]


def test_every_published_vevent_has_one_organizer(
    app, client, make_full_event, make_org, make_registration
):
    from roundtable.calendar.organizer import calendar_organizer
    from roundtable.events.models import Event

    org = make_org()
    event_id = make_full_event(series_slug="s", org_ids=[org])
    _, token = make_registration(event_id)
    slug = _slug(app, event_id)
    with app.app_context():
        from roundtable.orgs.models import Organization

        expected = str(calendar_organizer(db.session.get(Event, event_id)))
        org_slug = db.session.get(Organization, org).slug
    assert expected.startswith("mailto:")
    urls = [f"/events/{slug}.ics", f"/events/{slug}/agenda.ics", "/calendar.ics",
            f"/organizations/{org_slug}/calendar.ics", "/series/s/calendar.ics",
            f"/registrations/{token}/calendar.ics"]
    for url in urls:
        response = client.get(url)
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
        cal = parse_icalendar(response.data)
        assert cal["METHOD"] == "PUBLISH"
        vevents = cal.walk("VEVENT")
        assert vevents, url
        for vevent in vevents:
            organizers = vevent.get("ORGANIZER")
            assert not isinstance(organizers, list), url
            assert str(organizers) == expected


def test_public_feeds_are_shareable_and_private_ones_are_not(
    app, client, make_event, make_registration
):
    event_id = make_event()
    _, token = make_registration(event_id)
    with client.session_transaction() as session:
        session["seen"] = True  # the client now sends a session cookie
    for url in ("/calendar.ics", f"/events/{_slug(app, event_id)}.ics"):
        response = client.get(url)
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"].startswith("public")
    private = client.get(f"/registrations/{token}/calendar.ics")
    assert private.headers["Cache-Control"].startswith("private")
    page = client.get("/login")
    assert "Cookie" in page.headers.get("Vary", "")  # pages still vary on the session


def test_feeds_in_one_zone_name_it(client, make_event):
    make_event()
    make_event()
    assert "\r\nX-WR-TIMEZONE:America/Phoenix\r\n" in unfold(client.get("/calendar.ics").data)
    make_event(timezone="America/New_York")
    assert "X-WR-TIMEZONE" not in unfold(client.get("/calendar.ics").data)
