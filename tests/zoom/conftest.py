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
