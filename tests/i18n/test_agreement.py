"""Counts agree in Spanish: an event with one of everything reads "1 lugar", never "1 lugares".

Every count goes through ngettext, or the "Etiqueta: número" pattern where a noun
cannot agree. With capacity, confirmed, waitlisted, cancelled, arrived, agenda items
and Zoom participants all at 1, no organizer or public page may put a plural word
after a 1 ("1 confirmados", "de 1 lugares", "0 de 1 esperados", "1 puntos").
"""

import html
import re
from datetime import timedelta

from roundtable.agenda.models import AgendaItem
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.i18n import COOKIE
from tests.managing import sign_in

# "1 <word>" or "de 1 <word>": a plural after the one.
ONE_THEN = re.compile(r"(?<![\d.,:])\b1\s+(?:de\s+)?([a-záéíóúñ]+)\b")
# Singular words that end like plurals.
SINGULAR_S = {"mes", "país", "lunes", "martes", "miércoles", "jueves", "viernes", "más",
              "tres", "dos", "seis", "análisis", "crisis", "gratis", "es"}


def _plural_after_one(page: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>",
                                                         " ", page)))
    text = re.sub(r"\s+", " ", text)
    return [match.group(0) for match in ONE_THEN.finditer(text)
            if match.group(1).endswith("s") and match.group(1) not in SINGULAR_S]


def test_one_of_everything_reads_in_the_singular(app, client, make_user, make_event):
    owner = sign_in(client, make_user)
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=1,
                          capacity_online=1, starts_in=timedelta(hours=1))
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.add(AgendaItem(event=event, kind="keynote", title="Keynote",
                                  starts_at=event.starts_at,
                                  ends_at=event.starts_at + timedelta(minutes=30)))
        db.session.commit()
    people = [("Raúl Benítez Manaut", "raul@example.org", "in_person"),
              ("Itzel Ramírez", "itzel@example.org", "in_person"),  # waitlisted
              ("Ana Covarrubias", "ana@example.org", "online"),
              ("Guadalupe Correa-Cabrera", "gcc@example.org", "online")]  # waitlisted
    for name, email, mode in people:
        client.post("/events/rt/register?lang=es", data={"name": name, "email": email,
                                                         "mode": mode})
    client.post(f"/manage/events/{event_id}/registrations/4/cancel")
    client.set_cookie(COOKIE, "es")
    urls = ["/manage/", f"/manage/events/{event_id}", f"/manage/events/{event_id}/registrations",
            f"/manage/events/{event_id}/checkin", f"/manage/events/{event_id}/attendance",
            f"/manage/events/{event_id}/agenda", f"/manage/events/{event_id}/after",
            "/events/rt", "/events/rt/register"]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert '<html lang="es">' in page
        if plural := _plural_after_one(page):
            found[url] = plural
    assert not found, found
