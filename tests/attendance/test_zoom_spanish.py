"""Every way a Zoom account set to Spanish writes its reports (issue 24 item 8).

The participant report (Reports → Usage → Participants), with and without the meeting's
block above it ("Exportar con datos de la reunión"), its header variants across Zoom
versions, day-first dates with "a. m."/"p. m." written with ordinary, no-break or narrow
no-break spaces, Excel's Latin-1 copy, and the list of meetings someone may upload by
mistake. Errors quote the file's own words, in the reader's language.
"""

from datetime import UTC, datetime

import pytest

from roundtable.attendance import zoom
from roundtable.i18n import in_language

PHOENIX = "America/Phoenix"  # UTC-7 all year
PARTICIPANTS = ("Nombre (nombre original),Correo electrónico del usuario,Hora de entrada,"
                "Hora de salida,Duración (minutos),Invitado,En la sala de espera\n")
MEETING = ("ID de la reunión,Tema,Hora de inicio,Hora de finalización,"
           "Correo electrónico del usuario,Duración (minutos),Participantes\n"
           "855 1234 5678,4.ª Mesa Redonda Anual,21/11/2024 03:52:10 p. m.,"
           "21/11/2024 05:41:02 p. m.,ana.barcelo@arizona.edu,109,3\n\n")
ROWS = ("Raúl Benítez (Raúl Benítez Manaut),raul@unam.mx,21/11/2024 04:01:23 p. m.,"
        "21/11/2024 04:31:40 p. m.,31,Sí,No\n"
        "José Ángel Peña,,21/11/2024 03:58:00 p. m.,21/11/2024 04:02:00 p. m.,4,Sí,Sí\n"
        "María José Ortíz,,21/11/2024 16:03:00,21/11/2024 17:35:12,93,No,No\n")


