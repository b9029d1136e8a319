"""The institutions' own words: Spanish names, honorifics, venues, reasons and summaries.

Each Spanish column is shown to Spanish readers (pages, calendars, emails) and falls
back to the English one when blank, and the other way round.
"""

import html as htmllib
from datetime import timedelta

from sqlalchemy import select

from roundtable.events import management
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.recap import services as recap
from tests.conftest import csrf_token_from


def _demo(app):
    """The slugs of the demo's third and fourth editions (the ``demo`` fixture loads them)."""
    with app.app_context():
        third = db.session.scalar(select(Event).where(Event.edition == 3))
        fourth = db.session.scalar(select(Event).where(Event.edition == 4))
        return third.slug, fourth.slug


def _text(response) -> str:
    assert response.status_code == 200
    return htmllib.unescape(response.get_data(as_text=True))


def test_demo_pages_use_the_institutions_own_spanish_names(app, demo, client):
    third, fourth = _demo(app)
    # English first, then Spanish, in one process: each language keeps its own copy.
    english = _text(client.get(f"/events/{third}?lang=en"))
    spanish = _text(client.get(f"/events/{third}?lang=es"))
    assert "Dr. Guadalupe Correa-Cabrera" in english
    assert "Dra. Guadalupe Correa-Cabrera" in spanish
    assert "Cónsul Rafael Barceló Durazo" in spanish
    assert "Consulado de México en Tucson" in spanish
    assert "Consulate of Mexico in Tucson" not in spanish
    assert "Universidad Nacional Autónoma de México (UNAM)" in spanish
    assert "Consorcio Binacional de Investigación con la Universidad Nacional" in spanish
    assert ">Universidad de Arizona<" in spanish and ">University of Arizona<" in english
    # No Spanish name of its own: the English proper name, marked as English.
    assert "Tucson Committee on Foreign Relations" in spanish
    assert "Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad" in spanish
    # The summary and its takeaways.
    assert "La tercera edición reunió" in spanish and "The third edition brought" in english
    assert "La cooperación en defensa entre México" in spanish
    assert "The third edition brought" not in spanish
    upcoming = _text(client.get(f"/events/{fourth}?lang=es"))
    assert "en Universidad de Arizona, Student Union Memorial Center" in upcoming
    series = _text(client.get("/series/us-mexico-defense-security-roundtable?lang=es"))
    assert "Encuentro anual de mandos militares" in series
    org = _text(client.get("/organizations/binational-research-consortium-unam?lang=es"))
    assert "(Consorcio Binacional UNAM)" in org


def test_demo_calendars_in_spanish(app, demo, client):
    third, _ = _demo(app)
    event = client.get(f"/events/{third}.ics?lang=es").get_data(as_text=True)
    unfolded = event.replace("\r\n ", "")
    assert "Consulado de México en Tucson" in unfolded
    assert "Dra. Guadalupe Correa-Cabrera" in unfolded
    assert "LOCATION:Universidad de Arizona\\, Student Union Memorial Center" in unfolded
    english = client.get(f"/events/{third}.ics?lang=en").get_data(as_text=True)
    assert "LOCATION:University of Arizona" in english.replace("\r\n ", "")
    feed = client.get("/series/us-mexico-defense-security-roundtable/calendar.ics?lang=es")
    unfolded = feed.get_data(as_text=True).replace("\r\n ", "")
    assert ("X-WR-CALNAME:Mesa Redonda Anual México–Estados Unidos sobre Defensa y Seguridad"
            in unfolded)
    org = client.get("/organizations/university-of-arizona/calendar.ics?lang=es")
    assert "X-WR-CALNAME:Universidad de Arizona" in org.get_data(as_text=True)


def test_a_series_rename_in_spanish_reaches_the_kept_event_page(app, client, make_event):
    with app.app_context():
        series = EventSeries(name="Roundtable", slug="roundtable-series")
        db.session.add(series)
        db.session.commit()
        series_id = series.id
    make_event(slug="mesa", series_id=series_id)
    assert "Roundtable" in _text(client.get("/events/mesa?lang=es"))
    with app.app_context():
        db.session.get(EventSeries, series_id).name_es = "Mesa redonda"
        db.session.commit()
    page = _text(client.get("/events/mesa?lang=es"))
    assert ">Mesa redonda</a>" in page  # the header link and the subscribe link


def test_cancellation_reason_per_reader(app, client, make_event):
    make_event(slug="mesa", title="Roundtable", title_es="Mesa redonda",
               starts_in=timedelta(days=30))
    for lang, email in (("es", "raul@example.org"), ("en", "greg@example.org")):
        client.post(f"/events/mesa/register?lang={lang}",
                    data={"name": "Raúl Benítez Manaut", "email": email, "mode": "in_person",
                          "reception": "no"})
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "mesa"))
        management.cancel(event, "The speaker is ill.", "El ponente está enfermo.")
        db.session.commit()
        sent = {m.recipient: m.body_text for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "event_cancelled"))}
    assert "El ponente está enfermo." in sent["raul@example.org"]
    assert "The speaker is ill." not in sent["raul@example.org"]
    assert "The speaker is ill." in sent["greg@example.org"]
    assert "El ponente está enfermo." in _text(client.get("/events/mesa?lang=es"))
    assert "The speaker is ill." in _text(client.get("/events/mesa?lang=en"))
    ics = client.get("/events/mesa.ics?lang=es").get_data(as_text=True).replace("\r\n ", "")
    assert "El ponente está enfermo." in ics


