"""The Zoom client against the fake server: token shared and renewed, 429, 5xx, timeouts."""

import pytest
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.zoom.client import ZoomBusy, ZoomClient, ZoomError, ZoomUnavailable
from roundtable.zoom.models import ZoomToken
from tests.zoomfake import CLIENT_SECRET, HOST_EMAIL


@pytest.fixture
def waits():
    return []


@pytest.fixture
def zoom(ctx, waits):
    client = ZoomClient.from_app(sleep=waits.append)
    yield client
    client.close()


def test_token_is_fetched_once_and_shared_through_the_database(zoom, fake_zoom, app):
    assert zoom.user()["email"] == HOST_EMAIL
    other = ZoomClient.from_app()  # another worker: reads the stored token
    assert other.user()["email"] == HOST_EMAIL
    other.close()
    assert fake_zoom.token_requests == 1
    assert db.session.scalar(select(func.count()).select_from(ZoomToken)) == 1
    assert CLIENT_SECRET not in repr(db.session.scalars(select(ZoomToken)).all())


def test_expired_token_is_fetched_again_once(zoom, fake_zoom):
    zoom.user()
    fake_zoom.expire_tokens()
    assert zoom.user()["email"] == HOST_EMAIL
    assert fake_zoom.token_requests == 2


def test_a_second_401_is_an_error_not_a_loop(zoom, fake_zoom):
    zoom.user()
    fake_zoom.fail(r"/v2/users/me", 401, code=124, message="Invalid access token.", times=2)
    with pytest.raises(ZoomError) as caught:
        zoom.user()
    assert caught.value.status == 401 and caught.value.code == 124
    assert fake_zoom.token_requests == 2


def test_429_waits_retry_after(zoom, fake_zoom, waits):
    fake_zoom.fail(r"/v2/users/me", 429, headers={"Retry-After": "3"})
    assert zoom.user()["email"] == HOST_EMAIL
    assert 3.0 in waits


def test_429_with_a_long_wait_goes_back_to_the_queue(zoom, fake_zoom):
    fake_zoom.fail(r"/v2/users/me", 429, headers={"Retry-After": "3600"})
    with pytest.raises(ZoomBusy) as caught:
        zoom.user()
    assert caught.value.retry_after == 3600


def test_5xx_is_retried_with_growing_waits(zoom, fake_zoom, waits):
    fake_zoom.fail(r"/v2/users/me", 502, times=3)
    assert zoom.user()["email"] == HOST_EMAIL
    backoffs = [w for w in waits if w in (0.01, 0.02, 0.04)]  # besides the pacing waits
    assert backoffs == [0.01, 0.02, 0.04]


def test_zoom_down_for_good_raises_unavailable(zoom, fake_zoom):
    fake_zoom.fail(r"/v2/users/me", 503, times=10)
    with pytest.raises(ZoomUnavailable):
        zoom.user()


def test_a_timeout_is_retried(app, fake_zoom, ctx):
    app.config["ZOOM_TIMEOUT"] = 0.3
    client = ZoomClient.from_app(sleep=lambda s: None)
    client.user()
    fake_zoom.fail(r"/v2/users/me", 0, stall=1.0)  # no answer within the timeout
    assert client.user()["email"] == HOST_EMAIL
    assert len(fake_zoom.calls("GET", "/v2/users/me")) == 3
    client.close()


def test_zoom_error_codes_reach_the_caller(zoom, fake_zoom):
    meeting = zoom.create_meeting("me", "meeting", {"topic": "Roundtable", "type": 2})
    with pytest.raises(ZoomError) as caught:
        zoom.add_registrant("meeting", str(meeting["id"]),
                            {"email": HOST_EMAIL, "first_name": "Ana"})
    assert caught.value.code == 3027
    fake_zoom.capacity[str(meeting["id"])] = 0
    with pytest.raises(ZoomError) as caught:
        zoom.add_registrant("meeting", str(meeting["id"]),
                            {"email": "raul@unam.mx", "first_name": "Raúl"})
    assert caught.value.code == 3043
    with pytest.raises(ZoomError) as caught:
        zoom.get_meeting("meeting", "999")
    assert caught.value.not_found


def test_lists_follow_next_page_token(zoom, fake_zoom):
    meeting = zoom.create_meeting("me", "meeting", {"topic": "Roundtable", "type": 2})
    fake_zoom.page_size_cap = 7
    for n in range(20):
        zoom.add_registrant("meeting", str(meeting["id"]),
                            {"email": f"p{n}@example.org", "first_name": f"P{n}"})
    people = zoom.registrants("meeting", str(meeting["id"]))
    assert sorted(p["email"] for p in people) == sorted(f"p{n}@example.org" for n in range(20))
    assert len(fake_zoom.calls("GET", r"/registrants$")) == 3


def test_the_fake_refuses_what_zoom_would(zoom, fake_zoom):
    meeting = zoom.create_meeting("me", "meeting", {"topic": "Roundtable", "type": 2})
    with pytest.raises(ZoomError) as caught:
        zoom.add_registrant("meeting", str(meeting["id"]), {"email": "x@example.org"})
    assert caught.value.status == 400  # first_name is required
    with pytest.raises(ZoomError):
        zoom.update_meeting("meeting", str(meeting["id"]), {"title": "not a Zoom field"})


def test_zoom_check_command(runner, fake_zoom):
    result = runner.invoke(args=["roundtable", "zoom", "check"])
    assert result.exit_code == 0, result.output
    assert HOST_EMAIL in result.output
    assert CLIENT_SECRET not in result.output


def test_zoom_check_without_credentials(app):
    app.config["ZOOM_CLIENT_ID"] = ""
    result = app.test_cli_runner().invoke(args=["roundtable", "zoom", "check"])
    assert result.exit_code != 0 and "not configured" in result.output


def test_zoom_check_with_wrong_secret(app, fake_zoom):
    app.config["ZOOM_CLIENT_SECRET"] = "wrong"
    result = app.test_cli_runner().invoke(args=["roundtable", "zoom", "check"])
    assert result.exit_code != 0 and "refused" in result.output
    assert "wrong" not in result.output
