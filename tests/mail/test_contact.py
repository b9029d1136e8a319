"""Every event has a contact: Reply-To of registrants' mail, ORGANIZER of calendars, signature."""

import email
import email.policy

import icalendar
import pytest

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from tests.mail.conftest import calendar_part, parse_calendar
from tests.managing import event_form, field_error, get, sign_in

CONTACT = ("Raúl Benítez Manaut", "raul.benitez@unam.example")


@pytest.fixture
def organizer(client, make_user):
    """A signed-in organizer with an accented name."""
    return sign_in(client, make_user, email="ana@arizona.example", name="Ana Barceló Durazo")


def _create(client, **fields) -> int:
    response = client.post("/manage/events/new", data=event_form(**fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _publish(app, event_id):
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.status = "published"
        db.session.commit()


def test_contact_defaults_to_the_creating_organizer(app, client, organizer):
    event_id = _create(client, contact_name="", contact_email="")
    with app.app_context():
        event = get(Event, event_id)
        assert (event.contact_name, event.contact_email) == (
            "Ana Barceló Durazo", "ana@arizona.example")


def test_contact_is_editable_and_shown_on_the_public_page(app, client, organizer):
    event_id = _create(client)
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(
        contact_name=CONTACT[0], contact_email=CONTACT[1]))
    assert response.status_code == 302
    with app.app_context():
        event = get(Event, event_id)
        assert (event.contact_name, event.contact_email) == CONTACT
        slug = event.slug
    _publish(app, event_id)
    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "Raúl Benítez Manaut" in page and f'href="mailto:{CONTACT[1]}"' in page


def test_bad_contact_email_is_refused_and_nothing_changes(app, client, organizer):
    event_id = _create(client)
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(
        title="Changed", contact_email="not an address"))
    assert response.status_code == 200
    assert "valid email" in field_error(response.get_data(as_text=True), "contact_email")
    with app.app_context():
        event = get(Event, event_id)
        assert event.contact_email == "ana@arizona.example" and event.title != "Changed"


@pytest.fixture
def contact_event(make_event):
    return make_event(slug="rt", title="3rd Annual U.S.–Mexico Defense & Security Roundtable",
                      contact_name=CONTACT[0], contact_email=CONTACT[1])


def _organizer_of(vevent) -> tuple[str, str]:
    value = vevent["ORGANIZER"]
    return str(value), value.params.get("CN")


def test_registrant_mail_replies_to_the_contact_and_is_sent_from_the_sender(
        app, smtp, deliver, contact_event, register_via_form):
    register_via_form("rt", email="barcelo@example.org", mode="in_person")
    with app.app_context():
        [row] = db.session.query(OutboxMessage).all()
        assert (row.reply_to, row.reply_to_name) == (CONTACT[1], CONTACT[0])
    assert deliver().sent == 1
    [(mail_from, _, raw)] = smtp.received
    message = email.message_from_bytes(raw, policy=email.policy.default)
    # The envelope and From stay MAIL_DEFAULT_SENDER; replies reach a person.
    assert mail_from == "events@roundtable.test"
    assert message["From"].addresses[0].addr_spec == "events@roundtable.test"
    [reply_to] = message["Reply-To"].addresses
    assert (reply_to.display_name, reply_to.addr_spec) == CONTACT
    assert b"Ra\xc3\xbal" not in raw.split(b"\r\n\r\n", 1)[0]  # encoded word, not raw 8-bit
    [vevent] = parse_calendar(calendar_part(message)).walk("VEVENT")
    assert _organizer_of(vevent) == (f"mailto:{CONTACT[1]}", CONTACT[0])


def test_cancel_invitation_organizer_is_the_contact(
        app, contact_event, register_via_form, outbox):
    from roundtable.registration import services
    from roundtable.registration.models import Registration

    register_via_form("rt", email="barcelo@example.org", mode="online")
    with app.app_context():
        registration = db.session.query(Registration).one()
        services.cancel(registration)
        db.session.commit()
        row = db.session.query(OutboxMessage).filter_by(kind="registration_cancelled").one()
        assert row.ics_method == "CANCEL" and row.reply_to == CONTACT[1]
        [vevent] = icalendar.Calendar.from_ical(row.ics).walk("VEVENT")
        assert _organizer_of(vevent) == (f"mailto:{CONTACT[1]}", CONTACT[0])


def test_organizer_message_is_signed_with_the_contact(
        app, client, make_user, contact_event, register_via_form, deliver, smtp):
    register_via_form("rt", email="barcelo@example.org", mode="in_person")
    user_id = sign_in(client, make_user, name="Somebody Else")
    with app.app_context():
        from roundtable.auth.models import User

        event = db.session.get(Event, contact_event)
        event.organizers.append(db.session.get(User, user_id))
        db.session.commit()
    response = client.post(f"/manage/events/{contact_event}/message", data={
        "audience": "confirmed", "subject": "Parking", "body": "Use lot 2."})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.query(OutboxMessage).filter_by(kind="organizer_message").one()
        assert row.reply_to == CONTACT[1]
        assert f"{CONTACT[0]}, for the organizers" in row.body_text
        assert CONTACT[1] in row.body_text and "Somebody Else" not in row.body_text
        assert CONTACT[0] in row.body_html


def test_every_published_vevent_names_the_contact_as_organizer(
        app, client, contact_event, make_event):
    from roundtable.agenda.models import AgendaItem

    with app.app_context():
        event = db.session.get(Event, contact_event)
        event.agenda_items.append(AgendaItem(
            kind="panel", title="Panel", starts_at=event.starts_at, ends_at=event.ends_at))
        db.session.commit()
    for path in ("/events/rt.ics", "/events/rt/agenda.ics", "/calendar.ics"):
        data = client.get(path).data
        cal = icalendar.Calendar.from_ical(data)
        assert str(cal["METHOD"]) == "PUBLISH"
        vevents = cal.walk("VEVENT")
        assert vevents, path
        for vevent in vevents:
            assert _organizer_of(vevent) == (f"mailto:{CONTACT[1]}", CONTACT[0]), path


def test_event_without_contact_falls_back_to_the_sender(client, make_event):
    make_event(slug="plain")
    [vevent] = icalendar.Calendar.from_ical(client.get("/events/plain.ics").data).walk("VEVENT")
    assert _organizer_of(vevent) == ("mailto:events@roundtable.test", "Roundtable Tucson")
