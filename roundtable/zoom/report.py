"""The final attendance from Zoom: the participant report, fed to the CSV's own import.

``GET /report/{meetings|webinars}/{id}/participants`` (every page, with
``include_fields=registrant_id``) gives one row per session; they become the
same ZoomReport rows a CSV upload gives, so matching, hand decisions, the
union of overlapping sessions and the attendance report are the import's. A
registrant id Roundtable registered matches its registration exactly, before
email and name.
"""

from __future__ import annotations

from sqlalchemy import func, select

from roundtable.attendance.services import import_report
from roundtable.attendance.zoom import ZoomReport, ZoomRow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.zoom.client import ZoomClient, ZoomError, ZoomUnavailable
from roundtable.zoom.models import ZoomMeeting, ZoomRegistrant
from roundtable.zoom.presence import parse_time


def meeting_of(event: Event) -> tuple[str, str] | None:
    """(kind, Zoom id) of the event's meeting, created by us or pasted."""
    meeting = event.zoom_meeting
    if meeting is not None and meeting.zoom_id:
        return meeting.kind, meeting.zoom_id
    digits = "".join(c for c in (event.zoom_meeting_id or "") if c.isdigit())
    return ("meeting", digits) if digits else None


def event_for_meeting(zoom_id) -> Event | None:
    """The event whose meeting this is: created by us, else pasted with this id."""
    digits = "".join(c for c in str(zoom_id or "") if c.isdigit())
    if not digits:
        return None
    found = db.session.scalar(select(ZoomMeeting).where(ZoomMeeting.zoom_id == digits))
    if found is not None:
        return found.event
    return db.session.scalar(select(Event).where(
        func.replace(Event.zoom_meeting_id, " ", "") == digits).order_by(Event.id.desc())
        .limit(1))


def rows_from(participants: list[dict], registrations: dict[str, int]) -> list[ZoomRow]:
    rows = []
    for line, p in enumerate(participants, start=1):
        joined, left = parse_time(p.get("join_time")), parse_time(p.get("leave_time"))
        if joined is None or left is None or left < joined:
            continue
        if p.get("status") == "in_waiting_room":
            continue
        name = str(p.get("name") or p.get("user_email") or "?")[:200]
        rows.append(ZoomRow(
            line, name, None, (p.get("user_email") or "").casefold() or None, joined, left,
            max(0, round(int(p.get("duration") or 0) / 60)), None,
            registration_id=registrations.get(p.get("registrant_id") or "")))
    return rows


def fetch(client: ZoomClient, event: Event, window: tuple | None = None) -> None:
    """Import the report; ``window``: the meeting's start and end, when a webhook told us."""
    which = meeting_of(event)
    if which is None:
        return
    kind, zoom_id = which
    participants = client.participants_report(kind, zoom_id)
    known = dict(db.session.execute(
        select(ZoomRegistrant.registrant_id, ZoomRegistrant.registration_id).join(Registration)
        .where(Registration.event_id == event.id, ZoomRegistrant.registrant_id.is_not(None))
    ).all())
    rows = rows_from(participants, known)
    window = window or _meeting_times(client, kind, zoom_id) or _window(rows)
    import_report(event, ZoomReport(event.zoom_meeting_id, event.title, rows, *window))
    db.session.commit()


def _meeting_times(client: ZoomClient, kind: str, zoom_id: str) -> tuple | None:
    """When the meeting actually started and ended (``GET /past_meetings/{id}``)."""
    if kind != "meeting":
        return None
    try:
        past = client.call("GET", f"/past_meetings/{zoom_id}", category="light") or {}
    except ZoomError as exc:
        if isinstance(exc, ZoomUnavailable):
            raise
        return None
    start, end = parse_time(past.get("start_time")), parse_time(past.get("end_time"))
    return (start, end) if start and end and start < end else None


def _window(rows: list[ZoomRow]):
    """Without the meeting's own times: its first join to its last leave."""
    if not rows:
        return None, None
    return min(r.joined_at for r in rows), max(r.left_at for r in rows)
