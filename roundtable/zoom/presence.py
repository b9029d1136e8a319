"""Who is on the Zoom meeting now, from the participant_joined / participant_left webhooks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.zoom.models import ZoomPresence, ZoomRegistrant


def parse_time(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):  # near year 1 or 9999, UTC leaves datetime's range
        return None


def _key(participant: dict) -> str:
    for name in ("participant_user_id", "user_id", "id", "participant_uuid", "user_name"):
        if participant.get(name):
            return f"{name}:{participant[name]}"[:200]
    return "unknown"


def joined(event_id: int, participant: dict) -> None:
    at = parse_time(participant.get("join_time")) or datetime.now(UTC)
    key = _key(participant)
    exists = db.session.scalar(select(ZoomPresence.id).where(
        ZoomPresence.event_id == event_id, ZoomPresence.participant_key == key,
        ZoomPresence.joined_at == at))
    if exists is None:
        db.session.add(ZoomPresence(
            event_id=event_id, participant_key=key,
            name=str(participant.get("user_name") or "?")[:200],
            email=(participant.get("email") or None) and str(participant["email"])[:254],
            registrant_id=(participant.get("registrant_id") or None), joined_at=at))


def left(event_id: int, participant: dict) -> None:
    at = parse_time(participant.get("leave_time")) or datetime.now(UTC)
    session = db.session.scalar(
        select(ZoomPresence).where(ZoomPresence.event_id == event_id,
                                   ZoomPresence.participant_key == _key(participant),
                                   ZoomPresence.left_at.is_(None),
                                   ZoomPresence.joined_at <= at)
        .order_by(ZoomPresence.joined_at.desc()).limit(1))
    if session is not None:
        session.left_at = at


def ended(event_id: int, at: datetime | None) -> None:
    """The meeting is over: nobody is on it any more."""
    at = at or datetime.now(UTC)
    for session in db.session.scalars(select(ZoomPresence).where(
            ZoomPresence.event_id == event_id, ZoomPresence.left_at.is_(None))):
        session.left_at = max(at, session.joined_at)


def live(event) -> dict:
    """Who is on now (one entry per person however many devices), registered or not."""
    rows = db.session.execute(
        select(ZoomPresence.participant_key, ZoomPresence.name, ZoomPresence.email,
               ZoomPresence.registrant_id, func.min(ZoomPresence.joined_at))
        .where(ZoomPresence.event_id == event.id, ZoomPresence.left_at.is_(None))
        .group_by(ZoomPresence.participant_key, ZoomPresence.name, ZoomPresence.email,
                  ZoomPresence.registrant_id)).all()
    registered = set(db.session.scalars(
        select(ZoomRegistrant.registrant_id).join(Registration)
        .where(Registration.event_id == event.id, ZoomRegistrant.registrant_id.is_not(None))))
    emails = set(db.session.scalars(select(Registration.email).where(
        Registration.event_id == event.id, Registration.status != "cancelled",
        Registration.email.is_not(None))))
    people = {}
    for key, name, email, registrant_id, since in rows:
        who = (email or "").casefold() or registrant_id or key
        people.setdefault(who, {
            "name": name, "since": since.astimezone(UTC).isoformat(),
            "registered": bool(registrant_id in registered or (email or "").casefold() in emails),
        })
    listed = sorted(people.values(), key=lambda p: p["name"].casefold())
    return {"count": len(listed), "people": listed}
