"""An organizer imports the Zoom report, matches a participant by hand and reads the charts."""

from datetime import UTC, datetime

import pytest

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token
from tests.attendance.conftest import END, FILES, START

pytestmark = pytest.mark.browser


@pytest.fixture
def past_event(live_server):
    from roundtable.auth.models import User

    organizer_id = live_server.make_organizer()
    with live_server.app.app_context():
        event = Event(title="3rd Annual U.S.–Mexico Defense & Security Roundtable", slug="rt",
                      format="hybrid", status="published", starts_at=START, ends_at=END,
                      timezone="America/Phoenix", venue_name="Student Union",
                      zoom_meeting_id="855 1234 5678")
        event.organizers = [db.session.get(User, organizer_id)]
        db.session.add(event)
        db.session.flush()
        for name, email, mode, came in (
                ("Raúl Benítez Manaut", "raul.benitez@unam.mx", "online", None),
                ("Guadalupe Correa-Cabrera", "lupe@example.edu", "online", None),
                ("Arturo Sarukhán", "arturo@example.org", "in_person",
                 datetime(2024, 11, 21, 22, 57, tzinfo=UTC))):
            registration = Registration(event_id=event.id, name=name, email=email, mode=mode,
                                        status="confirmed", checked_in_at=came)
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()
        return event.id


def test_import_match_by_hand_and_see_the_charts(live_server, page, sign_in, past_event):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in()
    page.goto(live_server.url(f"/manage/events/{past_event}/attendance"))
    page.get_by_label("Zoom participant report (CSV)").set_input_files(
        str(FILES / "zoom_participants_bom.csv"))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported 5 Zoom participants").wait_for()

    row = page.locator("tr", has_text="Correa, Guadalupe")
    row.get_by_label("Registration for Correa, Guadalupe").select_option(
        label="Guadalupe Correa-Cabrera · lupe@example.edu · Online via Zoom")
    row.get_by_role("button", name="Match").click()
    page.get_by_text("Correa, Guadalupe: matched to a registration.").wait_for()

    charts = page.locator("figure.chart svg")
    assert charts.count() == 2
    assert charts.first.bounding_box()["height"] > 100
    page.get_by_text("The numbers").first.click()
    assert page.get_by_role("table", name="Attendance by mode").first.is_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors
