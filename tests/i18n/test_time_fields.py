"""Times are entered in 24-hour form whatever the browser's language (roundtable/fields.py)."""

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.fields import parse_date, parse_time
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
    assert 'type="date"' not in page  # the browser's own date order: not the page's
    assert re.search(r'<input type="text" class="date" id="starts_at" name="starts_at"[^>]*'
                     r'placeholder="dd/mm/aaaa" aria-describedby="starts_at-format"', page)
    assert "Fecha como dd/mm/aaaa (por ejemplo, 21/11/2030)" in page
    assert re.search(r'<input type="text" class="time" id="starts_at-time" name="starts_at"[^>]*'
                     r'aria-label="Inicio: hora \(formato de 24 horas, como 16:00\)"', page)
    client.post("/manage/events/new?lang=es", data=MultiDict([
        ("title", "Mesa redonda"), ("format", "in_person"), ("timezone", "America/Phoenix"),
        ("starts_at", "5/3/2031"), ("starts_at", "17:00"),
        ("ends_at", "05/03/2031"), ("ends_at", "18:30"), ("venue_name", "Student Union")]))
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


@pytest.mark.parametrize(("lang", "typed", "read"), [
    ("es", "21/11/2030", date(2030, 11, 21)), ("es", "5/3/2031", date(2031, 3, 5)),
    ("es", "21.11.2030", date(2030, 11, 21)), ("es", "21-11-2030", date(2030, 11, 21)),
    ("es", "2030-11-21", date(2030, 11, 21)), ("es", "11/21/2030", None),
    ("en", "11/21/2030", date(2030, 11, 21)), ("en", "3/5/2031", date(2031, 3, 5)),
    ("en", "2030-11-21", date(2030, 11, 21)), ("en", "21/11/2030", None),
    ("es", "31/02/2030", None), ("es", "21/11/30", None), ("es", "mañana", None),
])
def test_a_typed_date_is_read_in_the_pages_order(app, lang, typed, read):
    with app.test_request_context(f"/?lang={lang}"):
        assert parse_date(typed) == read


def test_a_date_in_the_wrong_order_is_refused_in_both_languages_and_kept(client, make_user):
    sign_in(client, make_user)
    for lang, message, shown in (
            ("es", "Escriba la fecha como dd/mm/aaaa, por ejemplo, 21/11/2030.", "11/30/2031"),
            ("en", "Enter the date as mm/dd/yyyy, such as 11/21/2030.", "30/11/2031")):
        page = client.post(f"/manage/events/new?lang={lang}", data=MultiDict([
            ("title", "Mesa redonda"), ("format", "in_person"),
            ("timezone", "America/Phoenix"), ("starts_at", shown), ("starts_at", "17:00"),
            ("ends_at", shown), ("ends_at", "18:30")])).get_data(as_text=True)
        assert message in page
        assert f'value="{shown}"' in page and 'value="17:00"' in page


def test_a_saved_date_is_shown_in_the_pages_order(app, client, make_user, make_event):
    user_id = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user_id])
    with app.app_context():
        event = db.session.get(Event, event_id)
        day = event.local_start
    spanish = client.get(f"/manage/events/{event_id}/edit?lang=es").get_data(as_text=True)
    english = client.get(f"/manage/events/{event_id}/edit?lang=en").get_data(as_text=True)
    assert f'id="starts_at" name="starts_at" value="{day:%d/%m/%Y}"' in spanish
    assert f'id="starts_at" name="starts_at" value="{day:%m/%d/%Y}"' in english
    assert f'value="{day:%H:%M}"' in spanish
