"""Downloads, attachments and the time-zone picker in the reader's language."""

import re

import pytest
from sqlalchemy import select

from roundtable.downloads import ascii_name, content_disposition
from roundtable.events import zones
from roundtable.extensions import db
from tests.managing import sign_in


def test_a_non_ascii_name_travels_in_filename_star_with_a_plain_fallback():
    assert content_disposition("rt-asistencia.csv") == 'attachment; filename="rt-asistencia.csv"'
    header = content_disposition("invitación.ics", "inline")
    assert header == ("inline; filename=\"invitacion.ics\"; "
                      "filename*=UTF-8''invitaci%C3%B3n.ics")
    assert ascii_name("código-de-entrada.png") == "codigo-de-entrada.png"


@pytest.mark.parametrize(("lang", "registrations", "attendance", "agenda"), [
    ("en", "rt-registrations.csv", "rt-attendance.csv", "rt-agenda.ics"),
    ("es", "rt-registros.csv", "rt-asistencia.csv", "rt-programa.ics"),
])
def test_exports_and_calendars_are_named_in_the_page_s_language(
        client, make_user, make_event, lang, registrations, attendance, agenda):
    event_id = make_event(slug="rt", organizer_ids=[sign_in(client, make_user)])
    for url, name in ((f"/manage/events/{event_id}/registrations.csv", registrations),
                      (f"/manage/events/{event_id}/attendance.csv", attendance),
                      ("/events/rt/agenda.ics", agenda)):
        header = client.get(f"{url}?lang={lang}").headers["Content-Disposition"]
        assert f'filename="{name}"' in header, (url, header)


def test_a_spanish_registrant_s_attachments_are_named_in_spanish(app, client, make_event):
    from roundtable.mail.compose import build_email
    from roundtable.mail.models import OutboxMessage

    make_event(slug="rt")
    client.post("/events/rt/register?lang=es", data={
        "name": "Raúl Benítez Manaut", "email": "raul@example.org", "mode": "in_person"})
    with app.app_context():
        from roundtable.mail.delivery import _language_of

        message = db.session.scalars(select(OutboxMessage)).one()
        built = build_email(message, sender=app.config["MAIL_DEFAULT_SENDER"],
                            language=_language_of(message))
    names = {part.get_filename() for part in built.walk() if part.get_filename()}
    assert names == {"invitación.ics", "código-de-entrada.png"}


def test_the_zone_picker_speaks_the_page_s_language(client, make_user):
    sign_in(client, make_user)
    spanish = client.get("/manage/events/new?lang=es").get_data(as_text=True)
    options = dict(re.findall(r'<option value="([^"]+)">([^<]+)</option>', spanish))
    assert options["America/Mexico_City"].startswith("Ciudad de México")
    assert options["America/Mexico_City"].endswith("México")
    assert options["America/New_York"].startswith("Nueva York")
    assert options["America/Phoenix"].endswith("Estados Unidos")
    assert options["UTC"] == "Tiempo universal coordinado (UTC)"
    english_words = re.compile(r"United States|Mexico\b|Universal Time|except|most areas")
    assert not [label for label in options.values() if english_words.search(label)]
    english = client.get("/manage/events/new?lang=en").get_data(as_text=True)
    assert ">Phoenix, Tucson, Arizona, Flagstaff, United States" in english


@pytest.mark.parametrize(("typed", "zone"), [
    ("Nueva York", "America/New_York"), ("Ciudad de México", "America/Mexico_City"),
    ("ciudad de mexico", "America/Mexico_City"), ("Monterrey", "America/Monterrey"),
    ("New York", "America/New_York"), ("Mexico City", "America/Mexico_City"),
    ("Londres", "Europe/London"), ("Tucson", "America/Phoenix"),
])
def test_a_city_is_found_by_its_spanish_or_english_name(typed, zone):
    assert zones.resolve(typed) == zone


def test_an_event_saved_from_a_spanish_page_accepts_a_spanish_city(app, client, make_user):
    from roundtable.events.models import Event

    sign_in(client, make_user)
    client.post("/manage/events/new?lang=es", data={
        "title": "Mesa redonda", "format": "in_person", "timezone": "Nueva York",
        "starts_at": "2031-03-05T17:00", "ends_at": "2031-03-05T18:30",
        "venue_name": "Student Union"})
    with app.app_context():
        assert db.session.scalars(select(Event.timezone)).one() == "America/New_York"
