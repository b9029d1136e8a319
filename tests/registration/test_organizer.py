"""Organizer views: counts, table filters, CSV, manual actions, check-in, QR scan."""

import csv
import io
import json
import re

import pytest

from roundtable.extensions import db


@pytest.fixture
def setup(organized_event):
    return organized_event([
        ("Raúl Benítez Manaut", "raul@example.org", "in_person"),
        ("Rafael Barceló Durazo", "rafael@example.org", "in_person"),
        ("=HYPERLINK(\"http://evil\")", "evil@example.org", "in_person"),
        ("Guadalupe Correa-Cabrera", "gcc@example.org", "online"),
    ])


def test_registrations_page_counts_and_table(client, setup):
    html = client.get(f"/manage/events/{setup}/registrations").get_data(as_text=True)
    assert 'data-stat="in_person-confirmed">2<' in html and "of 2 seats" in html
    assert 'data-stat="online-confirmed">1<' in html and "Waitlisted: 1" in html
    assert "Raúl Benítez Manaut" in html and "Barceló Durazo" in html


@pytest.mark.parametrize("query,expected", [
    ("q=barcel", ["Rafael Barceló Durazo"]),
    # Accents and case ignored, as at the door (registrations.search_text).
    ("q=benitez", ["Raúl Benítez Manaut"]),
    ("q=BENITEZ%20%20manaut", ["Raúl Benítez Manaut"]),
    ("q=ra%C3%9Al", ["Raúl Benítez Manaut"]),  # "raÚl"
    ("q=barcelo%20durazo", ["Rafael Barceló Durazo"]),
    ("q=_", []),
    ("q=GCC@", ["Guadalupe Correa-Cabrera"]),
    ("mode=online", ["Guadalupe Correa-Cabrera"]),
    ("status=waitlisted", ["=HYPERLINK"]),
    ("q=%25", []),
])
def test_table_filters(client, setup, query, expected):
    html = client.get(f"/manage/events/{setup}/registrations?{query}").get_data(as_text=True)
    shown = [name for name in ("Raúl Benítez Manaut", "Rafael Barceló Durazo", "=HYPERLINK",
                               "Guadalupe Correa-Cabrera") if name in html]
    assert shown == expected


def test_csv_export(client, setup):
    response = client.get(f"/manage/events/{setup}/registrations.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    zone = "Arizona time"
    assert list(rows[0]) == ["ID", "Name", "Email", "Affiliation", "Attending", "Status",
                             "Waitlist position", "Walk-in", "Reception",
                             f"Registered at ({zone})", f"Checked in at ({zone})",
                             f"Cancelled at ({zone})"]
    assert len(rows) == 4
    assert rows[0]["Name"] == "Raúl Benítez Manaut"
    assert rows[0]["Attending"] == "In person" and rows[0]["Status"] == "Confirmed"
    assert rows[3]["Attending"] == "Online via Zoom" and rows[3]["Walk-in"] == "No"
    assert rows[2]["Name"].startswith("'=") and rows[2]["Waitlist position"] == "1"
    assert rows[2]["Status"] == "Waitlisted"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", rows[0][f"Registered at ({zone})"])


def _phoenix_now_minute():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).astimezone(ZoneInfo("America/Phoenix")).replace(
        tzinfo=None, second=0, microsecond=0)


def test_exports_use_local_time_and_mark_walk_ins(client, setup):
    before = _phoenix_now_minute()
    client.post(f"/manage/events/{setup}/walk-in",
                data={"name": "Raúl Walk-In", "email": "door@example.org"})
    # Registered earlier: not a walk-in (the event is in two weeks: checked in anyway).
    client.post(f"/manage/events/{setup}/checkin/1", data={"anyway": "1"})
    after = _phoenix_now_minute()
    raw = client.get(f"/manage/events/{setup}/registrations.csv").data.decode("utf-8-sig")
    rows = {r["Email"]: r for r in csv.DictReader(io.StringIO(raw))}
    assert rows["door@example.org"]["Walk-in"] == "Yes"
    assert rows["raul@example.org"]["Walk-in"] == "No"
    checked = rows["door@example.org"]["Checked in at (Arizona time)"]
    assert before.strftime("%Y-%m-%d %H:%M") <= checked <= after.strftime("%Y-%m-%d %H:%M")


