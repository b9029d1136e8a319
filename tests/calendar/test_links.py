"""Add-to-calendar and subscribe links on the public pages."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from roundtable.extensions import db
from tests.calendar.conftest import ZOOM_SECRETS, at


def _links(app, event_id):
    from roundtable.calendar import links, services
    from roundtable.events.models import Event

    with app.app_context():
        slug = db.session.get(Event, event_id).slug
        return links.for_event(services.get_public_event(slug), site_url="http://roundtable.test")


def test_google_and_outlook_links(app, make_event):
    starts = at(2026, 11, 21, 23)
    event_id = make_event(title="Roundtable & friends", slug="rt", starts_at=starts,
                          ends_at=starts + timedelta(hours=2), summary="Talks, then drinks.")
    cal = _links(app, event_id)
    assert cal.ics == "http://roundtable.test/events/rt.ics"
    google = urlsplit(cal.google)
    assert google.netloc == "calendar.google.com"
    q = parse_qs(google.query)
    assert q["action"] == ["TEMPLATE"]
    assert q["text"] == ["Roundtable & friends"]
    assert q["dates"] == ["20261121T230000Z/20261122T010000Z"]
    assert q["ctz"] == ["America/Phoenix"]
    assert "http://roundtable.test/events/rt" in q["details"][0]
    outlook = urlsplit(cal.outlook)
    assert outlook.netloc == "outlook.live.com"
    q = parse_qs(outlook.query)
    assert q["subject"] == ["Roundtable & friends"]
    assert q["startdt"] == ["2026-11-21T23:00:00Z"]
    assert q["enddt"] == ["2026-11-22T01:00:00Z"]
    for url in (cal.google, cal.outlook):
        for secret in ZOOM_SECRETS:
            assert secret not in url


def test_subscribe_links_for_series_and_sponsors(app, make_full_event, make_org):
    org = make_org(name="Tucson Committee", slug="tcfr")
    cal = _links(app, make_full_event(series_slug="roundtable", org_ids=[org]))
    assert [(f.label, f.webcal) for f in cal.subscribe] == [
        ("Series roundtable", "webcal://roundtable.test/series/roundtable/calendar.ics"),
        ("Tucson Committee", "webcal://roundtable.test/organizations/tcfr/calendar.ics"),
    ]
    assert cal.subscribe[0].https == "http://roundtable.test/series/roundtable/calendar.ics"


def test_event_page_offers_calendar_links(app, client, make_full_event, make_org):
    org = make_org(slug="tcfr")
    event_id = make_full_event(series_slug="roundtable", org_ids=[org])
    from roundtable.events.models import Event

    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    html = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "Add to calendar" in html
    assert f'href="http://roundtable.test/events/{slug}.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    assert 'href="webcal://roundtable.test/series/roundtable/calendar.ics"' in html
    assert 'href="webcal://roundtable.test/organizations/tcfr/calendar.ics"' in html
    # The feeds linked from the page exist.
    for path in (f"/events/{slug}.ics", "/series/roundtable/calendar.ics",
                 "/organizations/tcfr/calendar.ics"):
        assert client.get(path).status_code == 200


def test_index_offers_the_site_feed(client, make_event):
    make_event()
    html = client.get("/").get_data(as_text=True)
    assert 'href="webcal://roundtable.test/calendar.ics"' in html


def test_manage_page_offers_the_private_feed(client, make_event, make_registration):
    _, token = make_registration(make_event(), mode="online")
    html = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert f'href="webcal://roundtable.test/registrations/{token}/calendar.ics"' in html
    assert "personal" in html
    assert client.get(f"/registrations/{token}/calendar.ics").status_code == 200
