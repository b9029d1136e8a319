"""The series page shows its organizers attendance by mode across editions; nobody else."""

from datetime import UTC, datetime, timedelta

from roundtable.events.models import EventSeries
from roundtable.extensions import db
from tests.attendance.conftest import upload, zoom_file


def _series_with_two_editions(app, roundtable, make_event, add_registration):
    with app.app_context():
        series = EventSeries(name="U.S.–Mexico Roundtable", slug="usmx")
        db.session.add(series)
        db.session.commit()
        series_id = series.id
    from roundtable.events.models import Event
    with app.app_context():
        event = db.session.get(Event, roundtable["event_id"])
        event.series_id, event.edition = series_id, 3
        db.session.commit()
    start = datetime(2023, 11, 16, 23, 0, tzinfo=UTC)
    second = make_event(organizer_ids=[roundtable["user_id"]], series_id=series_id, edition=2,
                        starts_at=start, ends_at=start + timedelta(hours=2))
    add_registration(second, "Gina Núñez", mode="in_person",
                     checked_in_at=start + timedelta(minutes=5))
    return second


def test_organizer_sees_attendance_by_mode_across_editions(app, client, roundtable,
                                                            make_event, add_registration):
    _series_with_two_editions(app, roundtable, make_event, add_registration)
    upload(client, roundtable["event_id"], zoom_file("zoom_participants_bom.csv"))
    html = client.get("/series/usmx").get_data(True)
    assert html.count("Attendance across editions") == 1
    assert "Attendance" not in html[html.index("<title>"):html.index("</title>")]
    assert "2nd Annual" in html and "3rd Annual" in html
    # The chart's table: 2nd edition one in the room; 3rd one in the room, two on Zoom.
    assert '<th scope="row">2nd Annual</th><td class="num">1</td><td class="num">0</td>' in html
    assert '<th scope="row">3rd Annual</th><td class="num">1</td><td class="num">2</td>' in html


def test_visitors_and_other_organizers_do_not_see_it(app, client, roundtable, make_event,
                                                     add_registration, make_user):
    from tests.managing import sign_in

    _series_with_two_editions(app, roundtable, make_event, add_registration)
    client.post("/logout")
    assert "Attendance across editions" not in client.get("/series/usmx").get_data(True)
    sign_in(client, make_user)
    assert "Attendance across editions" not in client.get("/series/usmx").get_data(True)
