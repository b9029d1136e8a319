"""Zoom participant reports as Zoom and Excel write them."""

from datetime import UTC, datetime

import pytest

from roundtable.attendance import zoom
from tests.attendance.conftest import zoom_file

PHOENIX = "America/Phoenix"


def test_bom_file_with_meeting_block_renames_and_rejoins():
    report = zoom.parse(zoom_file("zoom_participants_bom.csv"), PHOENIX)
    assert report.meeting_id == "855 1234 5678"
    assert report.topic.startswith("3rd Annual U.S.–Mexico")
    assert len(report.rows) == 6
    ana, raul1, raul2, maria, lupe, luis = report.rows
    assert ana.name == "Ana Barceló Durazo" and ana.guest is False
    assert (raul1.name, raul1.original_name) == ("Raúl Benítez", "Raúl Benítez Manaut")
    assert raul1.email == "raul.benitez@unam.mx"          # lower-cased
    # 04:01:23 PM in Phoenix is 23:01:23 UTC.
    assert raul1.joined_at == datetime(2024, 11, 21, 23, 1, 23, tzinfo=UTC)
    assert (raul1.minutes, raul2.minutes) == (31, 55)
    assert maria.email is None and maria.name == "Dra. María José Ortíz"
    assert lupe.name == "Correa, Guadalupe" and lupe.original_name is None
    assert luis.line == 10                                # physical line in the file


def test_latin1_file_without_meeting_block_and_other_header_words():
    report = zoom.parse(zoom_file("zoom_participants_latin1.csv"), PHOENIX)
    assert report.meeting_id is None
    assert [r.name for r in report.rows] == ["Raúl Benítez Manaut"] * 2 + ["José Ángel Peña"]
    assert report.rows[0].guest is True                   # "Sí"
    assert report.rows[2].joined_at == datetime(2024, 11, 21, 23, 2, tzinfo=UTC)


@pytest.mark.parametrize("header", [
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
    "name (original name),user email,join time,leave time,duration (minutes),guest",
    "Participant,Email,Joined,Left,Time in Session (minutes),Is Guest",
])
def test_header_wording_and_case_vary(header):
    data = f"{header}\nLuz Díaz,luz@example.org,11/21/2024 04:01 PM,11/21/2024 04:31 PM,30,No\n"
    (row,) = zoom.parse(data.encode(), PHOENIX).rows
    assert (row.name, row.email, row.minutes) == ("Luz Díaz", "luz@example.org", 30)


def test_duration_missing_is_computed_from_the_times_rounded_up():
    data = b"Name,Join Time,Leave Time\nLuz,11/21/2024 16:00:00,11/21/2024 16:10:01\n"
    assert zoom.parse(data, PHOENIX).rows[0].minutes == 11


