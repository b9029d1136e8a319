"""Dates in the past are deliberate; past events are marked as past everywhere."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import event_form, field_error, get, sign_in

PAST = {"starts_at": "2020-11-21T16:00", "ends_at": "2020-11-21T17:30",
        "registration_closes_at": ""}


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


def test_creating_a_past_event_asks_for_confirmation(app, client, organizer):
    html = client.post("/manage/events/new", data=event_form(**PAST)).get_data(as_text=True)
    assert "record of a past event" in field_error(html, "confirm_past")
    with app.app_context():
        assert db.session.scalar(select(Event.id)) is None
    response = client.post("/manage/events/new", data=event_form(**PAST, confirm_past="y"))
    assert response.status_code == 302


def test_publishing_a_past_event_asks_for_confirmation(app, client, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer], status="draft",
                          starts_in=-timedelta(days=30))
    html = client.post(f"/manage/events/{event_id}/publish").get_data(as_text=True)
    assert "Publish as a record of a past event?" in html
    with app.app_context():
        assert get(Event, event_id).status == "draft"
    client.post(f"/manage/events/{event_id}/publish", data={"confirm_past": "1"})
    with app.app_context():
        assert get(Event, event_id).status == "published"


def test_past_events_are_marked_and_closed(client, organizer, make_event):
    event_id = make_event(organizer_ids=[organizer], slug="old-one",
                          starts_in=-timedelta(days=30))
    make_event(organizer_ids=[organizer], slug="next-one")
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert dashboard.count("badge-past") == 1
    page = client.get("/events/old-one").get_data(as_text=True)
    assert "This event took place on" in page and "/register" not in page
    assert "This event took place on" not in client.get("/events/next-one").get_data(
        as_text=True)
    assert "badge-past" in client.get("/").get_data(as_text=True)
    overview = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert "Calendar sequence" not in overview and "badge-past" in overview


def test_dashboard_shows_each_link_once(client, organizer):
    html = client.get("/manage/").get_data(as_text=True)
    assert html.count('href="/manage/organizations"') == 1
    assert html.count('href="/manage/people"') == 1
