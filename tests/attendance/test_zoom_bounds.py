"""No Zoom report can stall a worker or reach the database out of bounds (issue 21, item 4)."""

import time

import pytest

from roundtable.attendance import zoom

PHOENIX = "America/Phoenix"
HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
TIMES = "11/21/2024 04:01 PM,11/21/2024 04:31 PM"


def _parse(body: str):
    return zoom.parse((HEADER + body).encode(), PHOENIX)


def test_a_name_of_parentheses_is_read_in_linear_time():
    """A 60,000-character name of "(" held a worker for 30 s through a backtracking regex."""
    started = time.perf_counter()
    with pytest.raises(zoom.ZoomFileError, match="Line 2: the name"):
        _parse("(" * 60_000 + f",a@example.org,{TIMES},30,No")
    for name in ("(" * 150 + ")", "a" + "(" * 190 + ")", "x (" + "(" * 190 + "))"):
        _parse(f'"{name}",a@example.org,{TIMES},30,No')
    # Generous: the old regex took seconds on the 16,000-character case alone.
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("name", "shown", "original"), [
    ("Raúl B. (Raúl Benítez Manaut)", "Raúl B.", "Raúl Benítez Manaut"),
    ("Luz (UA) (Luz Barceló)", "Luz", "UA) (Luz Barceló"),
    ("(Only parentheses)", "(Only parentheses)", None),
    ("Empty ()", "Empty ()", None),
    ("No original", "No original", None),
])
def test_renamed_participants_keep_their_original_name(name, shown, original):
    [row] = _parse(f'"{name}",a@example.org,{TIMES},30,No').rows
    assert (row.name, row.original_name) == (shown, original)


@pytest.mark.parametrize(("cells", "message"), [
    (f"Luz,{'l' * 250}@example.org,{TIMES},30,No", "Line 2: .* is not an email address"),
    (f"Luz,luz@example.org,{TIMES},99999999999,No", "Line 2: the duration .* more than"),
    (f"Luz,luz@example.org,{TIMES},1e300,No", "Line 2: the duration .* more than"),
    ("Luz,luz@example.org,11/21/9999 04:01 PM,11/21/9999 04:31 PM,30,No",
     "Line 2: the date .* not between 2000 and 2100"),
    # In Phoenix (UTC-7) the last hours of 9999 are in year 10000 in UTC: an
    # OverflowError, a 500, before the year was checked.
    ("Luz,luz@example.org,12/31/9999 11:01 PM,12/31/9999 11:31 PM,30,No",
     "Line 2: the date .* not between 2000 and 2100"),
    (f"Luz,luz@example.org,{TIMES.split(',')[0]},12/31/9999 11:31 PM,30,No",
     "Line 2: the date .* not between 2000 and 2100"),
    (f"Luz,luz@example.org,11/21/2024 04:01 PM {'x' * 5000},11/21/2024 04:31 PM,30,No",
     "Line 2: the join time"),
    (f"{'L' * 201},luz@example.org,{TIMES},30,No", "Line 2: the name .* longer than 200"),
])
def test_every_field_is_bounded_and_the_line_named(cells, message):
    with pytest.raises(zoom.ZoomFileError, match=message):
        _parse(cells)


def test_a_spanish_report_s_date_near_year_1_is_refused_with_its_line():
    """East of UTC, the first hours of year 1 are in year 0 in UTC (an OverflowError)."""
    header = ("Nombre (nombre original),Correo electrónico del usuario,Hora de ingreso,"
              "Hora de salida,Duración (minutos),Invitado\n")
    body = "Luz,luz@example.org,01/01/0001 00:10:00,01/01/0001 00:40:00,30,No\n"
    with pytest.raises(zoom.ZoomFileError, match="Line 2: the date .* not between 2000"):
        zoom.parse((header + body).encode(), "Asia/Tokyo")
