"""The Zoom meeting (or webinar) of an event: asked for, created, kept up to date, deleted.

An organizer's choice only records the wish (``plan``) and queues the work; the
worker creates the meeting with registration required and approved
automatically, a waiting room, and Zoom's own emails off (Roundtable writes
them), then copies its id, passcode and join URL onto the event, where the
pasted-link code paths already keep them secret.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.services import lock_event
from roundtable.zoom.client import ZoomClient
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.models import ZoomMeeting
from roundtable.zoom.queue import enqueue

log = logging.getLogger("roundtable.zoom")

ZOOM_TYPE = {"meeting": 2, "webinar": 5}  # scheduled meeting, webinar


def plan(event: Event, kind: str, host_email: str) -> ZoomMeeting:
    """Ask for a Zoom meeting for the event (or change its host); the worker creates it."""
    meeting = event.zoom_meeting
    if meeting is None or not meeting.is_live:
        if meeting is not None:
            db.session.delete(meeting)
            db.session.flush()
        meeting = ZoomMeeting(event=event, kind=kind, host_email=host_email, state="creating")
        db.session.add(meeting)
    meeting.host_email = host_email
    db.session.flush()
    enqueue("meeting", event_id=event.id)
    return meeting


def plan_deletion(event: Event) -> None:
    if managed_meeting(event) is not None:
        enqueue("delete_meeting", event_id=event.id)


def replace(event: Event) -> None:
    """The organizer uses their own link (or none) instead of the meeting we created.

    Called in the transaction that saves the event's new link: from then on the
    meeting is not managed (``managed_meeting`` is None), so personal links are no
    longer served and no registrant or meeting work is done for it; the worker
    deletes it on Zoom (a queued task, retried like any other) and leaves the
    event's pasted link alone.
    """
    meeting = managed_meeting(event)
    if meeting is None:
        return
    meeting.state, meeting.last_error, meeting.start_url = "replaced", None, None
    enqueue("delete_meeting", event_id=event.id)


def body(event: Event, kind: str) -> dict:
    """What Zoom is told about the event (UTC start, whole minutes, plain agenda)."""
    agenda = " ".join(filter(None, (event.summary, event.description)))
    settings = {"approval_type": 0, "registration_type": 1,
                "registrants_confirmation_email": False,
                "registrants_email_notification": False}
    if kind == "meeting":
        settings.update(waiting_room=True, join_before_host=False)
    return {
        "topic": event.title[:200],
        "type": ZOOM_TYPE[kind],
        "start_time": event.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": max(1, round((event.ends_at - event.starts_at).total_seconds() / 60)),
        "timezone": event.timezone,
        "agenda": agenda[:2000],
        "settings": settings,
    }


def sync(client: ZoomClient, event: Event, *, retrying: bool) -> None:
    meeting = managed_meeting(event)
    if meeting is None:
        return
    wanted = body(event, meeting.kind)
    if meeting.zoom_id is None:
        answer = (_find_created(client, meeting, wanted) if retrying else None) or \
            client.create_meeting(meeting.host_email, meeting.kind, wanted)
        # Both held until the commit below, in the order an organizer's save takes them
        # (the meeting's row, then the event's): one switching to their own link meanwhile
        # waits, then replaces what we store, instead of having it stored over.
        db.session.refresh(meeting, with_for_update=True)
        lock_event(event.id)
        if not meeting.is_live:  # replaced by a pasted link while Zoom was creating it
            meeting.zoom_id = str(answer["id"])
            enqueue("delete_meeting", event_id=event.id)
            db.session.commit()
            return
        _adopt(event, meeting, answer)
        db.session.commit()
        # People who registered while it was being created.
        enqueue("registrants", event_id=event.id)
        db.session.commit()
        log.info("zoom: %s created for event %s", meeting.kind, event.id)
        return
    client.update_meeting(meeting.kind, meeting.zoom_id, wanted)


def _find_created(client, meeting, wanted) -> dict | None:
    """After a lost answer: the meeting we created then, by topic and start, if Zoom has it."""
    listing = client.call("GET", f"/users/{meeting.host_email}/{meeting.kind}s",
                          params={"type": "upcoming", "page_size": 300}, category="medium")
    for item in (listing or {}).get(f"{meeting.kind}s", []):
        if item.get("topic") == wanted["topic"] and \
                item.get("start_time") == wanted["start_time"]:
            return client.get_meeting(meeting.kind, str(item["id"]))
    return None


def _adopt(event: Event, meeting: ZoomMeeting, answer: dict) -> None:
    meeting.zoom_id = str(answer["id"])
    meeting.start_url = answer.get("start_url")
    meeting.state, meeting.last_error = "active", None
    digits = meeting.zoom_id
    event.zoom_meeting_id = " ".join((digits[:3], digits[3:7], digits[7:])).strip()
    event.zoom_passcode = answer.get("password") or None
    event.zoom_join_url = answer.get("join_url")


def delete(client: ZoomClient, event: Event) -> None:
    meeting = event.zoom_meeting
    if meeting is None or meeting.state == "deleted":
        return
    if meeting.zoom_id is not None:
        try:
            client.delete_meeting(meeting.kind, meeting.zoom_id)
        except Exception as exc:
            if not getattr(exc, "not_found", False):
                raise
    gone(event)
    db.session.commit()


def gone(event: Event) -> None:
    """The meeting no longer exists on Zoom (deleted here or there)."""
    meeting = event.zoom_meeting
    replaced = meeting.state in ("replaced", "deleted")
    meeting.state = "deleted"
    meeting.start_url = None
    if not replaced:
        # Nobody should be sent a link to a meeting that is gone; a link the organizer
        # pasted instead of it is theirs and stays.
        event.zoom_join_url = event.zoom_passcode = None


def failed(event_id: int, error: str) -> None:
    meeting = db.session.scalar(select(ZoomMeeting).where(ZoomMeeting.event_id == event_id))
    if meeting is not None and meeting.state == "creating":
        meeting.state, meeting.last_error = "failed", error[:500]


def changed_on_zoom(client: ZoomClient, event: Event) -> None:
    """Someone changed the meeting in Zoom: keep its link and passcode, tell the organizer
    what no longer agrees with the event (Roundtable's next save sends the event's again)."""
    meeting = event.zoom_meeting
    answer = client.get_meeting(meeting.kind, meeting.zoom_id)
    if answer.get("join_url"):
        event.zoom_join_url = answer["join_url"]
    if "password" in answer:
        event.zoom_passcode = answer.get("password") or None
    ours = body(event, meeting.kind)
    differs = [name for name in ("topic", "start_time", "duration")
               if name in answer and answer[name] != ours[name]]
    meeting.last_error = ("changed on Zoom: " + ", ".join(differs))[:500] if differs else None