def test_spanish_reason_naming_the_meeting_is_refused(app, make_event):
    event_id = make_event(slug="mesa")
    with app.app_context():
        event = db.session.get(Event, event_id)
        try:
            management.cancel(event, "Sorry.", "Entre a https://zoom.us/j/99911122233")
        except management.FieldErrors as exc:
            assert set(exc.errors) == {"reason_es"}
        else:
            raise AssertionError("the Zoom link went into a public reason")
        db.session.rollback()
        assert not db.session.get(Event, event_id).is_cancelled


def test_summary_quotes_and_materials_fall_back_per_language(app, client, make_event,
                                                             make_person):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person

    person_id = make_person(name="Guadalupe Correa-Cabrera", honorific="Dr.",
                            honorific_es="Dra.", position="Professor",
                            position_es="Profesora")
    event_id = make_event(slug="mesa", starts_in=timedelta(days=-2))
    with app.app_context():
        event = db.session.get(Event, event_id)
        item = AgendaItem(kind="panel", title="Panel", starts_at=event.starts_at,
                          ends_at=event.ends_at)
        event.agenda_items.append(item)
        item.roles.append(AgendaRole(person=db.session.get(Person, person_id), role="panelist"))
        db.session.flush()
        recap.save_summary(event, "English account.", "English point", None, None)
        recap.add_quote(event, person_id, "", "La frontera es más que un lugar de conflicto.")
        recap.add_material(event, "Slides", "https://example.org/s.pdf", True, "Diapositivas")
        db.session.commit()
    spanish = _text(client.get("/events/mesa?lang=es"))
    english = _text(client.get("/events/mesa?lang=en"))
    # No Spanish summary: Spanish readers read the English one, marked as English.
    assert 'lang="en">' in spanish and "English account." in spanish
    assert "La frontera es más que un lugar de conflicto." in english  # the only version
    assert "— " in spanish and "Dra. Guadalupe Correa-Cabrera" in spanish
    assert "Profesora" in spanish
    assert ">Diapositivas</a>" in spanish and ">Slides</a>" in english
    with app.app_context():
        event = db.session.get(Event, event_id)
        recap.save_summary(event, "English account.", "English point",
                           "Relato en español.", "Punto en español")
        db.session.commit()
    spanish = _text(client.get("/events/mesa?lang=es"))
    assert "Relato en español." in spanish and "Punto en español" in spanish
    assert "English account." not in spanish and "English point" not in spanish


def test_spanish_takeaways_need_a_spanish_summary(app, make_event):
    event_id = make_event(slug="mesa")
    with app.app_context():
        event = db.session.get(Event, event_id)
        try:
            recap.save_summary(event, "Account.", None, None, "Punto")
        except recap.FieldErrors as exc:
            assert set(exc.errors) == {"body_es"}
        else:
            raise AssertionError("Spanish takeaways without a Spanish summary")


def test_forms_save_the_spanish_columns(app, client, auth, make_user, make_org, make_person):
    from roundtable.agenda.models import Person
    from roundtable.auth.models import User
    from roundtable.orgs.models import Organization

    user_id = make_user(email="organizer@example.org")
    auth.login()
    org_id = make_org(name="Consulate of Mexico in Tucson", manager_ids=[user_id])
    person_id = make_person(name="Guadalupe Correa-Cabrera", manager_ids=[user_id])
    with app.app_context():
        series = EventSeries(name="Roundtable", slug="rt",
                             managers=[db.session.get(User, user_id)])
        db.session.add(series)
        db.session.commit()
        series_id = series.id

    def post(url, data):
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        return client.post(url, data={**data, "csrf_token": token})

    post(f"/manage/organizations/{org_id}/edit", {
        "name": "Consulate of Mexico in Tucson", "name_es": "Consulado de México en Tucson",
        "short_name_es": "Consulado"})
    post(f"/manage/people/{person_id}/edit", {
        "name": "Guadalupe Correa-Cabrera", "honorific": "Dr.", "honorific_es": "Dra.",
        "affiliation": "George Mason University", "affiliation_es": "Universidad George Mason"})
    response = post(f"/manage/series/{series_id}/edit", {
        "name": "Roundtable", "name_es": "Mesa redonda", "description_es": "Cada año."})
    assert response.status_code == 302
    with app.app_context():
        org = db.session.get(Organization, org_id)
        assert (org.name_es, org.short_name_es) == ("Consulado de México en Tucson", "Consulado")
        person = db.session.get(Person, person_id)
        assert (person.honorific_es, person.affiliation_es) == (
            "Dra.", "Universidad George Mason")
        series = db.session.get(EventSeries, series_id)
        assert (series.name_es, series.description_es) == ("Mesa redonda", "Cada año.")
    blank = post(f"/manage/series/{series_id}/edit", {"name": ""})
    assert blank.status_code == 200
    with app.app_context():
        assert db.session.get(EventSeries, series_id).name == "Roundtable"