def test_xlsx_export_has_date_cells_and_text_kept_as_text(client, setup):
    from datetime import datetime

    from openpyxl import load_workbook

    response = client.get(f"/manage/events/{setup}/registrations.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="rt-registrations.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["ID", "Name", "Email", "Affiliation", "Attending", "Status"]
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names[0] == "Raúl Benítez Manaut" and names[2] == '=HYPERLINK("http://evil")'
    evil = sheet.cell(row=4, column=2)
    assert evil.data_type == "s"
    registered = sheet.cell(row=2, column=header.index("Registered at (Arizona time)") + 1)
    assert isinstance(registered.value, datetime) and registered.is_date
    assert registered.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(row=5, column=5).value == "Online via Zoom"
    # Columns fit their content: every name and email is readable without widening.
    for letter, index in (("B", 1), ("C", 2)):
        longest = max(len(str(row[index].value)) for row in sheet.iter_rows())
        assert sheet.column_dimensions[letter].width >= longest
    assert sheet.column_dimensions["A"].width < 12  # the ID column stays narrow


def test_other_organizers_and_anonymous_are_kept_out(client, setup, auth):
    urls = [f"/manage/events/{setup}/registrations", f"/manage/events/{setup}/registrations.csv",
            f"/manage/events/{setup}/registrations.xlsx",
            f"/manage/events/{setup}/checkin", f"/manage/events/{setup}/walk-in"]
    auth.logout()
    for url in urls:
        assert client.get(url).status_code == 302
    auth.login("other@example.org")
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(f"/manage/events/{setup}/checkin/1").status_code == 404


def test_registration_of_another_event_is_404(client, setup, make_event, make_user):
    other_event = make_event(slug="other", organizer_ids=[1])
    assert client.post(f"/manage/events/{other_event}/checkin/1").status_code == 404


def test_organizer_cancel_promotes(client, setup, registrations, outbox):
    client.post(f"/manage/events/{setup}/registrations/1/cancel")
    assert [r["status"] for r in registrations()][:3] == ["cancelled", "confirmed", "confirmed"]
    assert "organizers have cancelled" in outbox("registration_cancelled")[0]["text"]


def test_confirm_from_waitlist_adds_a_seat(app, client, setup, registrations):
    from roundtable.events.models import Event

    listing = client.get(f"/manage/events/{setup}/registrations").get_data(as_text=True)
    question = ("The in-person audience is full: confirming =HYPERLINK(&#34;http://evil&#34;) "
                "raises its capacity from 2 to 3. Confirm?")
    assert f'data-confirm="{question}" data-confirm-anyway' in listing
    # Without the answer, the server asks the same question and changes nothing.
    asked = client.post(f"/manage/events/{setup}/registrations/3/confirm").get_data(as_text=True)
    assert question.replace("&#34;", "&#34;") in asked and 'name="anyway" value="1"' in asked
    assert registrations()[2]["status"] == "waitlisted"
    page = client.post(f"/manage/events/{setup}/registrations/3/confirm", data={"anyway": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "capacity was raised by one" in page
    assert registrations()[2]["status"] == "confirmed"
    with app.app_context():
        assert db.session.get(Event, setup).capacity_in_person == 3


def test_walk_in(client, setup, registrations):
    bad = client.post(f"/manage/events/{setup}/walk-in", data={"name": "", "email": "x"})
    assert bad.status_code == 200 and len(registrations()) == 4
    dup = client.post(f"/manage/events/{setup}/walk-in",
                      data={"name": "R", "email": "RAUL@example.org"})
    dup_page = dup.get_data(as_text=True)
    assert "already registered with that email (In person, confirmed)" in dup_page
    assert len(registrations()) == 4
    client.post(f"/manage/events/{setup}/walk-in",
                data={"name": "María Fernández", "email": "maria@example.org"})
    walk = registrations()[-1]
    assert walk["name"] == "María Fernández" and walk["checked_in"]
    assert walk["status"] == "confirmed" and walk["mode"] == "in_person"


def test_check_in_and_undo(client, setup, registrations):
    page = client.get(f"/manage/events/{setup}/checkin").get_data(as_text=True)
    assert "<strong data-arrived>0</strong>" in page and "<strong data-expected>2</strong>" in page
    client.post(f"/manage/events/{setup}/checkin/1", data={"anyway": "1"})
    assert registrations()[0]["checked_in"]
    response = client.post(f"/manage/events/{setup}/checkin/1/undo",
                           headers={"Accept": "application/json"})
    answer = json.loads(response.data)
    assert answer["ok"] and answer["entry"]["action"] == "check_in"
    assert answer["counter"]["arrived"] == 0 and answer["counter"]["expected"] == 2
    assert not registrations()[0]["checked_in"]
    refused = client.post(f"/manage/events/{setup}/checkin/3",
                          headers={"Accept": "application/json"})
    assert refused.status_code == 409 and not registrations()[2]["checked_in"]


def test_check_in_search(client, setup):
    page = client.get(f"/manage/events/{setup}/checkin?q=raul").get_data(as_text=True)
    assert "Raúl Benítez Manaut" in page and "Rafael Barceló" not in page


def test_qr_scan_is_signed_and_organizer_only(app, client, setup, auth, token_of):
    manage = client.get(f"/registrations/{token_of(1)}").get_data(as_text=True)
    assert "data:image/svg+xml" in manage
    from roundtable.registration.checkin import checkin_code
    from roundtable.registration.models import Registration

    with app.test_request_context():
        code = checkin_code(db.session.get(Registration, 1))
    page = client.get(f"/checkin/scan/{code}")
    assert page.status_code == 200 and "Raúl Benítez Manaut" in page.get_data(as_text=True)
    assert client.get(f"/checkin/scan/{code[:-2]}xx").status_code == 404
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/checkin/scan/{code}").status_code == 404


def test_reception_headcount(app, client, setup):
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

    with app.app_context():
        event = db.session.get(Event, setup)
        event.agenda_items.append(AgendaItem(kind="reception", title="Reception",
                                             starts_at=event.ends_at, ends_at=event.ends_at))
        for reg in db.session.scalars(db.select(Registration)):
            reg.attends_reception = reg.mode == "in_person"
        db.session.commit()
    html = client.get(f"/manage/events/{setup}/registrations").get_data(as_text=True)
    assert 'data-stat="reception">2<' in html


def test_registration_posts_need_csrf(csrf_app, make_event):
    make_event(slug="rt")
    client = csrf_app.test_client()
    response = client.post("/events/rt/register", data={
        "name": "A", "email": "a@example.org", "mode": "in_person"})
    assert response.status_code == 400
    for path in ("/registrations/x/cancel", "/registrations/x/mode", "/registrations/x/reception"):
        assert client.post(path).status_code == 400
