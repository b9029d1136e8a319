"""The event's time in the viewer's own zone, for an online audience (static/viewer-time.js).

Chromium's time zone is set per context, so the same page is seen from Mexico City
(another clock: the line shows) and from Tucson (the event's clock: it stays hidden).
"""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def event(live_server):
    from roundtable.events.models import Event

    # 16:00–17:30 in Tucson (UTC−7) is 17:00–18:30 in Mexico City (UTC−6).
    starts = datetime(2030, 11, 21, 23, 0, tzinfo=UTC)
    with live_server.app.app_context():
        for slug, fmt in (("rt", "hybrid"), ("room", "in_person")):
            db.session.add(Event(
                title="Roundtable", slug=slug, title_es="Mesa redonda", format=fmt,
                status="published", starts_at=starts, ends_at=starts + timedelta(minutes=90),
                timezone="America/Phoenix", venue_name="Student Union",
                zoom_join_url="https://zoom.us/j/85512345678" if fmt == "hybrid" else None))
        db.session.commit()


def _open(browser, axe, url, zone, locale):
    context = browser.new_context(timezone_id=zone, locale=locale)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_a_viewer_in_mexico_city_sees_their_own_time_too(live_server, browser, axe, event):
    context, page = _open(browser, axe, live_server.url("/events/rt?lang=es"),
                          "America/Mexico_City", "es-MX")
    when = page.locator(".when").first.inner_text()
    assert when == "jueves 21 de noviembre de 2030, 16:00–17:30, hora de Arizona (UTC−7)"
    viewer = page.locator("[data-viewer-time]")
    viewer.wait_for(state="visible")
    assert viewer.inner_text() == "En su zona horaria: 17:00–18:30, hora del centro de México"
    context.close()
    context, page = _open(browser, axe, live_server.url("/events/rt?lang=en"),
                          "Asia/Tokyo", "en-US")
    viewer = page.locator("[data-viewer-time]")
    viewer.wait_for(state="visible")
    # Another day in Tokyo: the date is named.
    assert viewer.inner_text().startswith("In your time zone: Friday, November 22, 8:00 AM")
    context.close()


def test_the_line_stays_hidden_on_the_events_own_clock_or_without_online_audience(
        live_server, browser, axe, event):
    context, page = _open(browser, axe, live_server.url("/events/rt?lang=es"),
                          "America/Phoenix", "es-MX")
    page.wait_for_load_state("load")
    assert page.locator("[data-viewer-time]").is_hidden()
    context.close()
    context, page = _open(browser, axe, live_server.url("/events/room?lang=es"),
                          "America/Mexico_City", "es-MX")
    assert page.locator("[data-viewer-time]").count() == 0
    context.close()
