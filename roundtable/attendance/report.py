"""The attendance report of an event: figures per mode, online minutes, arrivals over time."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from roundtable import labels
from roundtable.agenda.models import AgendaKind
from roundtable.attendance.models import OnlineAttendee, OnlineStatus
from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import AttendanceMode, Registration, RegistrationStatus

BIN_MINUTES = 5
# Arrivals this long before the start or after the end are left out of the chart.
ARRIVAL_MARGIN = timedelta(hours=2)


@dataclass
class ModeFigures:
    """One mode's numbers, as an organizer reports them to co-sponsors."""

    mode: str
    registered: int = 0      # signed up beforehand and did not cancel
    confirmed: int = 0
    attended: int = 0        # registrants who came, plus walk-ins
    no_shows: int = 0        # confirmed registrants who did not come
    walk_ins: int = 0        # in the room: added at the door; online: kept from Zoom
    reception_yes: int = 0   # said they would stay for the reception
    reception_came: int = 0  # of those, came
    # Whether anyone's attendance in this mode was recorded (a check-in, a Zoom report):
    # until then nobody counts as a no-show.
    recorded: bool = False

    @property
    def label(self) -> str:
        return labels.mode_label(self.mode)

    @property
    def no_show_rate(self) -> int | None:
        """Per cent of confirmed registrants who did not come; None with nobody confirmed."""
        if not self.recorded or not self.confirmed:
            return None
        return round(100 * self.no_shows / self.confirmed)


@dataclass
class Report:
    event: Event
    modes: list[ModeFigures]
    online_people: int
    median_minutes: float | None
    keynote_end: datetime | None
    stayed_past_keynote: int | None
    arrivals: list[tuple[datetime, int, int]] = field(default_factory=list)

    @property
    def has_online_data(self) -> bool:
        return self.online_people > 0


def _modes(event: Event) -> list[str]:
    modes = []
    if event.offers_in_person:
        modes.append(AttendanceMode.IN_PERSON)
    if event.offers_online:
        modes.append(AttendanceMode.ONLINE)
    return modes


