"""Rules for creating and running events: validation, status, sequence, copies."""

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from roundtable import labels
from roundtable.agenda.models import AgendaItem, AgendaRole
from roundtable.auth.links import invite
from roundtable.auth.models import User
from roundtable.auth.services import find_user_by_email
from roundtable.db_types import utcnow
from roundtable.events import times
from roundtable.events.models import Event, EventFormat, EventSeries, EventStatus
from roundtable.events.rules import (
    FIRST_YEAR,
    LAST_YEAR,
    PAST_START,
    publication_problems,
    starts_in_past,
    time_problems,
)
from roundtable.extensions import db
from roundtable.mail.zoom_guard import mentions_meeting
from roundtable.orgs.models import EventSponsor
from roundtable.registration import format_change
from roundtable.registration.models import Registration
from roundtable.signals import announce_event
from roundtable.uniqueness import slug_taken, unique_slug
from roundtable.validation import FieldErrors

# Changing any of these changes the calendar entry, so iCalendar SEQUENCE must rise.
TIME_FIELDS = ("starts_at", "ends_at", "timezone")
PLACE_FIELDS = ("format", "venue_name", "venue_address", "venue_room", "zoom_join_url")
PLAIN_FIELDS = (
    "title", "edition", "summary", "description", "zoom_meeting_id", "zoom_passcode",
    "title_es", "summary_es", "description_es", "venue_name_es", "venue_room_es",
    "reminder_note", "reminder_note_es",
    "capacity_in_person", "capacity_online", "registration_opens_at", "registration_closes_at",
)
CONTACT_FIELDS = ("contact_name", "contact_email")
# Public text never holds the Zoom meeting: checked at every flush (roundtable/public_text.py).


def series_choices(user: User, event: Event | None = None) -> list[EventSeries]:
    """The series ``user`` may put an event in (those they manage), plus the event's own."""
    query = select(EventSeries).order_by(EventSeries.name)
    if not user.is_admin:
        mine = EventSeries.managers.any(User.id == user.id)
        query = query.where(mine | (EventSeries.id == event.series_id) if event else mine)
    return list(db.session.scalars(query))


def zones_in_use() -> list[str]:
    """Return the time zones events use, most used first, to offer them first."""
    count = func.count(Event.id)
    rows = db.session.execute(
        select(Event.timezone).group_by(Event.timezone).order_by(count.desc(), Event.timezone)
    )
    return [zone for (zone,) in rows]


def _series_problem(data: dict, event: Event | None, user: User) -> str | None:
    """Only a series' managers may add events to it; an event may stay where it is."""
    series_id = data.get("series_id")
    if not series_id or data.get("new_series_name") or (event and event.series_id == series_id):
        return None
    series = db.session.get(EventSeries, series_id)
    if series is None:
        return _("Choose a series from the list.")
    if not series.is_managed_by(user):
        return _("Only the managers of “%(name)s” can add events to it.", name=series.name)
    return None


def _check(data: dict, event: Event | None, user: User) -> None:
    errors = time_problems(data["starts_at"], data["ends_at"],
                           data.get("registration_opens_at"), data.get("registration_closes_at"))
    if data.get("slug") and slug_taken(Event, data["slug"], event.id if event else None):
        errors["slug"] = _("Another event already uses “%(slug)s”; choose another.",
                           slug=data['slug'])
    if data.get("format") not in tuple(EventFormat):
        errors["format"] = _("Choose in person, online or hybrid.")
    if problem := _series_problem(data, event, user):
        errors["series_id"] = problem
    if event is not None and event.is_published:
        errors.update(publication_problems(data))
    if errors:
        raise FieldErrors(errors)


def _series_for(data: dict, user: User) -> EventSeries | None:
    if data.get("new_series_name"):
        name = data["new_series_name"]
        series = EventSeries(name=name, slug=unique_slug(EventSeries, name, fallback="series"),
                             managers=[user])
        db.session.add(series)
        return series
    return db.session.get(EventSeries, data["series_id"]) if data.get("series_id") else None


