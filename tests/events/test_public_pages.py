"""Public pages: listing, event page, series, organizations."""

from datetime import timedelta

from roundtable.extensions import db


def _slug(app, edition):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.scalar(db.select(Event.slug).where(Event.edition == edition))


def test_index_lists_upcoming_and_past(client, demo):
    html = client.get("/").get_data(as_text=True)
    upcoming, past = html.split('id="past"')
    assert "4th Annual U.S.–Mexico Defense &amp; Security Roundtable" in upcoming
    assert "3rd Annual U.S.–Mexico Defense &amp; Security Roundtable" in past


def _unwrapped(html: str) -> str:
    # A time range is kept on one line by a span (roundtable/typesetting.py).
    return html.replace('<span class="nowrap">', "").replace("</span>", "")


def test_event_page_shows_the_model_case(app, client, demo):
    html = client.get(f"/events/{_slug(app, 3)}").get_data(as_text=True)
    assert "3rd Annual U.S.–Mexico Defense &amp; Security Roundtable" in html
    assert "Thursday, November 21, 2024, 4:00 PM – 5:30 PM, Arizona time (MST)" in _unwrapped(html)
    for text in ("Consul Rafael Barceló Durazo", "General Gregory M. Guillot",
                 "Dr. Raúl Benítez Manaut", "Dr. Guadalupe Correa-Cabrera",
                 "Keynote speaker", "Panelist", "George Mason University",
                 "University of Arizona", "Tucson Committee on Foreign Relations",
                 "Binational Research Consortium", "In person only",
                 "career diplomat since 2010"):
        assert text in html, text
    # The 3rd edition is past: how to attend is on the next one's page.
    assert "How to attend" not in html
    upcoming = client.get(f"/events/{_slug(app, 4)}").get_data(as_text=True)
    for text in ("How to attend", "Online via Zoom", "Student Union Memorial Center"):
        assert text in upcoming, text
    order = [html.index(t) for t in ("Opening Remarks", "Keynote Address", "Panel Discussion",
                                     "Reception")]
    assert order == sorted(order)


def test_no_zoom_secrets_on_public_pages(app, client, demo):
    from roundtable.events.models import Event

    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.edition == 4))
        secrets = [event.zoom_join_url, event.zoom_meeting_id, event.zoom_passcode]
        series = event.series.slug
    pages = ["/", f"/events/{_slug(app, 4)}", f"/series/{series}",
             "/organizations/university-of-arizona"]
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        for secret in secrets:
            assert secret not in html, (page, secret)
        assert "zoom.us/j" not in html


def test_drafts_are_404(client, make_event):
    make_event(slug="secret-draft", status="draft", title="Draft thing")
    assert client.get("/events/secret-draft").status_code == 404
    assert b"Draft thing" not in client.get("/").data


def test_cancelled_event_stays_visible_and_marked(client, make_event):
    make_event(slug="called-off", status="cancelled", cancellation_reason="Venue flooded.")
    html = client.get("/events/called-off").get_data(as_text=True)
    assert "This event has been cancelled." in html and "Venue flooded." in html


def test_unknown_slugs_are_404(client):
    for url in ("/events/nope", "/series/nope", "/organizations/nope"):
        response = client.get(url)
        assert response.status_code == 404 and b"Page not found" in response.data


def test_times_shown_in_event_zone_with_zone_named(client, make_event):
    from datetime import UTC, datetime

    starts = datetime(2030, 7, 4, 14, 0, tzinfo=UTC)
    make_event(slug="dc", timezone="America/New_York", starts_at=starts,
               ends_at=starts + timedelta(hours=2))
    html = client.get("/events/dc").get_data(as_text=True)
    assert "10:00 AM – 12:00 PM, Eastern Time (EDT)" in _unwrapped(html)
    html = client.get("/events/dc?lang=es").get_data(as_text=True)
    assert "10:00–12:00, hora del este de EE. UU. (UTC−4)" in _unwrapped(html)


def test_user_text_is_escaped(client, make_event):
    make_event(slug="xss", title="<script>alert(1)</script>", summary="<b>bold</b>")
    html = client.get("/events/xss").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_series_and_organization_pages(app, client, demo):
    html = client.get("/series/us-mexico-defense-security-roundtable").get_data(as_text=True)
    assert "3rd Annual" in html and "4th Annual" in html
    html = client.get("/organizations/tucson-committee-on-foreign-relations").get_data(as_text=True)
    assert "3rd Annual U.S.–Mexico" in html


def test_a_past_event_says_it_took_place_once(client, make_event):
    from datetime import UTC, datetime

    from roundtable.events.models import Event
    from roundtable.extensions import db

    event_id = make_event(starts_at=datetime(2024, 11, 21, 23, tzinfo=UTC),
                          ends_at=datetime(2024, 11, 22, 0, 30, tzinfo=UTC))
    with client.application.app_context():
        slug = db.session.get(Event, event_id).slug
    page = client.get(f"/events/{slug}").get_data(True)
    assert page.count("This event took place on") == 1
