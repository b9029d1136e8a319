"""Per-person attendance downloads, CSV and .xlsx, with Zoom minutes and local times."""

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from tests.attendance.conftest import upload, zoom_file


def test_csv_lists_registrants_and_zoom_only_participants(client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    response = client.get(f"/manage/events/{event_id}/attendance.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_name = {r["Name"]: r for r in rows}
    raul = by_name["Raúl Benítez Manaut"]
    assert (raul["Attended"], raul["Zoom minutes"], raul["Name on Zoom"]) == (
        "Yes", "86", "Raúl Benítez")
    assert raul["First joined Zoom at (Arizona time)"] == "2024-11-21 16:01"
    assert by_name["Sergio Aguayo"]["Attended"] == "No"
    assert by_name["Arturo Sarukhán"]["Checked in at (Arizona time)"] == "2024-11-21 15:57"
    # Zoom participants with no registration follow, marked so.
    assert by_name["iPhone de Luis"]["Status"] == "Not registered"
    assert by_name["iPhone de Luis"]["Zoom participant"] == "Not matched yet"
    assert len(rows) == 5 + 3


def test_xlsx_has_the_same_rows_with_date_cells(client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    response = client.get(f"/manage/events/{event_id}/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True))
            for row in sheet.iter_rows(min_row=2)]
    raul = next(r for r in rows if r["Name"] == "Raúl Benítez Manaut")
    assert raul["Zoom minutes"] == 86
    assert raul["Last left Zoom at (Arizona time)"] == datetime(2024, 11, 21, 17, 30)
    assert len(rows) == 8


def test_exports_are_for_the_events_organizers_only(client, roundtable, make_user):
    from tests.managing import sign_in

    client.post("/logout")
    sign_in(client, make_user)
    for ext in ("csv", "xlsx"):
        assert client.get(f"/manage/events/{roundtable['event_id']}/attendance.{ext}"
                          ).status_code == 404