def _set_contact(event: Event, data: dict, default: User | None) -> None:
    """Set the event's contact; left blank, it is ``default`` (the creating organizer)."""
    email = data.get("contact_email")
    if email:
        event.contact_email = email
        event.contact_name = data.get("contact_name") or None
    elif default is not None:
        event.contact_email = default.email
        event.contact_name = data.get("contact_name") or default.name
    elif data.get("contact_name"):
        event.contact_name = data["contact_name"]


class PastEventNeedsConfirmation(ValueError):
    """Publishing an event that has started must be confirmed as deliberate."""


def create_event(organizer: User, data: dict, *, confirm_past: bool = False) -> Event:
    """Create a draft event organized by ``organizer``; raise FieldErrors on bad input.

    An event starting in the past is refused unless ``confirm_past``: a typo in the
    year should not quietly create a record of a past event.
    """
    _check(data, None, organizer)
    if starts_in_past(data["starts_at"], utcnow()) and not confirm_past:
        raise FieldErrors({"confirm_past": PAST_START})
    event = Event(
        slug=data.get("slug") or unique_slug(Event, data["title"], fallback="event"),
        series=_series_for(data, organizer),
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        timezone=data["timezone"],
        status=EventStatus.DRAFT,
        sequence=0,
        organizers=[organizer],
        **{name: data.get(name) for name in PLACE_FIELDS + PLAIN_FIELDS},
    )
    _set_contact(event, data, organizer)
    db.session.add(event)
    db.session.flush()
    announce_event(event, "created")
    return event


def _check_capacity(event: Event, data: dict) -> None:
    """Refuse a capacity below the people already confirmed in that mode."""
    from roundtable.registration.services import confirmed_count

    problems = {}
    for field, mode in (("capacity_in_person", "in_person"), ("capacity_online", "online")):
        new = data.get(field)
        if new is not None and new != getattr(event, field):
            confirmed = confirmed_count(event.id, mode)
            if new < confirmed:
                problems[field] = ngettext(
                    "%(num)d person is already confirmed %(mode)s; the capacity cannot be "
                    "lower than that.",
                    "%(num)d people are already confirmed %(mode)s; the capacity cannot be "
                    "lower than that.", confirmed, mode=labels.mode_phrase(mode))
    if problems:
        raise FieldErrors(problems)


def _shift_agenda(event: Event, shift) -> None:
    """Move every agenda item with the event, so the programme keeps its shape."""
    for item in event.agenda_items:
        item.starts_at += shift
        item.ends_at += shift


def _stranded_registrants(event: Event, data: dict) -> list:
    """Registrants of a mode the new format drops; the organizer must say what happens to them."""
    stranded = format_change.stranded(event, data.get("format"))
    if stranded and data.get("dropped_registrations") not in format_change.CHOICES:
        new_format = labels.format_label(data["format"]).lower()
        raise FieldErrors({"dropped_registrations": _(
            "%(who)s, which a %(format)s event does not offer. "
            "Choose whether to move them or to cancel their registrations; "
            "each person gets an email either way.",
            who=format_change.describe(stranded), format=new_format)})
    return stranded


class EventUpdate(NamedTuple):
    """What saving an event's details did: whether its time or place changed
    (``moved``), and how many registrants were emailed an updated invitation."""

    moved: bool
    emailed: int


