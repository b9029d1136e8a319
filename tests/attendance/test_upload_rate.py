"""Uploads are limited per organizer, wherever they come from (issue 21, item 4)."""

import pytest

from tests.attendance.conftest import upload


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}


def test_an_organizer_may_upload_30_reports_an_hour(client, roundtable):
    event_id = roundtable["event_id"]
    bad = b"not,a,report\n"
    answers = [upload(client, event_id, bad).status_code for _ in range(30)]
    assert 429 not in answers
    assert upload(client, event_id, bad).status_code == 429
