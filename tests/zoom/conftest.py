"""A fake Zoom server per test, and the app pointed at it."""

import pytest

from tests.zoomfake import FakeZoom


@pytest.fixture
def fake_zoom():
    fake = FakeZoom().start()
    yield fake
    fake.stop()


@pytest.fixture
def app_config(app_config, fake_zoom):
    return {**app_config, **fake_zoom.env(), "ZOOM_WEBHOOK_SECRET_TOKEN": "whsec-FAKE",
            "ZOOM_BACKOFF": 0.01, "ZOOM_TIMEOUT": 2.0}


@pytest.fixture
def zoom_event(app, make_event, fake_zoom):
    """A published online event whose Zoom meeting Roundtable created; returns its id."""
    from roundtable.events.models import Event
    from roundtable.extensions import db
    from roundtable.zoom import meetings
    from roundtable.zoom.worker import sync_due
    from tests.zoomfake import HOST_EMAIL

    def factory(**values):
        values = {"format": "online", "zoom_join_url": None, "zoom_meeting_id": None,
                  "zoom_passcode": None, "slug": "rt", "title": "3rd Annual Roundtable",
                  **values}
        event_id = make_event(**values)
        with app.app_context():
            meetings.plan(db.session.get(Event, event_id), "meeting", HOST_EMAIL)
            db.session.commit()
            assert sync_due().done >= 1
            while sync_due().claimed:  # the follow-up check of registrants
                pass
        return event_id

    return factory


@pytest.fixture
def sync(app):
    """Run the Zoom worker once in the test process (the end-to-end test runs it as a process)."""
    from roundtable.zoom.worker import sync_due

    def run(**kwargs):
        with app.app_context():
            return sync_due(**kwargs)

    return run


@pytest.fixture
def register(client):
    def post(name, email, mode="online", slug="rt"):
        response = client.post(f"/events/{slug}/register",
                               data={"name": name, "email": email, "mode": mode})
        assert response.status_code in (200, 302), response.status_code
        return response

    return post
