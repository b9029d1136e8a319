"""Messages built in code (refusals at the door, admin notices, notices by email) in Spanish."""

import html
import re

from sqlalchemy import select

from roundtable.extensions import db
from roundtable.i18n import COOKIE, in_language, word_list
from roundtable.mail.models import OutboxMessage
from roundtable.registration.models import Registration
from tests.managing import sign_in


def _text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _register(client, slug, name, email, mode="in_person", lang="en"):
    client.post(f"/events/{slug}/register?lang={lang}",
                data={"name": name, "email": email, "mode": mode})


def test_door_refusals_and_walk_ins_speak_the_door_page_s_language(app, client, make_user,
                                                                  make_event):
    owner = sign_in(client, make_user)
    event_id = make_event(slug="rt", organizer_ids=[owner])
    _register(client, "rt", "Raúl Benítez Manaut", "raul@example.org")
    _register(client, "rt", "Guadalupe Correa-Cabrera", "gcc@example.org", mode="online")
    client.set_cookie(COOKIE, "es")
    twice = client.post(f"/manage/events/{event_id}/walk-in",
                        data={"name": "R", "email": "RAUL@example.org"})
    assert "Raúl Benítez Manaut ya tiene un registro con ese correo electrónico (" in _text(twice)
    with app.app_context():
        online = db.session.scalar(select(Registration.id).where(
            Registration.email == "gcc@example.org"))
    refused = client.post(f"/manage/events/{event_id}/checkin/{online}", follow_redirects=True)
    assert "no se le espera en la entrada" in _text(refused)
    client.post(f"/manage/events/{event_id}/walk-in",
                data={"name": "María Fernández", "email": "maria@example.org"})
    with app.app_context():
        walk_in = db.session.scalars(select(Registration).where(
            Registration.email == "maria@example.org")).one()
        assert walk_in.language == "es"


def test_admin_notices_are_spanish(client, make_user):
    sign_in(client, make_user, is_admin=True)
    other = make_user(email="otra@example.org", name="Guadalupe Correa-Cabrera")
    client.set_cookie(COOKIE, "es")
    for action, said in (("grant-admin", "ahora tiene permisos de administración"),
                         ("remove-admin", "ya no tiene permisos de administración"),
                         ("deactivate", "ya no puede iniciar sesión"),
                         ("activate", "puede volver a iniciar sesión")):
        page = client.post(f"/manage/organizers/{other}/{action}", follow_redirects=True)
        assert f"Guadalupe Correa-Cabrera {said}." in _text(page), action


def test_a_reinstated_event_is_announced_in_spanish(app, client, make_user, make_event):
    owner = sign_in(client, make_user)
    event_id = make_event(slug="back", organizer_ids=[owner])
    _register(client, "back", "Raúl Benítez Manaut", "raul@example.org", lang="es")
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Tormenta."})
    client.post(f"/manage/events/{event_id}/publish")
    with app.app_context():
        last = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert last.subject.startswith("El evento se realizará")
    assert "anularon la cancelación" in last.body_text
    assert "back on" not in last.body_text and "that it is" not in last.body_text


def test_the_manage_page_says_in_spanish_that_the_other_way_is_full(app, client, make_event):
    make_event(slug="rt", capacity_online=1)
    _register(client, "rt", "Ana", "ana@example.org", mode="online")
    _register(client, "rt", "Raúl", "raul@example.org", lang="es")
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).where(
            OutboxMessage.recipient == "raul@example.org")).first()
    token = re.search(r"/registrations/([A-Za-z0-9_-]{20,})", body).group(1)
    page = _text(client.get(f"/registrations/{token}?lang=es"))
    assert "(sin cupo: no es posible cambiarse)" in page


def test_lists_are_joined_the_way_each_language_writes_them(app):
    with app.test_request_context("/"):
        with in_language("es"):
            assert word_list(["el nombre", "la institución", "el correo"]) == \
                "el nombre, la institución y el correo"
            assert word_list(["Panel", "Cierre"], quote=True) == "“Panel” y “Cierre”"
        with in_language("en"):
            assert word_list(["the name", "the email"]) == "the name and the email"


def test_agenda_kinds_and_roles_are_spanish_and_agree_with_who_holds_them(app):
    from roundtable.agenda.models import AGENDA_KIND_LABELS, ROLE_LABELS
    from roundtable.orgs.models import SPONSOR_ROLE_LABELS

    with app.test_request_context("/"), in_language("es"):
        assert str(AGENDA_KIND_LABELS["qa"]) == "Preguntas y respuestas"
        # A person hosts a session; an institution (feminine) hosts the event.
        assert str(ROLE_LABELS["host"]) == "Anfitrión(a)"
        assert str(SPONSOR_ROLE_LABELS["host"]) == "Anfitriona"
        assert str(SPONSOR_ROLE_LABELS["co_sponsor"]) == "Copatrocinadora"
    with app.test_request_context("/"), in_language("en"):
        assert str(AGENDA_KIND_LABELS["qa"]) == "Q&A"


def test_a_q_and_a_reaches_spanish_pages_and_calendars_in_spanish(app, client, make_event):
    from datetime import timedelta

    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event

    event_id = make_event(slug="rt")
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.add(AgendaItem(event=event, kind="qa", title="Q&A",
                                  starts_at=event.starts_at,
                                  ends_at=event.starts_at + timedelta(minutes=30)))
        db.session.commit()
    page = client.get("/events/rt?lang=es").get_data(as_text=True)
    agenda = client.get("/events/rt/agenda.ics?lang=es").get_data(as_text=True)
    assert "Preguntas y respuestas" in page
    assert "Preguntas y respuestas" in agenda.replace("\r\n ", "")