def update_event(event: Event, data: dict, user: User) -> EventUpdate:
    """Apply edited details; bump the sequence if time or place changed; say what it did.

    ``emailed`` counts the change notices queued (mail/notices.notify_event_changed):
    confirmed registrants with an email to whom the change matters, draft or not, but
    not the waitlisted, nor those just moved or cancelled (they get their own notice),
    nor anyone once the event is cancelled.

    Locks the event row first, like registration does, so a capacity change and
    the promotions it allows cannot race with people registering. ``user`` is who
    edits (series membership is theirs to grant or not). A format that drops a
    way of attending with live registrants needs ``dropped_registrations`` in
    ``data``: "move" or "cancel" (registration/format_change.py).
    """
    from roundtable.registration.services import lock_event, promote_waitlisted

    event = lock_event(event.id)
    _check(data, event, user)
    _check_capacity(event, data)
    stranded = _stranded_registrants(event, data)
    changed = [n for n in TIME_FIELDS + PLACE_FIELDS if getattr(event, n) != data.get(n)]
    moved = bool(changed)
    shift = data["starts_at"] - event.starts_at if data.get("starts_at") else None
    _remember_what_changed(event, data)
    for name in TIME_FIELDS + PLACE_FIELDS + PLAIN_FIELDS:
        setattr(event, name, data.get(name))
    if shift:
        _shift_agenda(event, shift)
    if any(name in data for name in CONTACT_FIELDS):
        _set_contact(event, data, event.organizers[0] if event.organizers else None)
    if data.get("slug"):
        event.slug = data["slug"]
    if data.get("new_series_name") or data.get("series_id") != event.series_id:
        event.series = _series_for(data, user)
    if moved:
        event.sequence += 1
    db.session.flush()
    if stranded:
        format_change.resolve(event, stranded, data["dropped_registrations"])
    # Those just moved or cancelled (``told``) have had their own notice.
    emailed = announce_event(
        event, "updated", [n for n in TIME_FIELDS + PLACE_FIELDS + PLAIN_FIELDS
                           if n in changed or n in data],
        moved=changed, told={r.id for r in stranded})
    # More seats (or none limited any more) go to the waitlist, first come first served.
    promote_waitlisted(event)
    return EventUpdate(moved, emailed)


def _remember_what_changed(event: Event, data: dict) -> None:
    """Keep a public event's former start and in-person format when they change.

    Search engines are told "rescheduled" (with the previous start) or "moved online"
    (events/jsonld.py); a draft has no public audience, so its edits are not history.
    """
    if not event.is_public:
        return
    new_start, new_format = data.get("starts_at"), data.get("format")
    if new_start and new_start != event.starts_at:
        event.previous_starts_at = None if new_start == event.previous_starts_at \
            else event.starts_at
    if new_format and new_format != event.format:
        went_online = new_format == EventFormat.ONLINE and event.format != EventFormat.ONLINE
        if went_online:
            event.previous_format = event.format
        elif new_format != EventFormat.ONLINE:
            event.previous_format = None


def _set_status(event: Event, status: str, reason: str | None = None,
                reason_es: str | None = None) -> None:
    event.status = status
    event.cancellation_reason = reason
    event.cancellation_reason_es = reason_es
    event.sequence += 1
    db.session.flush()


def publish(event: Event, *, confirm_past: bool = False) -> None:
    """Publish a draft, or reinstate a cancelled event; raise FieldErrors if incomplete.

    Raise PastEventNeedsConfirmation for an event that has started, unless ``confirm_past``.
    """
    if event.is_published:
        return
    problems = publication_problems(event)
    if problems:
        raise FieldErrors(problems)
    if starts_in_past(event.starts_at, utcnow()) and not confirm_past:
        raise PastEventNeedsConfirmation(event.title)
    reinstated = event.is_cancelled
    _set_status(event, EventStatus.PUBLISHED)
    announce_event(event, "reinstated" if reinstated else "published")


def unpublish(event: Event) -> None:
    """Take a published event back to draft."""
    if event.is_published:
        _set_status(event, EventStatus.DRAFT)
        announce_event(event, "unpublished")


