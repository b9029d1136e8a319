"""Calendar text per language: ?lang=es on public feeds, the registrant's language privately."""

from sqlalchemy import select

from roundtable.calendar.models import CalendarComponent
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token


def unfolded(response) -> str:
    return response.get_data(as_text=True).replace("\r\n ", "")


def test_public_feed_in_spanish_with_spanish_content_and_labels(client, make_event):
    make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda",
               summary="In Tucson.", summary_es="En Tucson.")
    english = unfolded(client.get("/calendar.ics"))
    spanish = unfolded(client.get("/calendar.ics?lang=es"))
    assert "SUMMARY:Roundtable" in english and "X-WR-CALNAME:Roundtable events" in english
    assert "SUMMARY:Mesa redonda" in spanish and "En Tucson." in spanish
    assert "X-WR-CALNAME:Eventos de Roundtable" in spanish
    assert "el enlace se envía a quienes tengan registro en línea confirmado" in spanish
    assert "the link is sent" not in spanish


def test_each_language_keeps_its_own_stored_components_and_etag(app, client, make_event):
    event_id = make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda")
    en = client.get("/events/roundtable.ics")
    es = client.get("/events/roundtable.ics?lang=es")
    assert en.headers["ETag"] != es.headers["ETag"]
    # Asking again in either language answers from storage: both rows survive.
    assert client.get("/events/roundtable.ics").get_data() == en.get_data()
    assert client.get("/events/roundtable.ics?lang=es").get_data() == es.get_data()
    with app.app_context():
        kinds = set(db.session.scalars(select(CalendarComponent.kind).where(
            CalendarComponent.event_id == event_id)))
    assert kinds == {"event", "event.es"}
    assert client.get("/events/roundtable.ics?lang=es",
                      headers={"If-None-Match": es.headers["ETag"]}).status_code == 304


def test_spanish_event_page_links_to_spanish_calendars(client, make_event):
    make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda")
    html = client.get("/events/roundtable?lang=es").get_data(as_text=True)
    assert "/events/roundtable.ics?lang=es" in html
    assert "text=Mesa%20redonda" in html  # the Google Calendar link


def test_private_feed_uses_the_registrants_language(app, client, make_event):
    event_id = make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda")
    with app.app_context():
        registration = Registration(event_id=event_id, name="Raúl Benítez Manaut",
                                    email="raul@example.org", mode="online",
                                    status="confirmed", language="es")
        token = issue_token(registration)
        db.session.add(registration)
        db.session.commit()
    body = unfolded(client.get(f"/registrations/{token}/calendar.ics"))
    assert "SUMMARY:Mesa redonda" in body
    assert "Entrar a Zoom: https://zoom.us/j/99911122233" in body
    assert "Esta entrada de calendario es personal" in body
    english = unfolded(client.get(f"/registrations/{token}/calendar.ics?lang=en"))
    assert "SUMMARY:Roundtable" in english and "Join on Zoom" in english
