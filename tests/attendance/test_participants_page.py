"""The attendance page with thousands of Zoom participants: a page of the table at a time,
links that keep the filter and the order, figures over everyone, a bounded page and a
fixed number of queries; an import whose statements do not grow with its rows."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from roundtable.attendance.models import OnlineAttendee, OnlineJoin
from roundtable.extensions import db
from tests.attendance.conftest import START, upload
from tests.dbutil import recorded_statements


def _participants(app, event_id: int, count: int, start: int = 0, status="unmatched"):
    """``count`` participants (two joins each) stored at once, as an import stores them."""
    with app.app_context():
        ids = db.session.scalars(insert(OnlineAttendee.__table__).returning(
            OnlineAttendee.__table__.c.id, sort_by_parameter_order=True), [
            {"event_id": event_id, "identity": f"name:zoom person {n}",
             "name": f"Zoom Person {n:05d}", "original_name": None, "email": None,
             "is_guest": True, "minutes": n % 90,
             "first_join_at": START + timedelta(seconds=n), "last_leave_at": START
             + timedelta(minutes=90), "status": status, "registration_id": None,
             "matched_by": None} for n in range(start, start + count)]).all()
        db.session.execute(insert(OnlineJoin.__table__), [
            {"attendee_id": i, "joined_at": START + timedelta(minutes=k * 30),
             "left_at": START + timedelta(minutes=k * 30 + 20), "minutes": 20}
            for i in ids for k in range(2)])
        db.session.commit()


def _rows(html: str) -> int:
    section = html.split('id="participants"')[1].split("</section>")[0]
    return section.count("<tr>") - 1  # the header row


def _queries(app, client, url: str) -> tuple[int, int]:
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        response = client.get(url)
        assert response.status_code == 200
    return len(statements), len(response.data)


def test_the_table_is_paged_and_the_figures_count_everyone(app, client, roundtable):
    event_id = roundtable["event_id"]
    _participants(app, event_id, 230)
    url = f"/manage/events/{event_id}/attendance"
    html = client.get(url).get_data(True)
    assert _rows(html) == 100
    assert "Participants 1–100 of 230" in html
    assert "230 participants matched no registration" in html
    # The figures and charts are over every participant, not the page.
    assert re.search(r"<dt>Zoom participants</dt><dd>230</dd>", html)
    assert f'href="/manage/events/{event_id}/attendance?page=3#participants"' in html
    last = client.get(url + "?page=3").get_data(True)
    assert _rows(last) == 30 and "Participants 201–230 of 230" in last
    # Past the last page is the last page; nonsense is the first.
    assert _rows(client.get(url + "?page=99").get_data(True)) == 30
    assert _rows(client.get(url + "?page=x&sort=nope&status=nope").get_data(True)) == 100


def test_page_links_keep_the_filter_and_the_order(app, client, roundtable):
    event_id = roundtable["event_id"]
    _participants(app, event_id, 150)
    _participants(app, event_id, 120, start=150, status="ignored")
    url = f"/manage/events/{event_id}/attendance"
    html = client.get(url + "?status=ignored&sort=name").get_data(True)
    assert "Participants 1–100 of 120" in html
    links = re.findall(r'href="([^"]*attendance\?[^"]*page=2[^"]*)"', html)
    assert links and all("status=ignored" in link and "sort=name" in link for link in links)
    # Sorted by name: Zoom Person 00150 first among the ignored ones.
    names = re.findall(r"Zoom Person (\d{5})", html)
    assert names[0] == "00150" and names == sorted(names)
    by_minutes = client.get(url + "?sort=minutes").get_data(True)
    minutes = [int(m) for m in re.findall(r'<td class="num">(\d+)</td>\s*<td class="num">2</td>',
                                          by_minutes)]
    assert minutes == sorted(minutes, reverse=True) and len(minutes) == 100
    # A decision made on page 2 of a filtered, sorted table comes back to it.
    with app.app_context():
        some = db.session.scalar(select(OnlineAttendee.id).where(
            OnlineAttendee.event_id == event_id, OnlineAttendee.status == "ignored"))
    response = client.post(
        f"/manage/events/{event_id}/attendance/online/{some}?status=ignored&sort=name&page=2",
        data={"decision": "unmatched"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "status=ignored" in location and "sort=name" in location and "page=2" in location


def test_queries_and_bytes_do_not_grow_with_participants(app, client, roundtable,
                                                         add_registration):
    event_id = roundtable["event_id"]
    for n in range(60):
        add_registration(event_id, f"Registrant {n}", f"registrant{n}@example.org")
    url = f"/manage/events/{event_id}/attendance"
    _participants(app, event_id, 150)
    client.get(url)
    few_queries, few_bytes = _queries(app, client, url)
    _participants(app, event_id, 600, start=150)
    many_queries, many_bytes = _queries(app, client, url)
    assert many_queries == few_queries
    # The same hundred rows; only the figures' digits and the page links differ.
    assert many_bytes < few_bytes * 1.05
    # Each waiting row lists at most 15 registrations per group, and links to the rest.
    html = client.get(url).get_data(True)
    first_select = html.split("<select")[1].split("</select>")[0]
    assert first_select.count("<option") <= 1 + 3 * 15
    assert "Search 48 more registrations" in html  # 63 online + 2 in the room, 17 shown


def test_the_participant_page_searches_every_registration(app, client, roundtable,
                                                          add_registration):
    event_id = roundtable["event_id"]
    for n in range(60):
        add_registration(event_id, f"Registrant {n}", f"registrant{n}@example.org")
    _participants(app, event_id, 1)
    with app.app_context():
        attendee_id = db.session.scalar(select(OnlineAttendee.id))
    url = f"/manage/events/{event_id}/attendance/online/{attendee_id}"
    html = client.get(url + "?q=registrant+5").get_data(True)
    # Registrant 5 and 50–59.
    assert "11 registrations found." in html
    wanted = add_registration(event_id, "Zoë 100% Ortiz_Ruiz", "zoe@example.org")
    html = client.get(url + "?q=100%25+ortiz_").get_data(True)
    assert "1 registration found." in html and "Zoë 100% Ortiz_Ruiz" in html
    assert "1 registration found." not in client.get(url + "?q=100%25x").get_data(True)
    client.post(url, data={"decision": "match", "registration_id": wanted})
    with app.app_context():
        assert db.session.get(OnlineAttendee, attendee_id).registration_id == wanted
    other = client.get(f"/manage/events/{event_id}/attendance/online/999999")
    assert other.status_code == 404


def test_the_pages_read_in_spanish(app, client, roundtable):
    event_id = roundtable["event_id"]
    _participants(app, event_id, 130)
    html = client.get(f"/manage/events/{event_id}/attendance?lang=es&page=2").get_data(True)
    assert "Participantes 101–130 de 130" in html
    assert "Anterior" in html and "Ordenar por:" in html


def _zoom_csv(rows: int) -> bytes:
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for n in range(rows):
        email = f"p{n}@example.org" if n % 2 else ""
        lines.append(f"Person {n},{email},11/21/2024 04:0{n % 10}:00 PM,"
                     f"11/21/2024 05:00:00 PM,50,Yes")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("rows", [(20, 400)])
def test_an_import_costs_the_same_statements_for_any_number_of_rows(app, client, make_event,
                                                                    roundtable, rows):
    from tests.managing import sign_in  # noqa: F401  (the organizer is signed in)

    counts = []
    for size in rows:
        event_id = make_event(organizer_ids=[roundtable["user_id"]], starts_at=START,
                              ends_at=START + timedelta(hours=2))
        with app.app_context():
            engine = db.engine
        with recorded_statements(engine) as statements:
            response = upload(client, event_id, _zoom_csv(size))
        assert response.status_code == 302
        counts.append(len(statements))
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(OnlineAttendee).where(
                OnlineAttendee.event_id == event_id)) == size
    assert counts[0] == counts[1]


def test_a_name_with_a_control_character_is_refused_whole(app, client, roundtable):
    data = _zoom_csv(3) + b"Luz\x0bMar,,11/21/2024 04:00:00 PM,11/21/2024 05:00:00 PM,60,No\n"
    response = upload(client, roundtable["event_id"], data)
    assert response.status_code in (200, 400)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OnlineAttendee)) == 0