def cancel(event: Event, reason: str, reason_es: str | None = None) -> None:
    """Cancel the event; it stays public, marked cancelled, with the reason; tell registrants.

    ``reason_es`` is the reason for Spanish readers (else they read ``reason``). Both
    are public and go to everyone: FieldErrors if either names the Zoom meeting.
    """
    reason_es = (reason_es or "").strip() or None
    errors = {}
    for name, text in (("reason", reason), ("reason_es", reason_es)):
        if found := mentions_meeting(event, text):
            errors[name] = _("Everyone sees the reason, so it must not contain %(what)s.",
                             what=_(" and ").join(found))
    if errors:
        raise FieldErrors(errors)
    was_cancelled = event.is_cancelled
    _set_status(event, EventStatus.CANCELLED, reason, reason_es)
    if not was_cancelled:
        announce_event(event, "cancelled", reason=reason)


def _next_edition_title(event: Event) -> str:
    if event.edition:
        label, nxt = _ordinal(event.edition), _ordinal(event.edition + 1)
        if f"{label} " in event.title:
            return event.title.replace(f"{label} ", f"{nxt} ", 1)
    return event.title


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _moved(instant: datetime | None, tz: str, days: timedelta) -> datetime | None:
    """``instant`` moved by whole ``days`` at the same wall-clock time in ``tz``."""
    if instant is None:
        return None
    local = times.to_local(instant, tz) + days
    try:
        return times.to_utc(local, tz)
    except times.NonexistentTime:
        # The hour clocks skip that day: an hour later exists.
        return times.to_utc(local + timedelta(hours=1), tz)


def _next_edition_es(event: Event) -> str | None:
    """The Spanish title with its edition ordinal (3.ª, 3.º, 3a, 3er) moved on by one."""
    title = event.title_es
    if not title or not event.edition:
        return title
    n, nxt = event.edition, event.edition + 1
    pattern = re.compile(rf"(?<!\d){n}(\.?[ªºao]|er|ro|ra)(?![\wª])")

    def bump(match: re.Match) -> str:
        suffix = match.group(1)
        # 1er/3er/1ro/3ro are spelled for those numbers only; 4.º is the general form.
        return f"{nxt}{suffix}" if suffix not in ("er", "ro", "ra") else (
            f"{nxt}.ª" if suffix == "ra" else f"{nxt}.º")
    return pattern.sub(bump, title, count=1)


# What belongs to one edition only: a new draft is not cancelled.
NOT_COPIED = frozenset({"cancellation_reason_es"})


def _language_fields(model) -> list[str]:
    """Every other-language column of ``model`` (``*_es``), so a copy carries them all."""
    return [c.key for c in model.__mapper__.column_attrs
            if c.key.endswith("_es") and c.key not in NOT_COPIED]


def copy_as_next_edition(event: Event, organizer: User) -> Event:
    """Create a draft of the next edition a year later, with sponsors and agenda.

    Registrations are not copied, nor the Zoom meeting: next year's is a new one.
    Raises FieldErrors when a year later falls outside the years events may use.
    """
    tz = event.timezone
    if not FIRST_YEAR <= event.starts_at.year + 1 <= LAST_YEAR:
        raise FieldErrors({"starts_at": _(
            "A year later is outside the years events may use (%(first)s–%(last)s); "
            "create the next edition as a new event.", first=FIRST_YEAR, last=LAST_YEAR)})
    # The same weekday of the same week a year on: an annual Thursday stays a Thursday.
    days = times.days_to_next_edition(times.to_local(event.starts_at, tz))
    starts = _moved(event.starts_at, tz, days)
    title = _next_edition_title(event)
    # The copy stays in the series only if the copier may add events to it.
    series = event.series if event.series and event.series.is_managed_by(organizer) else None
    copy = Event(
        series=series,
        edition=event.edition + 1 if event.edition else None,
        title=title,
        slug=unique_slug(Event, f"{title} {times.to_local(starts, tz).year}", fallback="event"),
        summary=event.summary,
        description=event.description,
        **{key: getattr(event, key) for key in _language_fields(Event)},
        format=event.format,
        starts_at=starts,
        ends_at=_moved(event.ends_at, tz, days),
        timezone=tz,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        venue_room=event.venue_room,
        capacity_in_person=event.capacity_in_person,
        capacity_online=event.capacity_online,
        registration_opens_at=_moved(event.registration_opens_at, tz, days),
        registration_closes_at=_moved(event.registration_closes_at, tz, days),
        status=EventStatus.DRAFT,
        sequence=0,
        organizers=list({u.id: u for u in [*event.organizers, organizer]}.values()),
        contact_name=event.contact_name,
        contact_email=event.contact_email,
        reminder_note=event.reminder_note,
    )
    copy.title_es = _next_edition_es(event)
    for sponsor in event.sponsors:
        copy.sponsors.append(EventSponsor(
            organization=sponsor.organization, role=sponsor.role, sort_order=sponsor.sort_order
        ))
    for item in event.agenda_items:
        new_item = AgendaItem(
            kind=item.kind, title=item.title, description=item.description,
            **{key: getattr(item, key) for key in _language_fields(AgendaItem)},
            location=item.location, in_person_only=item.in_person_only,
            sort_order=item.sort_order,
            starts_at=_moved(item.starts_at, tz, days), ends_at=_moved(item.ends_at, tz, days),
        )
        for role in item.roles:
            new_item.roles.append(
                AgendaRole(person=role.person, role=role.role, sort_order=role.sort_order)
            )
        copy.agenda_items.append(new_item)
    db.session.add(copy)
    db.session.flush()
    return copy


