"""A walk-in's email is optional (issue 23, item 12): the door, the sync, and every reader."""

import csv
import io
import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from roundtable.registration import services
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token


@pytest.fixture
def door(make_user, make_event, auth, register_via_form):
    """A room of 10 with two registrants (one online); the owner signed in."""
    owner = make_user(email="owner@example.org")
    event_id = make_event(slug="rt", organizer_ids=[owner], capacity_in_person=10)
    register_via_form("rt", name="Dra. Ana Pérez López", email="ana@example.org")
    register_via_form("rt", name="Guadalupe Correa-Cabrera", email="gcc@example.org",
                      mode="online")
    auth.login("owner@example.org")
    return event_id


def _walk_ins(app, event_id):
    with app.app_context():
        return [(r.name, r.email, r.affiliation, r.checked_in_at is not None)
                for r in db.session.scalars(select(Registration).where(
                    Registration.event_id == event_id, Registration.is_walk_in.is_(True))
                    .order_by(Registration.id))]


def _outbox(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


# --- the model and the service --------------------------------------------------------


def test_walk_ins_without_an_email_may_be_many_but_an_email_stays_unique(app, door):
    with app.app_context():
        event = db.session.get(Event, door)
        first = services.add_walk_in(event, name="Luis Ramírez", email="", affiliation=None)
        second = services.add_walk_in(event, name="Marta Ibarra", email=None, affiliation="UA")
        db.session.commit()
        assert (first.email, second.email) == (None, None)
        assert first.is_walk_in and first.checked_in_at is not None and first.is_confirmed
        # Straight to the table: the partial unique index still refuses a second live
        # registration with an address, whatever the services say.
        twin = Registration(event_id=door, name="Ana again", email="ana@example.org",
                            mode="in_person", status="confirmed")
        issue_token(twin)
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        # ...and a third walk-in with no email goes in beside the other two.
        nobody = Registration(event_id=door, name="Third", email=None, mode="in_person",
                              status="confirmed", is_walk_in=True)
        issue_token(nobody)
        db.session.add(nobody)
        db.session.commit()
        assert db.session.scalar(select(func.count()).where(
            Registration.event_id == door, Registration.email.is_(None))) == 3


def test_a_similar_name_is_asked_about_first_without_an_email(app, door):
    with app.app_context():
        event = db.session.get(Event, door)
        with pytest.raises(services.LikelyDuplicate) as asked:
            services.add_walk_in(event, name="Ana Perez Lopez", email=" ")
        assert [r.email for r in asked.value.registrations] == ["ana@example.org"]
        assert "Dra. Ana Pérez López, with a similar name, is already on the list" in str(
            asked.value)
        db.session.rollback()
        added = services.add_walk_in(event, name="Ana Perez Lopez", anyway=True)
        # With an email nothing is asked about names: the address tells people apart.
        other = services.add_walk_in(event, name="Ana Pérez López", email="a2@example.org")
        assert added.email is None and other.email == "a2@example.org"
        # An unrelated name is added at once.
        assert services.add_walk_in(event, name="Arturo Sarukhán").email is None
        db.session.commit()


def test_no_email_is_ever_queued_for_a_walk_in_without_one(app, door):
    from roundtable.mail import notices
    from roundtable.registration import corrections

    with app.app_context():
        event = db.session.get(Event, door)
        walk_in = services.add_walk_in(event, name="Luis Ramírez", affiliation="UNAM")
        db.session.commit()
        before = _outbox(app)
        # The organizers' messages count and reach only those with an address.
        assert notices.audience_counts(event)["in_person"] == 1
        assert notices.send_organizer_message(event, audience="confirmed", subject="Hi",
                                              body="Parking is on level 2.",
                                              author_name="Org") == 2
        assert notices.notify_event_changed(event, ["venue_name"]) == 1
        assert notices.notify_event_cancelled(event, "Storm") == 2
        corrections.correct(walk_in, name="Luis Ramírez Díaz", email="", affiliation="UNAM",
                            mode="in_person")
        db.session.commit()
        recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
        assert None not in recipients and "" not in recipients
        assert not db.session.scalar(select(func.count()).where(
            OutboxMessage.registration_id == walk_in.id))
        assert _outbox(app) == before + 5
        assert walk_in.name == "Luis Ramírez Díaz" and walk_in.email is None


def test_the_compose_page_says_who_no_message_reaches(app, client, door):
    from roundtable.registration import links

    with app.app_context():
        event = db.session.get(Event, door)
        for name in ("Luis Ramírez", "Marta Ibarra"):
            services.add_walk_in(event, name=name)
        db.session.commit()
    page = client.get(f"/manage/events/{door}/message").get_data(as_text=True)
    assert "2 walk-ins gave no email at the door: no message reaches them" in page
    es = client.get(f"/manage/events/{door}/message?lang=es").get_data(as_text=True)
    assert "2 asistentes sin registro previo no dieron correo electrónico" in es
    with app.app_context():
        result = links.revoke_links(db.session.get(Event, door))
        db.session.commit()
        assert (result.revoked, result.emailed) == (4, 2)


def test_a_correction_adds_an_email_later_but_only_a_walk_in_may_have_none(app, door):
    from roundtable.registration import corrections
    from roundtable.validation import FieldErrors

    with app.app_context():
        event = db.session.get(Event, door)
        walk_in = services.add_walk_in(event, name="Luis Ramírez")
        db.session.commit()
        changes = corrections.correct(walk_in, name="Luis Ramírez", email="Luis@Example.org",
                                      affiliation=None, mode="in_person")
        db.session.commit()
        assert [str(c) for c in changes] == ["email address"]
        assert walk_in.email == "luis@example.org"
        # Now they hear of it: the correction goes to the address just added.
        assert db.session.scalar(select(OutboxMessage.recipient).where(
            OutboxMessage.registration_id == walk_in.id)) == "luis@example.org"
        ana = services.find_live_registration(door, "ana@example.org")
        with pytest.raises(FieldErrors):
            corrections.correct(ana, name=ana.name, email="", affiliation=None,
                                mode="in_person")


# --- the door page, in English and Spanish ---------------------------------------------


def test_door_form_says_the_email_is_optional_and_what_it_is_for(client, door):
    page = client.get(f"/manage/events/{door}/checkin").get_data(as_text=True)
    assert '<label for="walk-in-email">Email (optional)</label>' in page
    assert 'id="walk-in-email" name="email" type="email" autocomplete="off" maxlength="254" ' \
           'aria-describedby="walk-in-email-hint">' in page
    assert "the follow-up after it (thanks, recording, materials)" in page
    desk = client.get(f"/manage/events/{door}/walk-in").get_data(as_text=True)
    assert "Email (optional)" in desk and 'aria-describedby="email-hint"' in desk
    assert "Without it they are registered and checked in all the same" in desk
    es = client.get(f"/manage/events/{door}/walk-in?lang=es").get_data(as_text=True)
    assert "Correo electrónico (opcional)" in es
    assert "seguimiento posterior (agradecimiento, grabación, materiales)" in es
    es_door = client.get(f"/manage/events/{door}/checkin?lang=es").get_data(as_text=True)
    assert '<label for="walk-in-email">Correo electrónico (opcional)</label>' in es_door


@pytest.mark.parametrize("lang, done", [
    ("en", "Luis Ramírez is registered and checked in, without an email: they will get no "
           "messages."),
    ("es", "Luis Ramírez quedó registrado y con llegada registrada, sin correo electrónico: "
           "no recibirá mensajes."),
])
def test_a_walk_in_without_an_email_is_added_at_the_desk(app, client, door, lang, done):
    response = client.post(f"/manage/events/{door}/walk-in?lang={lang}",
                           data={"name": "Luis Ramírez", "email": "", "affiliation": "UNAM"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and done in page
    assert _walk_ins(app, door) == [("Luis Ramírez", None, "UNAM", True)]
    with app.app_context():
        assert db.session.scalar(select(Registration.language).where(
            Registration.is_walk_in.is_(True))) == lang
    # The door list shows them with their affiliation, and no "None" for the email.
    row = page[page.index("<strong>Luis Ramírez</strong>"):][:400]
    assert "<small>UNAM</small>" in row and "None" not in row


@pytest.mark.parametrize("lang, heading, button, question", [
    ("en", "Already on the list with a similar name", "Someone else: add Ana Perez",
     "Dra. Ana Pérez López, with a similar name, is already on the list: is it the same "
     "person? If not, add Ana Perez anyway."),
    ("es", "Ya en la lista con un nombre parecido", "Es otra persona: agregar a Ana Perez",
     "Dra. Ana Pérez López, con un nombre parecido, ya está en la lista: ¿es la misma "
     "persona? Si no, agregue a Ana Perez de todos modos."),
])
def test_a_likely_duplicate_by_name_is_shown_before_adding(app, client, door, lang, heading,
                                                          button, question):
    response = client.post(f"/manage/events/{door}/walk-in?lang={lang}",
                           data={"name": "Ana Perez", "email": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _walk_ins(app, door) == []
    assert heading in page and button in page and question in page
    # The registrant is listed with the button the door needs (check in, here).
    assert "<strong>Dra. Ana Pérez López</strong>" in page
    assert 'aria-label="Check in: Dra. Ana Pérez López"' in page \
        or 'aria-label="Registrar llegada: Dra. Ana Pérez López"' in page
    # "Someone else" adds them.
    client.post(f"/manage/events/{door}/walk-in?lang={lang}",
                data={"name": "Ana Perez", "email": "", "anyway": "1"})
    assert _walk_ins(app, door) == [("Ana Perez", None, None, True)]


def test_with_an_email_a_duplicate_is_still_found_by_the_address(app, client, door):
    page = client.post(f"/manage/events/{door}/walk-in",
                       data={"name": "Somebody", "email": "ANA@example.org"}
                       ).get_data(as_text=True)
    assert "Dra. Ana Pérez López is already registered with that email" in page
    assert _walk_ins(app, door) == []
    bad = client.post(f"/manage/events/{door}/walk-in", data={"name": "X", "email": "nope"})
    assert "Please give a valid email address" in bad.get_data(as_text=True)


def test_the_door_script_asks_the_server_for_similar_names(client, door):
    answer = client.get(f"/manage/events/{door}/walk-in/similar?name=ana%20perez").get_json()
    assert [p["name"] for p in answer["people"]] == ["Dra. Ana Pérez López"]
    assert answer["people"][0]["status"] == "Registered in person"
    assert client.get(f"/manage/events/{door}/walk-in/similar?name=Zed").get_json() == {
        "people": []}


# --- the offline door's sync -----------------------------------------------------------


def _sync(client, event_id, *actions):
    response = client.post(f"/manage/events/{event_id}/door/sync",
                           json={"actions": list(actions)})
    return response.status_code, json.loads(response.data)


def _walk_in_action(**fields):
    return {"id": str(uuid.uuid4()), "kind": "walk_in", "at": datetime.now(UTC).isoformat(),
            **fields}


def test_a_walk_in_without_an_email_syncs_once(app, client, door):
    action = _walk_in_action(name="Luis Ramírez", affiliation="UNAM")  # no email key at all
    status, first = _sync(client, door, action)
    _, again = _sync(client, door, action)  # the answer was lost: sent again
    assert status == 200 and first["results"][0]["outcome"] == "applied"
    assert again["results"][0] == {**first["results"][0], "replayed": True}
    assert _walk_ins(app, door) == [("Luis Ramírez", None, "UNAM", True)]
    _, blank = _sync(client, door, _walk_in_action(name="Marta Ibarra", email=""))
    assert blank["results"][0]["outcome"] == "applied"
    _, bad = _sync(client, door, _walk_in_action(name="X", email="nobody"))
    assert bad["results"][0] == {**bad["results"][0], "outcome": "refused",
                                 "message": "A walk-in needs a name; an email, if given, "
                                            "needs an @."}


def test_the_same_walk_in_without_an_email_on_two_phones_is_kept_once(app, client, door):
    _, first = _sync(client, door, _walk_in_action(name="Luis Ramírez"))
    # The second phone typed it without the accent, offline: the same name.
    _, second = _sync(client, door, _walk_in_action(name="luis ramirez"))
    assert first["results"][0]["outcome"] == "applied"
    conflict = second["results"][0]
    assert conflict["outcome"] == "conflict"
    assert conflict["registration_id"] == first["results"][0]["registration_id"]
    assert conflict["message"].startswith(
        "Luis Ramírez was already added at the door (")
    assert conflict["message"].endswith("kept once. If they are two people, add the second "
                                        "one again and confirm.")
    assert second["counter"]["walk_ins"] == 1
    # The volunteer said they are two people: added, and counted.
    _, third = _sync(client, door, _walk_in_action(name="Luis Ramírez", anyway=True))
    assert third["results"][0]["outcome"] == "applied" and third["counter"]["walk_ins"] == 2
    # A Spanish door reads the conflict in Spanish.
    spanish = client.post(f"/manage/events/{door}/door/sync?lang=es",
                          json={"actions": [_walk_in_action(name="Luis Ramirez")]}).get_json()
    assert spanish["results"][0]["outcome"] == "conflict"
    assert spanish["results"][0]["message"].startswith(
        "Luis Ramírez ya se había agregado en la entrada (")
    assert len(_walk_ins(app, door)) == 2
    # One phone had the address, the other not: the same walk-in, kept once.
    _sync(client, door, _walk_in_action(name="Marta Ibarra", email="marta@example.org"))
    _, marta = _sync(client, door, _walk_in_action(name="Marta Ibarra"))
    assert marta["results"][0]["outcome"] == "conflict" and len(_walk_ins(app, door)) == 3


def test_the_door_list_keeps_no_email_and_shows_none(app, client, door):
    _sync(client, door, _walk_in_action(name="Luis Ramírez"))
    data = client.get(f"/manage/events/{door}/door.json").get_json()
    luis = next(p for p in data["people"] if p["name"] == "Luis Ramírez")
    assert luis["email"] is None and luis["walk_in"] and luis["checked_in"]


# --- everything that reads a registration's email -------------------------------------


@pytest.fixture
def with_walk_in(app, door):
    with app.app_context():
        walk_in = services.add_walk_in(db.session.get(Event, door), name="Luis Ramírez",
                                       affiliation="UNAM")
        token = issue_token(walk_in)
        db.session.commit()
        return walk_in.id, token


def test_exports_leave_the_email_cell_empty(client, door, with_walk_in):
    from openpyxl import load_workbook

    rows = list(csv.reader(io.StringIO(
        client.get(f"/manage/events/{door}/registrations.csv").data.decode("utf-8-sig"))))
    luis = next(row for row in rows if row[1] == "Luis Ramírez")
    assert luis[2] == "" and luis[3] == "UNAM"
    sheet = load_workbook(io.BytesIO(
        client.get(f"/manage/events/{door}/registrations.xlsx").data)).active
    cells = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Luis Ramírez")
    assert cells[2] in (None, "")
    attendance = client.get(f"/manage/events/{door}/attendance.csv")
    if attendance.status_code == 200:
        rows = list(csv.reader(io.StringIO(attendance.data.decode("utf-8-sig"))))
        assert next(r for r in rows if r[0] == "Luis Ramírez")[1] == ""


def test_organizer_pages_show_no_email_plainly(client, door, with_walk_in):
    listing = client.get(f"/manage/events/{door}/registrations").get_data(as_text=True)
    assert '<span class="hint">No email</span>' in listing and "None" not in listing
    found = client.get(f"/manage/events/{door}/registrations?q=luis").get_data(as_text=True)
    assert "Luis Ramírez" in found
    edit = client.get(f"/manage/events/{door}/registrations/{with_walk_in[0]}/edit"
                      ).get_data(as_text=True)
    assert "They gave no email at the door" in edit and "Email (optional)" in edit
    saved = client.post(f"/manage/events/{door}/registrations/{with_walk_in[0]}/edit",
                        data={"name": "Luis Ramírez", "email": "", "affiliation": "UNAM-CISAN",
                              "mode": "in_person"}, follow_redirects=True)
    assert "no email address, so nobody was told" in saved.get_data(as_text=True)
    badge = client.get(f"/manage/events/{door}/registrations/{with_walk_in[0]}/badge.pdf")
    assert badge.status_code == 200 and badge.data.startswith(b"%PDF")
    room = client.get(f"/manage/events/{door}/badges.pdf")
    assert room.status_code == 200 and room.data.startswith(b"%PDF")


def test_their_own_page_and_calendar_work_without_an_email(app, client, with_walk_in):
    from roundtable.calendar.ics import registration_invitation

    _id, token = with_walk_in
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "None given: we cannot email you about this event." in page
    feed = client.get(f"/registrations/{token}/calendar.ics")
    assert feed.status_code == 200 and b"ATTENDEE" not in feed.data
    with app.app_context():
        walk_in = db.session.get(Registration, _id)
        invitation = registration_invitation(walk_in, method="REQUEST",
                                             site_url="https://roundtable.test")
    assert b"BEGIN:VEVENT" in invitation and b"ATTENDEE" not in invitation


def test_attendance_matching_skips_a_missing_email(app, door, with_walk_in):
    from roundtable.attendance import services as attendance
    from roundtable.attendance import zoom
    from roundtable.attendance.models import OnlineAttendee

    with app.app_context():
        event = db.session.get(Event, door)
        day = event.starts_at.astimezone(event.tz).strftime("%m/%d/%Y")
        data = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
                f"Someone,,{day} 04:00:00 PM,{day} 05:00:00 PM,60\n"
                f"Guadalupe Correa-Cabrera,gcc@example.org,{day} 04:00:00 PM,"
                f"{day} 05:00:00 PM,60\n").encode()
        attendance.import_report(event, zoom.parse(data, event.timezone))
        db.session.commit()
        matched = {a.name: a.registration_id for a in db.session.scalars(
            select(OnlineAttendee))}
    assert matched["Someone"] is None and matched["Guadalupe Correa-Cabrera"] is not None