def registrations(event: Event) -> list[Registration]:
    """The event's live registrations (cancelled ones are no part of attendance)."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.name, Registration.id)))


# What the figures, charts, follow-ups and exports read of a participant: columns, not
# entities, so 14,500 participants cost one light query.
_COUNTED_COLUMNS = (OnlineAttendee.id, OnlineAttendee.registration_id, OnlineAttendee.status,
                    OnlineAttendee.minutes, OnlineAttendee.first_join_at,
                    OnlineAttendee.last_leave_at, OnlineAttendee.name,
                    OnlineAttendee.original_name, OnlineAttendee.email)


def counted_online(event: Event) -> list:
    """Zoom participants who count as attendees: everyone but those the organizer ignored
    (rows with the attributes of ``_COUNTED_COLUMNS``)."""
    return list(db.session.execute(
        select(*_COUNTED_COLUMNS).where(OnlineAttendee.event_id == event.id,
                                        OnlineAttendee.status != OnlineStatus.IGNORED)))


def attended_ids(regs: list[Registration], online: list[OnlineAttendee]) -> set[int]:
    """Registrations that came: checked in at the door, or matched to a Zoom participant."""
    came = {r.id for r in regs if r.checked_in_at is not None}
    return came | {a.registration_id for a in online if a.registration_id is not None}


def recorded_modes(regs: list[Registration], online: list[OnlineAttendee]) -> set[str]:
    """Modes whose attendance was taken: someone checked in, or a Zoom report imported."""
    modes = {AttendanceMode.IN_PERSON} if any(r.checked_in_at for r in regs) else set()
    return modes | ({AttendanceMode.ONLINE} if online else set())


def mode_figures(event: Event, regs: list[Registration],
                 online: list[OnlineAttendee]) -> list[ModeFigures]:
    came = attended_ids(regs, online)
    recorded = recorded_modes(regs, online)
    figures = {mode: ModeFigures(mode, recorded=mode in recorded) for mode in _modes(event)}
    for r in regs:
        f = figures.get(r.mode)
        if f is None:
            continue
        if r.is_walk_in:
            f.walk_ins += 1
            f.attended += r.id in came
            continue
        f.registered += 1
        if r.id in came:
            f.attended += 1
        if r.is_confirmed:
            f.confirmed += 1
            f.no_shows += f.recorded and r.id not in came
            if r.attends_reception and r.mode == AttendanceMode.IN_PERSON:
                f.reception_yes += 1
                f.reception_came += r.id in came
    if AttendanceMode.ONLINE in figures:
        kept = sum(a.status == OnlineStatus.UNREGISTERED for a in online)
        figures[AttendanceMode.ONLINE].walk_ins += kept
        figures[AttendanceMode.ONLINE].attended += kept
    return list(figures.values())


def keynote_end(event: Event) -> datetime | None:
    """When the first keynote ends, if the agenda has one."""
    keynotes = [i for i in event.agenda_items if i.kind == AgendaKind.KEYNOTE]
    return min(keynotes, key=lambda i: i.starts_at).ends_at if keynotes else None


def _bin(instant: datetime, event: Event) -> datetime:
    local = instant.astimezone(event.tz)
    return local.replace(minute=local.minute - local.minute % BIN_MINUTES, second=0,
                         microsecond=0)


def arrivals(event: Event, regs: list[Registration],
             online: list[OnlineAttendee]) -> list[tuple[datetime, int, int]]:
    """(local 5-minute slot, check-ins in the room, first joins online), every slot in range."""
    low, high = event.starts_at - ARRIVAL_MARGIN, event.ends_at + ARRIVAL_MARGIN
    room = Counter(_bin(r.checked_in_at, event) for r in regs
                   if r.checked_in_at and low <= r.checked_in_at <= high)
    zoom = Counter(_bin(a.first_join_at, event) for a in online
                   if low <= a.first_join_at <= high)
    slots = set(room) | set(zoom)
    if not slots:
        return []
    step, slot, last, out = timedelta(minutes=BIN_MINUTES), min(slots), max(slots), []
    while slot <= last:
        out.append((slot, room.get(slot, 0), zoom.get(slot, 0)))
        # Step in UTC, so a slot in a DST change is neither skipped nor repeated.
        slot = (slot.astimezone(UTC) + step).astimezone(event.tz)
    return out


def build(event: Event, regs: list[Registration] | None = None,
          online: list | None = None) -> Report:
    """Everything the attendance page and its charts show, from two queries (none when
    given the event's ``registrations`` and ``counted_online``)."""
    regs = registrations(event) if regs is None else regs
    online = counted_online(event) if online is None else online
    minutes = [a.minutes for a in online]
    end = keynote_end(event)
    return Report(
        event=event,
        modes=mode_figures(event, regs, online),
        online_people=len(online),
        median_minutes=statistics.median(minutes) if minutes else None,
        keynote_end=end,
        stayed_past_keynote=(sum(a.last_leave_at >= end for a in online)
                             if end and online else None),
        arrivals=arrivals(event, regs, online),
    )


@dataclass
class Edition:
    event: Event
    modes: dict[str, ModeFigures]

    @property
    def label(self) -> str:
        return self.event.edition_label or self.event.local_start.strftime("%Y")


def series_editions(series, user) -> list[Edition]:
    """Attendance by mode for each past or current edition of a series the user manages."""
    now = utcnow()
    return [
        Edition(event, {f.mode: f for f in mode_figures(event, registrations(event),
                                                         counted_online(event))})
        for event in series.events
        if event.starts_at <= now and not event.is_cancelled and event.is_organized_by(user)
    ]


def series_chart(editions: list[Edition]):
    """Attended per edition, a bar per mode; None without editions."""
    from roundtable.attendance.charts import bar_chart

    if not editions:
        return None
    modes = [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE]
    values = [[e.modes[m].attended if m in e.modes else 0 for m in modes] for e in editions]
    return bar_chart(_("Attended, by edition"), [e.label for e in editions],
                     [labels.mode_label(m) for m in modes], values, bar=24, gap=40)
