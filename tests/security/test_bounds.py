"""Bounds instead of 500s: huge ids, absurd dates, stored extreme dates, file parts."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from roundtable.extensions import db

HUGE_IDS = ("2147483648", "9223372036854775808", "99999999999999999999999")


@pytest.fixture
def organizer(make_user, auth):
    user_id = make_user(email="organizer@example.org")
    auth.login()
    return user_id


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_a_database_integer_are_404(client, organizer, make_event, huge):
    event_id = make_event(organizer_ids=[organizer])
    for url in (f"/manage/events/{huge}", f"/manage/events/{huge}/registrations",
                f"/manage/events/{event_id}/agenda/{huge}/edit",
                f"/manage/people/{huge}/edit", f"/manage/organizations/{huge}/edit"):
        assert client.get(url).status_code == 404, url
    for url in (f"/manage/events/{huge}/publish",
                f"/manage/events/{event_id}/registrations/{huge}/cancel",
                f"/manage/events/{event_id}/checkin/{huge}"):
        assert client.post(url).status_code == 404, url


def test_largest_database_integer_is_still_routed(client, organizer):
    # The bound is the column's range, not a smaller one: 2^31 - 1 reaches the route (404
    # because no such event exists, answered by the route rather than the URL map).
    assert client.get(f"/manage/events/{2**31 - 1}").status_code == 404
    assert client.get(f"/manage/events/{2**31 - 1}/registrations").status_code == 404


def _event_form(**overrides):
    data = {
        "title": "Roundtable", "slug": "", "series_id": "0", "format": "in_person",
        "timezone": "America/Phoenix", "starts_at": "2031-03-05T09:00",
        "ends_at": "2031-03-05T17:00", "venue_name": "Student Union",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("field,value", [
    ("starts_at", "9999-12-31T23:00"),
    ("starts_at", "1999-12-31T09:00"),
    ("ends_at", "2101-01-01T09:00"),
    ("registration_opens_at", "0001-01-01T00:00"),
    ("registration_closes_at", "3000-01-01T00:00"),
])
def test_event_dates_outside_the_years_are_refused(client, organizer, app, field, value):
    from roundtable.events.models import Event

    response = client.post("/manage/events/new", data=_event_form(**{field: value}))
    assert response.status_code == 200
    assert "between the years 2000 and 2100" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_editing_an_event_to_year_9999_is_refused(client, organizer, make_event, app):
    from roundtable.events.models import Event

    event_id = make_event(organizer_ids=[organizer])
    with app.app_context():
        before = db.session.get(Event, event_id).starts_at
    response = client.post(f"/manage/events/{event_id}/edit",
                           data=_event_form(starts_at="9999-12-31T23:00",
                                            ends_at="9999-12-31T23:30"))
    assert response.status_code == 200
    assert "between the years 2000 and 2100" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event_id).starts_at == before


def test_service_refuses_out_of_range_years_too(app, make_user):
    from roundtable.auth.models import User
    from roundtable.events.management import create_event
    from roundtable.validation import FieldErrors

    user_id = make_user()
    with app.app_context():
        starts = datetime(2999, 1, 1, 16, tzinfo=UTC)
        data = {"title": "Far", "format": "in_person", "timezone": "America/Phoenix",
                "starts_at": starts, "ends_at": starts + timedelta(hours=1)}
        with pytest.raises(FieldErrors) as exc:
            create_event(db.session.get(User, user_id), data)
        assert "starts_at" in exc.value.errors


@pytest.mark.parametrize("value", ["9999-12-31T23:00", "0001-01-01T00:00", "1999-12-31T09:00"])
def test_agenda_dates_outside_the_years_are_refused(client, organizer, make_event, app, value):
    from roundtable.agenda.models import AgendaItem

    event_id = make_event(organizer_ids=[organizer])
    response = client.post(f"/manage/events/{event_id}/agenda/new", data={
        "kind": "panel", "title": "Panel", "starts_at": value, "ends_at": value,
    })
    assert response.status_code == 200
    assert "between the years 2000 and 2100" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AgendaItem)) is None


EXTREMES = [
    (datetime(9999, 12, 31, 20, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
     "America/Phoenix"),
    (datetime(1, 1, 2, 12, tzinfo=UTC), datetime(1, 1, 2, 15, tzinfo=UTC), "America/New_York"),
    # Local times that fall outside what Python's datetime can represent at all.
    (datetime(9999, 12, 31, 20, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
     "Asia/Tokyo"),
    (datetime(1, 1, 1, 1, tzinfo=UTC), datetime(1, 1, 1, 4, tzinfo=UTC), "America/Phoenix"),
]


@pytest.mark.parametrize("starts,ends,zone", EXTREMES)
def test_calendars_survive_any_stored_date(client, make_event, make_org, app, starts, ends,
                                           zone):
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor, Organization

    org_id = make_org()
    normal = make_event(title="Normal roundtable")
    # Stored directly, as data written before the input check (or by hand) would be.
    extreme = make_event(title="Stored far away", starts_at=starts, ends_at=ends,
                         timezone=zone)
    with app.app_context():
        for order, event_id in enumerate((normal, extreme)):
            db.session.add(EventSponsor(event_id=event_id, organization_id=org_id,
                                        sort_order=order))
        db.session.commit()
        slug = db.session.get(Event, extreme).slug
        org_slug = db.session.get(Organization, org_id).slug
    for url in ("/calendar.ics", f"/events/{slug}.ics", f"/events/{slug}/agenda.ics",
                f"/organizations/{org_slug}/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.data.startswith(b"BEGIN:VCALENDAR"), url
    # The other events are still listed, and the feed still parses.
    import icalendar

    for url in ("/calendar.ics", f"/organizations/{org_slug}/calendar.ics"):
        feed = icalendar.Calendar.from_ical(client.get(url).data)
        assert "Normal roundtable" in [str(e["SUMMARY"]) for e in feed.walk("VEVENT")]


def test_a_file_part_in_a_form_field_is_400(client, organizer, app):
    from io import BytesIO

    from roundtable.events.models import Event

    data = _event_form()
    data["title"] = (BytesIO(b"not text"), "title.txt")
    response = client.post("/manage/events/new", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_a_file_part_in_the_public_registration_form_is_400(client, make_event, app):
    from io import BytesIO

    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

    event_id = make_event()
    with app.app_context():
        slug = db.session.get(Event, event_id).slug
    response = client.post(f"/events/{slug}/register", content_type="multipart/form-data",
                           data={"name": (BytesIO(b"\x00evil"), "n.txt"),
                                 "email": "ana@example.org", "mode": "online"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Registration)) is None


def test_copying_an_event_stored_in_year_9999_is_refused_with_a_message(
        client, organizer, make_event, app):
    from roundtable.events.models import Event

    when = datetime(9999, 6, 1, 16, tzinfo=UTC)
    event_id = make_event(organizer_ids=[organizer], starts_at=when,
                          ends_at=when + timedelta(hours=2))
    response = client.post(f"/manage/events/{event_id}/copy", follow_redirects=True)
    assert response.status_code == 200
    assert "outside the years events may use" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Event.id))) == 1
