"""Public registration: the form, capacity per mode, waitlist, duplicates."""

from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def event_id(make_event):
    return make_event(slug="rt", capacity_in_person=2, capacity_online=1)


def test_register_in_person(client, event_id, register_via_form, registrations, outbox):
    response = register_via_form("rt", email="  Raul@Example.ORG ")
    assert response.status_code == 302 and "/registrations/" in response.location
    [reg] = registrations()
    assert reg["email"] == "raul@example.org" and reg["status"] == "confirmed"
    assert reg["name"] == "Raúl Benítez Manaut"
    page = client.get(response.location).get_data(as_text=True)
    assert "Raúl Benítez Manaut" in page and "Confirmed" in page
    [mail] = outbox()
    assert mail["kind"] == "registration_confirmed" and mail["to"] == "raul@example.org"
    assert response.location.split("/")[-1] in mail["text"]
    assert "Raúl Benítez Manaut" in mail["text"]


def test_event_page_links_to_registration(client, event_id):
    html = client.get("/events/rt").get_data(as_text=True)
    assert 'href="/events/rt/register"' in html


def test_form_offers_only_the_events_modes(client, make_event):
    make_event(slug="online-only", format="online")
    html = client.get("/events/online-only/register").get_data(as_text=True)
    assert 'value="online"' in html and 'value="in_person"' not in html


