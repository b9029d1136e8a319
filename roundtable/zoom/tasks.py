"""What each kind of queued Zoom task does (called by worker.py, which records outcomes).

Each handler reconciles Zoom with the database as it is now, commits what it
learnt as it goes (so a crash loses at most the answer of one call, which a
retry recovers), and raises ZoomError to have its tasks retried.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.zoom import meetings, presence, registrants, report
from roundtable.zoom.client import ZoomClient, ZoomError
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.models import ZoomTask
from roundtable.zoom.queue import enqueue

log = logging.getLogger("roundtable.zoom")


def do_registrants(client: ZoomClient, tasks: list[ZoomTask]) -> None:
    """Registrant tasks of one event, together: batched 30 at a time."""
    event = db.session.get(Event, tasks[0].event_id)
    if event is None:
        return
    everyone = any(t.kind == "registrants" for t in tasks)
    query = select(Registration).where(Registration.event_id == event.id)
    if not everyone:
        query = query.where(Registration.id.in_({t.registration_id for t in tasks}))
    people = list(db.session.scalars(query.options(selectinload(Registration.zoom))
                                      .order_by(Registration.id)))
    retrying = any(t.attempts > 1 for t in tasks)
    registrants.reconcile(client, event, people, retrying=retrying)


def do_meeting(client: ZoomClient, tasks: list[ZoomTask]) -> None:
    event = db.session.get(Event, tasks[0].event_id)
    if event is not None:
        meetings.sync(client, event, retrying=any(t.attempts > 1 for t in tasks))


def do_delete_meeting(client: ZoomClient, tasks: list[ZoomTask]) -> None:
    event = db.session.get(Event, tasks[0].event_id)
    if event is not None:
        meetings.delete(client, event)


def do_report(client: ZoomClient, tasks: list[ZoomTask]) -> None:
    event = db.session.get(Event, tasks[0].event_id)
    if event is None:
        return
    told = [json.loads(t.payload) for t in tasks if t.payload]
    window = None
    if told:
        start = presence.parse_time(told[0].get("start_time"))
        end = presence.parse_time(told[0].get("end_time"))
        window = (start, end) if start and end and start < end else None
    report.fetch(client, event, window)


def do_webhook(client: ZoomClient, tasks: list[ZoomTask]) -> None:
    """One delivery from Zoom, already verified and recorded by the route."""
    for task in tasks:
        data = json.loads(task.payload or "{}")
        name = str(data.get("event", ""))
        obj = (data.get("payload") or {}).get("object") or {}
        event = report.event_for_meeting(obj.get("id"))
        if event is None:
            continue
        what = name.partition(".")[2]
        participant = obj.get("participant") or {}
        if what == "participant_joined":
            presence.joined(event.id, participant)
        elif what == "participant_left":
            presence.left(event.id, participant)
        elif what == "ended":
            presence.ended(event.id, presence.parse_time(obj.get("end_time")))
            enqueue("report", event_id=event.id, payload={
                "start_time": obj.get("start_time"), "end_time": obj.get("end_time")})
        elif what == "deleted" and event.zoom_meeting is not None:
            meetings.gone(event)
        elif what == "updated" and managed_meeting(event) is not None:
            meetings.changed_on_zoom(client, event)
        db.session.commit()


HANDLERS = {
    "report": do_report,
    "webhook": do_webhook,
    "registrants": do_registrants,
    "meeting": do_meeting,
    "delete_meeting": do_delete_meeting,
}


def given_up(task: ZoomTask, error: ZoomError) -> None:
    """After the last attempt: a registrant falls back to the meeting's own link."""
    if task.kind == "registrant" and task.registration_id is not None:
        registration = db.session.get(Registration, task.registration_id)
        if registration is not None:
            registrants.refuse(registration, str(error), now=datetime.now(UTC))
    elif task.kind == "meeting" and task.event_id is not None:
        meetings.failed(task.event_id, str(error))
