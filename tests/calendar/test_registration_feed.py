"""The registrant's private feed and the iMIP builder: Zoom only where it belongs."""

import pytest

from roundtable.extensions import db
from tests.calendar.conftest import (
    ZOOM_SECRETS,
    check_lines,
    icalendar_utc,
    parse_icalendar,
    unfold,
    vobject_events,
    vobject_utc,
)

HOST = "roundtable.test"


def _feed(client, token, **headers):
    return client.get(f"/registrations/{token}/calendar.ics", headers=headers)


def _vevent(data):
    (vevent,) = parse_icalendar(data).walk("VEVENT")
    return vevent


def test_confirmed_online_registrant_gets_zoom(client, make_full_event, make_registration):
    event_id = make_full_event()
    registration_id, token = make_registration(event_id, mode="online", status="confirmed")
    response = _feed(client, token)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["Content-Disposition"].startswith("inline")
    data = response.data
    check_lines(data)
    text = unfold(data)
    join_url = ZOOM_SECRETS[0]
    assert f"\r\nCONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Zoom:{join_url}\r\n" in text
    vevent = _vevent(data)
    conference = vevent["CONFERENCE"]
    assert str(conference) == join_url
    assert conference.params["FEATURE"] in ("AUDIO,VIDEO", ["AUDIO", "VIDEO"])
    assert conference.params["LABEL"] == "Zoom"
    description = str(vevent["DESCRIPTION"])
    for secret in ZOOM_SECRETS:
        assert secret in description
    assert "personal" in description
    assert str(vevent["UID"]) == f"event-{event_id}-registration-{registration_id}@{HOST}"
    assert vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["LOCATION"]) == "Online via Zoom"
    # vobject reads the same thing.
    (vv,) = vobject_events(data)
    assert vv.conference.value == join_url
    assert icalendar_utc(data) == vobject_utc(data)


@pytest.mark.parametrize(
    ("mode", "status"),
    [("online", "waitlisted"), ("in_person", "confirmed"), ("in_person", "waitlisted"),
     ("online", "cancelled")],
)
def test_nobody_else_gets_zoom(client, make_full_event, make_registration, mode, status):
    event_id = make_full_event()
    _, token = make_registration(event_id, mode=mode, status=status)
    text = unfold(_feed(client, token).data)
    for secret in (*ZOOM_SECRETS, "zoom.us"):
        assert secret not in text
    assert "CONFERENCE" not in text


def test_in_person_registrant_gets_the_venue(client, make_event, make_registration):
    event_id = make_event(venue_name="Student Union", venue_room="Ballroom",
                          venue_address="1303 E University Blvd, Tucson, AZ")
    _, token = make_registration(event_id, mode="in_person")
    vevent = _vevent(_feed(client, token).data)
    assert str(vevent["LOCATION"]) == (
        "Student Union, Ballroom, 1303 E University Blvd, Tucson, AZ"
    )
    assert vevent["STATUS"] == "CONFIRMED"


def test_waitlisted_is_tentative(client, make_event, make_registration):
    _, token = make_registration(make_event(), mode="online", status="waitlisted")
    vevent = _vevent(_feed(client, token).data)
    assert vevent["STATUS"] == "TENTATIVE"
    assert "waitlist" in str(vevent["DESCRIPTION"])


def test_cancellation_by_registrant_or_event(app, client, make_event, make_registration):
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

    event_id = make_event()
    registration_id, token = make_registration(event_id, mode="online")
    before = _feed(client, token)
    sequence = _vevent(before.data)["SEQUENCE"]
    with app.app_context():
        db.session.get(Registration, registration_id).status = "cancelled"
        db.session.commit()
    after = _feed(client, token, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    vevent = _vevent(after.data)
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] > sequence
    assert "CONFERENCE" not in vevent

    other_event = make_event()
    _, token2 = make_registration(other_event, mode="online")
    with app.app_context():
        event = db.session.get(Event, other_event)
        event.status, event.sequence = "cancelled", event.sequence + 1
        db.session.commit()
    data = _feed(client, token2).data
    assert _vevent(data)["STATUS"] == "CANCELLED"
    assert ZOOM_SECRETS[0] not in unfold(data)


def test_feed_contains_nobody_elses_data(client, make_event, make_registration):
    event_id = make_event()
    make_registration(event_id, name="Other Person", email="other@example.org")
    _, token = make_registration(event_id, name="Me Myself", email="me@example.org")
    text = unfold(_feed(client, token).data)
    assert "Other Person" not in text and "other@example.org" not in text
    # The feed is not an invitation: no attendee list at all, not even oneself.
    assert "ATTENDEE" not in text


