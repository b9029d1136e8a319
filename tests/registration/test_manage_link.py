"""The private manage page: switch mode, reception, cancel, waitlist promotion, Zoom link."""

import pytest

from roundtable.extensions import db

ZOOM = "https://zoom.us/j/99911122233?pwd=secretpwd"
PASSCODE = "s3cretpass"


@pytest.fixture
def event_id(make_event):
    return make_event(slug="rt", capacity_in_person=1, capacity_online=1)


def _token(response):
    return response.location.rsplit("/", 1)[-1]


def test_unknown_and_tampered_tokens_are_404(client, event_id, register_via_form):
    token = _token(register_via_form("rt"))
    for bad in ("nope", token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", "x" * 500):
        assert client.get(f"/registrations/{bad}").status_code == 404
        assert client.post(f"/registrations/{bad}/cancel").status_code == 404


def test_manage_page_is_private(client, event_id, register_via_form):
    response = client.get(f"/registrations/{_token(register_via_form('rt'))}")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_token_is_stored_only_as_a_hash(app, event_id, register_via_form):
    from roundtable.registration.models import Registration

    token = _token(register_via_form("rt"))
    with app.app_context():
        reg = db.session.scalar(db.select(Registration))
        row = " ".join(str(getattr(reg, c.key)) for c in Registration.__table__.columns)
    assert token not in row


def test_cancel_asks_first_then_promotes_the_next_in_line(
        client, event_id, register_via_form, registrations, outbox):
    first = _token(register_via_form("rt", email="a@example.org"))
    register_via_form("rt", email="b@example.org")
    confirm_page = client.get(f"/registrations/{first}/cancel")
    assert "Yes, cancel my registration" in confirm_page.get_data(as_text=True)
    assert registrations()[0]["status"] == "confirmed"
    client.post(f"/registrations/{first}/cancel")
    assert [r["status"] for r in registrations()] == ["cancelled", "confirmed"]
    assert [m["to"] for m in outbox("registration_cancelled")] == ["a@example.org"]
    assert [m["to"] for m in outbox("registration_promoted")] == ["b@example.org"]


def test_waitlist_is_first_come_first_served(client, event_id, register_via_form,
                                             registrations):
    first = _token(register_via_form("rt", email="a@example.org"))
    for letter in "bcd":
        register_via_form("rt", email=f"{letter}@example.org")
    client.post(f"/registrations/{first}/cancel")
    statuses = {r["email"]: r["status"] for r in registrations()}
    assert statuses == {"a@example.org": "cancelled", "b@example.org": "confirmed",
                        "c@example.org": "waitlisted", "d@example.org": "waitlisted"}


def test_switching_away_promotes_and_full_mode_refuses(client, event_id, register_via_form,
                                                       registrations):
    first = _token(register_via_form("rt", email="a@example.org"))
    register_via_form("rt", email="b@example.org")  # in-person waitlist
    client.post(f"/registrations/{first}/mode", data={"mode": "online"})
    assert {r["email"]: (r["mode"], r["status"]) for r in registrations()} == {
        "a@example.org": ("online", "confirmed"), "b@example.org": ("in_person", "confirmed")}
    third = _token(register_via_form("rt", email="c@example.org", mode="online"))
    page = client.post(f"/registrations/{third}/mode", data={"mode": "in_person"},
                       follow_redirects=True).get_data(as_text=True)
    assert "no seat left in person" in page
    assert registrations()[2]["mode"] == "online" and registrations()[2]["status"] == "waitlisted"


def test_switch_to_a_mode_the_event_does_not_offer(client, make_event, register_via_form,
                                                   registrations):
    make_event(slug="room", format="in_person")
    token = _token(register_via_form("room"))
    page = client.post(f"/registrations/{token}/mode", data={"mode": "online"},
                       follow_redirects=True).get_data(as_text=True)
    assert "does not offer" in page and registrations()[0]["mode"] == "in_person"


def test_reception_choice(client, event_id, register_via_form, registrations):
    token = _token(register_via_form("rt"))
    client.post(f"/registrations/{token}/reception", data={"reception": "no"})
    assert registrations()[0]["reception"] is False
    client.post(f"/registrations/{token}/reception", data={"reception": "maybe"})
    assert registrations()[0]["reception"] is False


def test_raising_capacity_promotes(app, client, event_id, register_via_form, registrations):
    from roundtable.events.models import Event
    from roundtable.registration.services import lock_event, promote_waitlisted

    for letter in "abc":
        register_via_form("rt", email=f"{letter}@example.org")
    with app.app_context():
        event = lock_event(event_id)
        event.capacity_in_person = 2
        promote_waitlisted(db.session.get(Event, event_id))
        db.session.commit()
    assert [r["status"] for r in registrations()] == ["confirmed", "confirmed", "waitlisted"]


# --- who sees the Zoom link ------------------------------------------------------------


def _page(client, token):
    return client.get(f"/registrations/{token}").get_data(as_text=True)


def test_zoom_link_matrix(client, event_id, register_via_form, outbox, auth, make_user, app):
    online = _token(register_via_form("rt", email="on@example.org", mode="online"))
    waitlisted = _token(register_via_form("rt", email="wait@example.org", mode="online"))
    in_person = _token(register_via_form("rt", email="room@example.org"))
    cancelled = _token(register_via_form("rt", email="gone@example.org", mode="online"))
    client.post(f"/registrations/{cancelled}/cancel")

    assert ZOOM in _page(client, online) and PASSCODE in _page(client, online)
    for token in (waitlisted, in_person, cancelled):
        page = _page(client, token)
        assert ZOOM not in page and PASSCODE not in page and "zoom.us/j" not in page
    assert ZOOM not in client.get("/events/rt").get_data(as_text=True)
    assert ZOOM not in client.get("/").get_data(as_text=True)

    by_recipient = {}
    for message in outbox():
        by_recipient.setdefault(message["to"], []).append(message)
    assert ZOOM in by_recipient["on@example.org"][0]["text"]
    for who in ("wait@example.org", "room@example.org", "gone@example.org"):
        for message in by_recipient[who]:
            if who == "gone@example.org" and message["kind"] == "registration_confirmed":
                continue  # confirmed online before cancelling: that mail rightly had it
            assert ZOOM not in message["text"] + message["html"], (who, message["kind"])
            assert PASSCODE not in message["text"] + message["html"]


def test_zoom_link_hidden_once_the_event_is_cancelled(app, client, event_id, register_via_form):
    from roundtable.events.models import Event

    token = _token(register_via_form("rt", mode="online"))
    with app.app_context():
        db.session.get(Event, event_id).status = "cancelled"
        db.session.commit()
    page = _page(client, token)
    assert ZOOM not in page and "This event has been cancelled." in page


def test_qr_check_in_code_only_for_confirmed(client, event_id, register_via_form):
    confirmed = _token(register_via_form("rt", email="a@example.org"))
    waitlisted = _token(register_via_form("rt", email="b@example.org"))
    assert "data:image/svg+xml" in _page(client, confirmed)
    assert "data:image/svg+xml" not in _page(client, waitlisted)


def test_every_registration_email_has_the_manage_link(client, event_id, register_via_form,
                                                       outbox):
    token = _token(register_via_form("rt", email="a@example.org"))
    register_via_form("rt", email="b@example.org")
    client.post(f"/registrations/{token}/cancel")
    messages = outbox()
    assert {m["kind"] for m in messages} == {"registration_confirmed", "registration_waitlisted",
                                             "registration_cancelled", "registration_promoted"}
    for message in messages:
        assert "http://roundtable.test/registrations/" in message["text"]
        assert "http://roundtable.test/registrations/" in message["html"]
