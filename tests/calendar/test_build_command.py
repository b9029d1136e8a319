"""`flask roundtable calendar build` stores every public calendar's pieces ahead of requests."""

from roundtable.calendar.models import CalendarComponent
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import Organization
from tests.dbutil import recorded_statements


def _public_urls(app) -> list[str]:
    with app.app_context():
        events = db.session.scalars(db.select(Event.slug)).all()
        orgs = db.session.scalars(db.select(Organization.slug)).all()
        series = db.session.scalars(db.select(EventSeries.slug)).all()
    return ["/calendar.ics",
            *(f"/events/{slug}.ics" for slug in events),
            *(f"/events/{slug}/agenda.ics" for slug in events),
            *(f"/organizations/{slug}/calendar.ics" for slug in orgs),
            *(f"/series/{slug}/calendar.ics" for slug in series)]


def _writes_to_the_store(statements: list[str]) -> list[str]:
    return [s for s in statements if "calendar_components" in s
            and s.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE"))]


def test_after_the_build_no_public_calendar_builds_anything(app, demo, runner, client):
    result = runner.invoke(args=["roundtable", "calendar", "build"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        public = db.session.scalar(db.select(db.func.count()).select_from(Event)
                                   .where(Event.status.in_(("published", "cancelled"))))
        stored = db.session.scalar(db.select(db.func.count()).select_from(CalendarComponent))
        engine = db.engine
    # Two kinds (event, agenda) in two languages for every public event.
    assert public >= 2 and stored == public * 4
    assert f"{stored} built, 0 already stored" in result.output

    with recorded_statements(engine) as statements:
        for url in _public_urls(app):
            for lang in ("en", "es"):
                response = client.get(f"{url}?lang={lang}")
                assert response.status_code in (200, 404), url
    assert _writes_to_the_store(statements) == []

    again = runner.invoke(args=["roundtable", "calendar", "build"])
    assert again.exit_code == 0 and f"0 built, {stored} already stored" in again.output


def test_the_build_stores_what_a_request_would_have_stored(app, demo, runner, client):
    """The pieces a request builds are byte for byte those the command stored."""
    def stored_rows():
        with app.app_context():
            return sorted(db.session.execute(db.select(
                CalendarComponent.event_id, CalendarComponent.kind, CalendarComponent.build_key,
                CalendarComponent.version, CalendarComponent.body)).all())

    for lang in ("en", "es"):
        assert client.get(f"/calendar.ics?lang={lang}").status_code == 200
    with app.app_context():
        slugs = db.session.scalars(db.select(Event.slug).where(
            Event.status.in_(("published", "cancelled")))).all()
    for slug in slugs:
        for lang in ("en", "es"):
            assert client.get(f"/events/{slug}/agenda.ics?lang={lang}").status_code == 200
    by_requests = stored_rows()
    with app.app_context():
        db.session.execute(db.delete(CalendarComponent))
        db.session.commit()
    assert runner.invoke(args=["roundtable", "calendar", "build"]).exit_code == 0
    assert stored_rows() == by_requests


def test_drafts_are_not_built(app, runner, make_event):
    make_event(status="draft")
    result = runner.invoke(args=["roundtable", "calendar", "build"])
    assert result.exit_code == 0 and "0 built, 0 already stored" in result.output
