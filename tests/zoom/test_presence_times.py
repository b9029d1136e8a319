"""Times in Zoom's webhooks and API answers: unreadable ones are None, never an exception."""

from datetime import UTC, datetime

import pytest

from roundtable.zoom.presence import parse_time


@pytest.mark.parametrize(("value", "read"), [
    ("2030-11-21T23:00:00Z", datetime(2030, 11, 21, 23, 0, tzinfo=UTC)),
    ("", None), (None, None), ("yesterday", None),
    ("0001-01-01T00:00:00+05:00", None),  # year 0 in UTC: an OverflowError before
    ("9999-12-31T23:00:00-07:00", None),  # year 10000 in UTC
])
def test_a_time_zoom_sends_is_read_or_none(value, read):
    assert parse_time(value) == read
