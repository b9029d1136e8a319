"""The attendance report: figures per mode, Zoom minutes, arrivals, SVG charts with tables."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from roundtable.agenda.models import AgendaItem
from roundtable.attendance import report
from roundtable.attendance.models import OnlineAttendee
from roundtable.events.models import Event
from roundtable.extensions import db
from tests.attendance.conftest import upload, zoom_file


def _keynote(app, event_id):
    with app.app_context():
        db.session.add(AgendaItem(event_id=event_id, kind="keynote", title="Keynote",
                                  starts_at=datetime(2024, 11, 21, 23, 0, tzinfo=UTC),
                                  ends_at=datetime(2024, 11, 21, 23, 45, tzinfo=UTC)))
        db.session.commit()


def _build(app, event_id):
    with app.app_context():
        return report.build(db.session.get(Event, event_id))


def test_figures_per_mode_minutes_keynote_and_arrivals(app, client, roundtable):
    event_id = roundtable["event_id"]
    _keynote(app, event_id)
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    data = _build(app, event_id)
    room, online = data.modes
    assert (room.registered, room.confirmed, room.attended, room.no_shows, room.walk_ins) == (
        2, 2, 1, 1, 0)
    assert room.no_show_rate == 50 and (room.reception_yes, room.reception_came) == (2, 1)
    assert (online.registered, online.confirmed, online.attended, online.no_shows) == (
        3, 3, 2, 1)
    assert online.no_show_rate == 33
    # Minutes of the five people on Zoom: 109, 86 (31 + 55), 93, 3, 10.
    assert data.online_people == 5 and data.median_minutes == 86
    assert data.stayed_past_keynote == 3
    slots = [(s.strftime("%H:%M"), r, o) for s, r, o in data.arrivals]
    assert slots == [("15:50", 0, 1), ("15:55", 1, 0), ("16:00", 0, 2), ("16:05", 0, 1),
                     ("16:10", 0, 1)]


def test_decisions_change_the_figures(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    with app.app_context():
        ids = {a.name: a.id for a in db.session.scalars(select(OnlineAttendee))}
    url = f"/manage/events/{event_id}/attendance/online/"
    client.post(url + str(ids["Correa, Guadalupe"]),
                data={"decision": "match", "registration_id": roundtable["lupe"]})
    client.post(url + str(ids["iPhone de Luis"]), data={"decision": "unregistered"})
    client.post(url + str(ids["Ana Barceló Durazo"]), data={"decision": "ignored"})
    online = _build(app, event_id).modes[1]
    assert (online.attended, online.no_shows, online.walk_ins) == (3 + 1, 0, 1)
    data = _build(app, event_id)
    assert data.online_people == 4 and data.median_minutes == (10 + 86) / 2


def test_walk_ins_in_the_room_are_counted_apart(app, client, roundtable, add_registration):
    add_registration(roundtable["event_id"], "Walk In", mode="in_person", is_walk_in=True,
                     checked_in_at=datetime(2024, 11, 21, 23, 20, tzinfo=UTC))
    room = _build(app, roundtable["event_id"]).modes[0]
    assert (room.registered, room.attended, room.walk_ins, room.no_shows) == (2, 2, 1, 1)


def test_page_draws_csp_clean_svg_with_the_same_numbers_in_tables(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    response = client.get(f"/manage/events/{event_id}/attendance")
    html = response.get_data(True)
    assert response.status_code == 200
    assert html.count("<svg") == 2
    svg = html[html.index("<svg"):html.rindex("</svg>")]
    assert "style=" not in svg and "<script" not in svg and "on" + "load=" not in svg
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # The arrivals table: 16:00 had no check-in and two first joins on Zoom.
    assert re.search(r'<th scope="row">16:00</th><td class="num">0</td><td class="num">2</td>',
                     html)
    assert re.search(r'<th scope="row">No-shows</th><td class="num">1 \(50%\)</td>'
                     r'<td class="num">1 \(33%\)</td>', html)
    assert "Median minutes attended" in html


def test_report_of_an_event_with_no_data_yet(client, roundtable, make_event):
    html = client.get(f"/manage/events/{roundtable['event_id']}/attendance").get_data(True)
    assert "No Zoom report imported yet" in html
    assert html.count("<svg") == 2  # the modes chart, and check-in arrivals in the room


def test_no_shows_wait_until_attendance_is_taken_in_that_mode(app, client, roundtable):
    room, online = _build(app, roundtable["event_id"]).modes
    assert (room.recorded, room.no_shows) == (True, 1)      # Arturo checked in, Sergio not
    assert (online.recorded, online.no_shows, online.no_show_rate) == (False, 0, None)
    html = client.get(f"/manage/events/{roundtable['event_id']}/attendance").get_data(True)
    assert re.search(r'<th scope="row">No-shows</th><td class="num">1 \(50%\)</td>'
                     r'<td class="num">—</td>', html)


def _zoom_rows(first: int, count: int) -> bytes:
    rows = [f"Person {n},p{n}@example.org,11/21/2024 04:0{n % 10}:00 PM,"
            f"11/21/2024 05:00:00 PM,55,No" for n in range(first, first + count)]
    return ("Name,User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
            + "\n".join(rows)).encode()


def test_the_page_costs_the_same_queries_for_5_or_50_zoom_participants(app, client, roundtable):
    from tests.test_query_counts import _queries

    event_id = roundtable["event_id"]
    url = f"/manage/events/{event_id}/attendance"
    upload(client, event_id, _zoom_rows(0, 5))
    client.get(url)
    few = _queries(app, client, url)
    upload(client, event_id, _zoom_rows(5, 45))
    assert _queries(app, client, url) == few


def test_spanish_report_rows_agree_in_number(client, roundtable):
    page = client.get(f"/manage/events/{roundtable['event_id']}/attendance?lang=es").get_data(True)
    assert ">Registrados<" in page and ">Confirmados<" in page and ">Confirmado<" not in page