def utc(hour, minute, second=0, day=21):
    return datetime(2024, 11, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize("block", ["", MEETING], ids=["participants", "with-meeting-block"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_the_participant_report_reads_with_or_without_the_meeting_block(block, encoding):
    data = (block + PARTICIPANTS + ROWS).replace("4.ª", "4a").encode(encoding)
    report = zoom.parse(data, PHOENIX)
    raul, maria = report.rows  # José Ángel only waited in the waiting room ("Sí")
    assert (raul.name, raul.original_name, raul.email) == (
        "Raúl Benítez", "Raúl Benítez Manaut", "raul@unam.mx")
    assert raul.guest is True and maria.guest is False
    assert (raul.joined_at, raul.left_at, raul.minutes) == (utc(23, 1, 23), utc(23, 31, 40), 31)
    assert (maria.joined_at, maria.minutes) == (utc(23, 3), 93)
    if block:
        assert report.meeting_id == "855 1234 5678"
        assert report.topic == "4a Mesa Redonda Anual"
        assert (report.started_at, report.ended_at) == (utc(22, 52, 10), utc(0, 41, 2, day=22))
    else:
        assert report.meeting_id is None and report.started_at is None


@pytest.mark.parametrize("header", [
    "Nombre (nombre original),Correo electrónico del usuario,Hora de entrada,Hora de salida,"
    "Duración (minutos),Invitado",
    "Nombre (Nombre original),Correo electrónico del usuario,Hora de entrada,Hora de salida,"
    "Duración (Minutos),Invitado,Consentimiento de grabación,En la sala de espera",
    "NOMBRE (NOMBRE ORIGINAL),CORREO ELECTRÓNICO DEL USUARIO,HORA DE ENTRADA,HORA DE SALIDA,"
    "DURACIÓN (MINUTOS),INVITADO",
    "Nombre,Correo electrónico,Hora de unión,Hora de salida,Duración,Invitado",
    "Nombre del participante,Correo electrónico del participante,Hora de ingreso,"
    "Hora de salida,Tiempo en la sesión (minutos),Es invitado",
    "Nombre de usuario,Correo,Hora de entrada,Hora de salida,Minutos,Invitado",
])
def test_header_variants_of_a_spanish_account(header):
    cells = ["Luz Díaz", "luz@example.org", "21/11/2024 04:00:00 p. m.",
             "21/11/2024 05:00:00 p. m.", "60", "No", "", "No"][:header.count(",") + 1]
    (row,) = zoom.parse(f"{header}\n{','.join(cells)}\n".encode(), PHOENIX).rows
    assert (row.name, row.email, row.minutes) == ("Luz Díaz", "luz@example.org", 60)
    assert (row.joined_at, row.left_at) == (utc(23, 0), utc(0, 0, day=22))
    assert row.guest is False


@pytest.mark.parametrize("written, expected", [
    ("21/11/2024 09:05:00 a. m.", utc(16, 5)),
    ("21/11/2024 09:05:00 a.m.", utc(16, 5)),
    ("21/11/2024 09:05:00 a.\u00a0m.", utc(16, 5)),       # no-break space (CLDR)
    ("21/11/2024 09:05:00\u202fa.\u202fm.", utc(16, 5)),  # narrow no-break spaces
    ("21/11/2024 09:05 a. m.", utc(16, 5)),
    ("21/11/2024 12:30:00 p. m.", utc(19, 30)),           # noon
    ("21/11/2024 12:10:00 a. m.", utc(7, 10)),            # just after midnight
    ("21/11/2024 09:05:00 P. M.", utc(4, 5, day=22)),
    ("21/11/2024 21:05:00", utc(4, 5, day=22)),
    ("2024-11-21 09:05:00", utc(16, 5)),
])
def test_day_first_dates_with_a_m_and_p_m(written, expected):
    header = "Nombre,Hora de entrada,Hora de salida,Duración (minutos)\n"
    (row,) = zoom.parse(f"{header}Luz,{written},{written},1\n".encode(), PHOENIX).rows
    assert row.joined_at == expected


def test_the_list_of_meetings_is_refused_in_its_own_words():
    usage = ("Tema,ID,Nombre de usuario,Correo electrónico del usuario,Hora de inicio,"
             "Hora de finalización,Duración (minutos),Participantes\n"
             "4.ª Mesa Redonda,855 1234 5678,Ana Barceló,ana@arizona.edu,"
             "21/11/2024 03:52:10 p. m.,21/11/2024 05:41:02 p. m.,109,3\n")
    with pytest.raises(zoom.ZoomFileError) as caught:
        zoom.parse(usage.encode(), PHOENIX)
    assert str(caught.value).startswith(
        "Line 1: this is Zoom's list of meetings (“Tema”, “ID”, “Nombre de usuario”, "
        "“Correo electrónico del usuario”…)")


def test_an_unknown_header_is_quoted_in_spanish_for_a_spanish_reader(app):
    with app.test_request_context("/?lang=es"), in_language("es"):
        with pytest.raises(zoom.ZoomFileError) as caught:
            zoom.parse(b"Asistente,Llegada\nLuz,21/11/2024\n", PHOENIX)
        message = str(caught.value)
    assert message.startswith("Línea 1: las columnas “Asistente”, “Llegada” no son")
    assert "Nombre, Hora de entrada" in message


@pytest.mark.parametrize("body, message", [
    ("Luz,luz@example.org,21/11/2024 04:01 p. m.,ayer,30,No,No",
     "Línea 2: la hora de salida “ayer” (columna “Hora de salida”)"),
    ("Luz,luz@example.org,21/11/2024 04:01 p. m.,21/11/2024 04:31 p. m.,media,No,No",
     "Línea 2: la duración “media” (columna “Duración (minutos)”)"),
    ("Luz,luz,21/11/2024 04:01 p. m.,21/11/2024 04:31 p. m.,30,No,No",
     "Línea 2: “luz”, en “Correo electrónico del usuario”, no es"),
])
def test_errors_in_spanish_quote_the_files_own_words(app, body, message):
    with app.test_request_context("/?lang=es"), in_language("es"):
        with pytest.raises(zoom.ZoomFileError) as caught:
            zoom.parse((PARTICIPANTS + body).encode(), PHOENIX)
        assert str(caught.value).startswith(message), str(caught.value)
