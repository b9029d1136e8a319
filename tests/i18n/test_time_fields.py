"""Times are entered in 24-hour form whatever the browser's language (roundtable/fields.py)."""

import re
from datetime import datetime, time

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.fields import parse_time
from tests.managing import sign_in


@pytest.mark.parametrize(("typed", "read"), [
    ("16:00", time(16, 0)), ("9:05", time(9, 5)), ("16.30", time(16, 30)),
    ("1630", time(16, 30)), ("4:00 PM", time(16, 0)), ("4:00 p. m.", time(16, 0)),
    ("12:15 a. m.", time(0, 15)), ("24:00", None), ("16:60", None), ("tarde", None),
    ("13:00 PM", None),
])
def test_a_typed_time_is_read_in_24_hour_form(typed, read):
    assert parse_time(typed) == read


def test_the_event_form_shows_a_date_and_a_24_hour_box_and_reads_both(app, client, make_user):
    sign_in(client, make_user)
    page = client.get("/manage/events/new?lang=es").get_data(as_text=True)
    assert 'type="datetime-local"' not in page
    assert re.search(r'<input type="date" id="starts_at" name="starts_at"', page)
    assert re.search(r'<input type="text" id="starts_at-time" name="starts_at"[^>]*'
                     r'aria-label="Inicio: hora \(formato de 24 horas, como 16:00\)"', page)
    client.post("/manage/events/new?lang=es", data=MultiDict([
        ("title", "Mesa redonda"), ("format", "in_person"), ("timezone", "America/Phoenix"),
        ("starts_at", "2031-03-05"), ("starts_at", "17:00"),
        ("ends_at", "2031-03-05"), ("ends_at", "18:30"), ("venue_name", "Student Union")]))
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert event.local_start.replace(tzinfo=None) == datetime(2031, 3, 5, 17, 0)


def test_a_time_that_is_not_one_is_refused_in_spanish_and_kept_as_typed(client, make_user):
    sign_in(client, make_user)
    page = client.post("/manage/events/new?lang=es", data=MultiDict([
        ("title", "Mesa redonda"), ("format", "in_person"), ("timezone", "America/Phoenix"),
        ("starts_at", "2031-03-05"), ("starts_at", "5 de la tarde"),
        ("ends_at", "2031-03-05"), ("ends_at", "18:30")])).get_data(as_text=True)
    assert "Escriba la hora en formato de 24 horas, como 16:00." in page
    assert 'value="5 de la tarde"' in page
