"""Minutes present are the union of a person's sessions, clipped to the meeting (issue 23, 9)."""

from datetime import UTC, datetime, timedelta

from roundtable.attendance.intervals import merged, present_minutes
from tests.attendance.conftest import upload
from tests.attendance.test_zoom_import import _people

T0 = datetime(2024, 11, 21, 23, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_laptop_and_phone_at_once_count_once():
    laptop, phone = (at(0), at(90)), (at(30), at(60))
    assert present_minutes([laptop, phone]) == 90
    assert present_minutes([phone, laptop]) == 90


def test_separate_sessions_add_and_touching_ones_join():
    assert present_minutes([(at(0), at(30)), (at(40), at(50))]) == 40
    assert merged([(at(0), at(30)), (at(30), at(50))]) == [(at(0), at(50))]


def test_clipped_to_the_meeting():
    meeting = (at(0), at(90))
    # Joined 10 minutes before the meeting started, stayed 5 after it ended.
    assert present_minutes([(at(-10), at(95))], meeting) == 90
    # Entirely before the meeting: nothing.
    assert present_minutes([(at(-30), at(-5))], meeting) == 0


def test_a_started_minute_counts_as_zoom_counts_it():
    assert present_minutes([(at(0), at(30) + timedelta(seconds=17))]) == 31
    assert present_minutes([]) == 0


REPORT = """Meeting ID,Topic,Start Time,End Time,Duration (Minutes),Participants
855 1234 5678,Roundtable,11/21/2024 04:00:00 PM,11/21/2024 05:30:00 PM,90,2

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Raúl Benítez Manaut,raul.benitez@unam.mx,11/21/2024 04:00:00 PM,11/21/2024 05:30:00 PM,90,Yes
Raúl Benítez Manaut,raul.benitez@unam.mx,11/21/2024 04:30:00 PM,11/21/2024 05:00:00 PM,30,Yes
María José Ortiz,mjortiz@example.mx,11/21/2024 03:45:00 PM,11/21/2024 04:20:00 PM,35,Yes
"""


def test_imported_report_counts_overlaps_once_and_clips(app, client, roundtable):
    assert upload(client, roundtable["event_id"], REPORT.encode()).status_code == 302
    people = _people(app, roundtable["event_id"])
    # 120 minutes of sessions, 90 of presence; 35 in the meeting but 15 before it started.
    assert people["Raúl Benítez Manaut"][3] == 90
    assert people["María José Ortiz"][3] == 20