def add_organizer(event: Event, email: str, inviter: User) -> User | str:
    """Make the account with this email a co-organizer, or invite the address to join.

    Returns the user added, or the invited address: accepting the invitation creates
    the account and grants this event.
    """
    user = find_user_by_email(email)
    if user is None:
        return invite(inviter, email, event=event)
    if any(u.id == user.id for u in event.organizers):
        raise FieldErrors({"email": _("%(name)s already organizes this event.", name=user.name)})
    event.organizers.append(user)
    db.session.flush()
    return user


def remove_organizer(event: Event, user_id: int) -> User | None:
    """Remove a co-organizer; never the last one. Return who was removed."""
    user = next((u for u in event.organizers if u.id == user_id), None)
    if user is None:
        return None
    if len(event.organizers) == 1:
        raise FieldErrors({"organizers": _("An event needs at least one organizer.")})
    event.organizers.remove(user)
    db.session.flush()
    return user


def registration_counts(event_ids) -> dict[int, dict[str, int]]:
    """Count confirmed registrants per mode, walk-ins and waitlisted, per event, in one query.

    The one definition every organizer page uses (the dashboard, the event's overview,
    the attendance report): "in_person"/"online" are confirmed registrants who signed up
    beforehand; walk-ins added at the door are counted apart (they take a seat too).
    """
    counts = {eid: {"in_person": 0, "online": 0, "walk_ins": 0, "waitlisted": 0}
              for eid in event_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Registration.event_id, Registration.mode, Registration.status,
               Registration.is_walk_in, func.count())
        .where(Registration.event_id.in_(counts))
        .where(Registration.status.in_(("confirmed", "waitlisted")))
        .group_by(Registration.event_id, Registration.mode, Registration.status,
                  Registration.is_walk_in)
    )
    for event_id, mode, status, walk_in, n in rows:
        key = "waitlisted" if status == "waitlisted" else "walk_ins" if walk_in else mode
        counts[event_id][key] = counts[event_id].get(key, 0) + n
    return counts
    rows = db.session.execute(
        select(Registration.event_id, Registration.mode, Registration.status, func.count())
        .where(Registration.event_id.in_(counts))
        .where(Registration.status.in_(("confirmed", "waitlisted")))
        .group_by(Registration.event_id, Registration.mode, Registration.status)
    )
    for event_id, mode, status, n in rows:
        key = "waitlisted" if status == "waitlisted" else mode
        counts[event_id][key] = counts[event_id].get(key, 0) + n
    return counts