@pytest.mark.parametrize("data,message", [
    ({"email": "not-an-email"}, "valid email"),
    ({"email": ""}, "email address"),
    ({"name": ""}, "your name"),
    ({"name": "x" * 201}, "200 characters"),
    ({"affiliation": "y" * 301}, "300 characters"),
    ({"mode": "telepathy"}, "Not a valid choice"),
    ({"name": "Evil\r\nBcc: victim@example.org"}, "single line"),
])
def test_bad_input_changes_nothing(event_id, register_via_form, registrations, outbox, data,
                                   message):
    response = register_via_form("rt", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert registrations() == [] and outbox() == []


def test_mode_the_event_does_not_offer(make_event, register_via_form, registrations):
    make_event(slug="room-only", format="in_person")
    response = register_via_form("room-only", mode="online")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert registrations() == []


@pytest.mark.parametrize("values,reason", [
    ({"status": "cancelled"}, "cancelled"),
    ({"registration_opens_at": datetime.now(UTC) + timedelta(days=1)}, "Registration opens on "),
    ({"registration_closes_at": datetime.now(UTC) - timedelta(minutes=1),
      "registration_opens_at": datetime.now(UTC) - timedelta(days=2)}, "Registration closed on "),
    ({"starts_in": timedelta(minutes=-10)}, "This event is under way"),
    ({"starts_in": timedelta(days=-3)}, "This event took place on "),
])
def test_registration_refused_when_not_open(client, make_event, register_via_form,
                                            registrations, values, reason):
    make_event(slug="shut", **values)
    assert reason in client.get("/events/shut/register").get_data(as_text=True)
    response = register_via_form("shut")
    assert reason in response.get_data(as_text=True)
    assert registrations() == []


def test_drafts_cannot_be_registered_for(make_event, register_via_form, registrations):
    make_event(slug="draft", status="draft")
    assert register_via_form("draft").status_code == 404
    assert registrations() == []


def test_registering_again_creates_nothing_and_resends_the_link(
        client, event_id, register_via_form, registrations, outbox):
    first = register_via_form("rt", name="Guadalupe Correa-Cabrera", email="gcc@example.org")
    token = first.location.split("/")[-1]
    again = register_via_form("rt", name="Somebody Else", email="GCC@example.org ",
                              mode="online")
    assert again.status_code == 302 and again.location.endswith("/register/check-email")
    page = client.get(again.location).get_data(as_text=True)
    assert "Check your email" in page
    for secret in ("Guadalupe", "Confirmed", "In person", token):
        assert secret not in page
    assert len(registrations()) == 1
    resent = outbox("manage_link")
    assert len(resent) == 1 and token in resent[0]["text"]


def test_cancelled_person_may_register_again(app, event_id, register_via_form, registrations,
                                             client):
    first = register_via_form("rt")
    client.post(first.location + "/cancel")
    second = register_via_form("rt")
    assert "/registrations/" in second.location
    assert [r["status"] for r in registrations()] == ["cancelled", "confirmed"]


def test_full_mode_waitlists_and_offers_the_other(client, event_id, register_via_form,
                                                  registrations, outbox):
    for n in range(2):
        register_via_form("rt", email=f"p{n}@example.org")
    third = register_via_form("rt", email="p2@example.org")
    page = client.get(third.location).get_data(as_text=True)
    assert "waitlist" in page and "number 1 on the in-person waitlist" in page
    fourth = register_via_form("rt", email="p3@example.org")
    assert "number 2 on the" in client.get(fourth.location).get_data(as_text=True)
    assert [r["status"] for r in registrations()] == [
        "confirmed", "confirmed", "waitlisted", "waitlisted"]
    waitlisted = outbox("registration_waitlisted")
    assert len(waitlisted) == 2 and "position 1" in waitlisted[0]["text"]
    assert "Online via Zoom" in page and "Switch" in page  # the other mode is offered


def test_unlimited_capacity(make_event, register_via_form, registrations):
    make_event(slug="open", capacity_in_person=None)
    for n in range(5):
        register_via_form("open", email=f"p{n}@example.org")
    assert {r["status"] for r in registrations()} == {"confirmed"}


def test_zero_capacity_waitlists_everyone(make_event, register_via_form, registrations):
    make_event(slug="zero", capacity_in_person=0)
    register_via_form("zero")
    assert registrations()[0]["status"] == "waitlisted"


def test_reception_question(make_event, app, register_via_form, registrations, client):
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event
    from roundtable.extensions import db

    event_id = make_event(slug="rx")
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items.append(AgendaItem(kind="reception", title="Reception",
                                             starts_at=event.ends_at, ends_at=event.ends_at,
                                             in_person_only=True))
        db.session.commit()
    assert "join the reception" in client.get("/events/rx/register").get_data(as_text=True)
    missing = register_via_form("rx")
    assert "whether you will join the reception" in missing.get_data(as_text=True)
    register_via_form("rx", reception="yes")
    register_via_form("rx", email="online@example.org", mode="online")
    assert [r["reception"] for r in registrations()] == [True, None]


def test_reception_question_follows_the_agenda_after_it_was_kept(make_event, app, client,
                                                                 register_via_form):
    # The answer is kept per content version: adding and removing a reception must reach
    # the form in this process at once.
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event
    from roundtable.extensions import db

    event_id = make_event(slug="rx-later")
    question = "join the reception"
    assert question not in client.get("/events/rx-later/register").get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items.append(AgendaItem(kind="reception", title="Reception",
                                             starts_at=event.ends_at, ends_at=event.ends_at))
        db.session.commit()
    assert question in client.get("/events/rx-later/register").get_data(as_text=True)
    assert "whether you will join" in register_via_form("rx-later").get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items.clear()
        db.session.commit()
    assert question not in client.get("/events/rx-later/register").get_data(as_text=True)
    assert register_via_form("rx-later", email="later@example.org").status_code == 302


def test_closed_reasons_say_when_in_the_event_zone(app, make_event):
    from roundtable.events.models import Event
    from roundtable.extensions import db
    from roundtable.registration.services import closed_reason

    opens = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)  # 9:00 AM in Phoenix (MST, no DST)
    starts = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # 4:00 PM on November 20 in Phoenix
    event_id = make_event(registration_opens_at=opens)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at, event.ends_at = starts, starts + timedelta(hours=2)
        assert closed_reason(event, now=opens - timedelta(days=1)) == (
            "Registration opens on Tuesday, November 3, 2026, 9:00 AM, Arizona time (MST).")
        assert closed_reason(event, now=opens) is None
        assert closed_reason(event, now=starts + timedelta(days=1)) == (
            "This event took place on Friday, November 20, 2026.")
        assert "has already started" not in closed_reason(event, now=starts + timedelta(hours=1))