def test_times_are_read_in_the_event_zone():
    data = b"Name,Join Time,Leave Time,Duration\nLuz,11/21/2024 10:00 AM,11/21/2024 11:00 AM,60\n"
    assert zoom.parse(data, "America/Mexico_City").rows[0].joined_at == datetime(
        2024, 11, 21, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("body, message", [
    ("Luz,luz@example.org,yesterday,11/21/2024 04:31 PM,30,No", "Line 2: the join time"),
    ("Luz,luz@example.org,11/21/2024 04:31 PM,11/21/2024 04:01 PM,30,No", "Line 2: the leave"),
    ("Luz,luz@example.org,11/21/2024 04:01 PM,11/21/2024 04:31 PM,half,No", "Line 2: the dur"),
    ("Luz,luz@example.org", "Line 2: the row has 2 fields"),
    (",luz@example.org,11/21/2024 04:01 PM,11/21/2024 04:31 PM,30,No", "Line 2: the name"),
])
def test_malformed_rows_name_their_line(body, message):
    data = ("Name,User Email,Join Time,Leave Time,Duration (Minutes),Guest\n" + body).encode()
    with pytest.raises(zoom.ZoomFileError, match=message):
        zoom.parse(data, PHOENIX)


def test_a_file_that_is_not_a_participant_report_is_refused():
    with pytest.raises(zoom.ZoomFileError, match="Line 1"):
        zoom.parse(b"Title,Author\nSlides,Ana\n", PHOENIX)
    with pytest.raises(zoom.ZoomFileError, match="binary"):
        zoom.parse(b"PK\x03\x04\x00\x00", PHOENIX)
    with pytest.raises(zoom.ZoomFileError, match="No participant rows"):
        zoom.parse(b"", PHOENIX)


def test_meeting_ids_compare_as_digits():
    assert zoom.meeting_digits("855 1234 5678") == zoom.meeting_digits("85512345678")


def test_rows_spent_in_the_waiting_room_are_not_attendance():
    data = ("Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,"
            "In waiting room\n"
            "Luz Díaz,luz@example.org,11/21/2024 03:55 PM,11/21/2024 04:00 PM,5,No,Yes\n"
            "Luz Díaz,luz@example.org,11/21/2024 04:00 PM,11/21/2024 05:00 PM,60,No,No\n")
    (row,) = zoom.parse(data.encode(), PHOENIX).rows
    assert (row.minutes, row.line) == (60, 3)


def test_a_report_from_a_spanish_zoom_account_reads_like_the_english_one():
    english = zoom.parse(zoom_file("zoom_participants_bom.csv"), PHOENIX)
    report = zoom.parse(zoom_file("zoom_participants_es.csv"), PHOENIX)
    assert report.meeting_id == "855 1234 5678"
    assert report.topic.startswith("3.ª Mesa Redonda")
    # The meeting block's Spanish start and end, day first and "p. m.".
    assert (report.started_at, report.ended_at) == (english.started_at, english.ended_at)
    ana, raul1, raul2, maria = report.rows  # José Ángel waited in the waiting room only
    assert ana.name == "Ana Barceló Durazo" and ana.guest is False
    assert (raul1.name, raul1.original_name) == ("Raúl Benítez", "Raúl Benítez Manaut")
    assert raul1.email == "raul.benitez@unam.mx" and raul1.guest is True  # "Sí"
    # 21/11/2024 04:01:23 p. m. in Phoenix is 23:01:23 UTC; 24-hour times read too.
    assert raul1.joined_at == datetime(2024, 11, 21, 23, 1, 23, tzinfo=UTC)
    assert raul2.joined_at == datetime(2024, 11, 21, 23, 35, 2, tzinfo=UTC)
    assert (raul1.minutes, raul2.minutes, maria.minutes) == (31, 55, 93)
    assert maria.email is None and maria.line == 9


def test_day_first_only_for_a_spanish_header():
    # 03/11/2024 is March 11 to an English export and November 3 to a Spanish one.
    english = b"Name,Join Time,Leave Time\nLuz,03/11/2024 10:00,03/11/2024 11:00\n"
    spanish = b"Nombre,Hora de entrada,Hora de salida\nLuz,03/11/2024 10:00,03/11/2024 11:00\n"
    assert zoom.parse(english, "UTC").rows[0].joined_at.month == 3
    assert zoom.parse(spanish, "UTC").rows[0].joined_at.month == 11


@pytest.mark.parametrize("body, message", [
    ("Luz,luz@example.org,ayer,21/11/2024 16:31,30,No",
     "Line 2: the join time “ayer” (column “Hora de entrada”) is not a date and time "
     "(expected e.g. 21/11/2024 16:01:23)."),
    ("Luz,luz@example.org,21/11/2024 16:01,11/21/2024 04:31 PM,30,No",
     "Line 2: the leave time “11/21/2024 04:31 PM” (column “Hora de salida”)"),
    ("Luz,luz@example.org,21/11/2024 16:01,21/11/2024 16:31,media,No",
     "Line 2: the duration “media” (column “Duración (minutos)”)"),
    ("Luz,luz,21/11/2024 16:01,21/11/2024 16:31,30,No",
     "Line 2: “luz” in “Correo electrónico del usuario” is not an email address."),
    (",luz@example.org,21/11/2024 16:01,21/11/2024 16:31,30,No",
     "Line 2: the name (“Nombre (nombre original)”) is empty."),
])
def test_errors_quote_the_spanish_files_own_words(body, message):
    header = ("Nombre (nombre original),Correo electrónico del usuario,Hora de entrada,"
              "Hora de salida,Duración (minutos),Invitado\n")
    with pytest.raises(zoom.ZoomFileError) as caught:
        zoom.parse((header + body).encode(), PHOENIX)
    assert str(caught.value).startswith(message)