def test_registrant_feed_304_and_rebuild(app, client, make_event, make_registration,
                                         monkeypatch, count_queries, settled_clock):
    from roundtable.calendar import ics

    _, token = make_registration(make_event(), mode="online")
    first = _feed(client, token)
    assert _feed(client, token).data == first.data

    def explode(*args, **kwargs):
        raise AssertionError("built for a 304")

    monkeypatch.setattr(ics, "registration_calendar", explode)
    with count_queries() as n:
        response = _feed(client, token, **{"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 304
    assert n() == 2  # find the registration, then the fingerprint
    response = _feed(client, token, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert response.status_code == 304
    assert response.headers["Cache-Control"] == "private, max-age=300"


# --- iMIP ----------------------------------------------------------------------------------


def _registration(app, registration_id):
    from roundtable.calendar.services import load_registration

    return load_registration(registration_id)


def test_invitation_request_and_cancel(app, client, make_full_event, make_registration):
    from roundtable.calendar import ics

    event_id = make_full_event()
    registration_id, token = make_registration(
        event_id, mode="online", name='Dr. Jane "JD" Doe, PhD', email="jane@example.org"
    )
    feed_uid = str(_vevent(_feed(client, token).data)["UID"])
    with app.app_context():
        registration = _registration(app, registration_id)
        request = ics.registration_invitation(
            registration, method="REQUEST", organizer_email="events@roundtable.test",
            organizer_name="Roundtable; Events", site_url="http://roundtable.test",
        )
        cancel = ics.registration_invitation(
            registration, method="CANCEL", organizer_email="events@roundtable.test",
            site_url="http://roundtable.test",
        )
        with pytest.raises(ValueError):
            ics.registration_invitation(registration, method="PUBLISH",
                                        organizer_email="x@y.z", site_url="http://r.test")
    for data in (request, cancel):
        check_lines(data)
        assert len(vobject_events(data)) == 1
    req_cal, cancel_cal = parse_icalendar(request), parse_icalendar(cancel)
    assert req_cal["METHOD"] == "REQUEST" and cancel_cal["METHOD"] == "CANCEL"
    req, can = req_cal.walk("VEVENT")[0], cancel_cal.walk("VEVENT")[0]
    assert str(req["UID"]) == str(can["UID"]) == feed_uid
    assert str(req["ORGANIZER"]) == "mailto:events@roundtable.test"
    assert req["ORGANIZER"].params["CN"] == "Roundtable; Events"
    assert str(req["ATTENDEE"]) == "mailto:jane@example.org"
    assert req["ATTENDEE"].params["CN"] == "Dr. Jane 'JD' Doe, PhD"
    assert req["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(req["CONFERENCE"]) == ZOOM_SECRETS[0]
    assert req["STATUS"] == "CONFIRMED"
    assert can["STATUS"] == "CANCELLED"
    assert can["SEQUENCE"] > req["SEQUENCE"]
    assert "CONFERENCE" not in can
    assert ZOOM_SECRETS[2] not in unfold(cancel)
    (vv,) = vobject_events(request)
    assert vv.attendee.value == "mailto:jane@example.org"
    assert vv.attendee.params["CN"] == ["Dr. Jane 'JD' Doe, PhD"]


def test_invitation_for_in_person_has_no_zoom(app, make_event, make_registration):
    from roundtable.calendar import ics

    registration_id, _ = make_registration(make_event(), mode="in_person")
    with app.app_context():
        data = ics.registration_invitation(
            _registration(app, registration_id), method="REQUEST",
            organizer_email="events@roundtable.test", site_url="http://roundtable.test",
        )
    text = unfold(data)
    assert "CONFERENCE" not in text
    for secret in ZOOM_SECRETS:
        assert secret not in text


def test_feed_describes_the_registration_in_human_words(client, make_full_event,
                                                        make_registration):
    event_id = make_full_event()
    _, token = make_registration(event_id, mode="online", status="waitlisted")
    description = str(_vevent(_feed(client, token).data)["DESCRIPTION"])
    assert "Your registration: Online via Zoom, waitlisted." in description
    assert "online via zoom" not in description.lower().replace("online via zoom, waitlisted", "")


def test_a_mode_change_raises_the_personal_sequence(app, client, make_event, make_registration):
    """LOCATION Auditorio Central -> Online via Zoom -> back: each copy outranks the last."""
    from roundtable.registration import services
    from roundtable.registration.models import Registration

    event_id = make_event(capacity_in_person=10, capacity_online=10)
    registration_id, token = make_registration(event_id, mode="in_person")
    seen = [_vevent(_feed(client, token).data)]
    for mode in ("online", "in_person"):
        with app.test_request_context():
            services.switch_mode(db.session.get(Registration, registration_id), mode)
            db.session.commit()
        seen.append(_vevent(_feed(client, token).data))
    locations = [str(v["LOCATION"]) for v in seen]
    assert locations[0] != locations[1] and locations[0] == locations[2]
    sequences = [int(v["SEQUENCE"]) for v in seen]
    assert sequences[0] < sequences[1] < sequences[2]
