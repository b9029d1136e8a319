"""Per-person attendance as CSV and .xlsx, through the registration export helpers."""

from __future__ import annotations

from roundtable import labels
from roundtable.attendance import report
from roundtable.attendance.models import OnlineAttendee, OnlineStatus
from roundtable.events.models import Event
from roundtable.registration.exports import local, table_csv, table_xlsx

ONLINE_LABELS = {
    OnlineStatus.MATCHED: "Registrant",
    OnlineStatus.UNREGISTERED: "Came without registering",
    OnlineStatus.UNMATCHED: "Not matched yet",
}


def columns(timezone: str) -> list[str]:
    return [
        "Name", "Email", "Affiliation", "Registered for", "Status", "Walk-in", "Attended",
        f"Checked in at ({timezone})", "Name on Zoom", "Zoom minutes",
        f"First joined Zoom at ({timezone})", f"Last left Zoom at ({timezone})",
        "Zoom participant", "Reception",
    ]


def _zoom(a: OnlineAttendee | None, tz) -> list:
    if a is None:
        return ["", None, None, None, ""]
    return [a.name, a.minutes, local(a.first_join_at, tz), local(a.last_leave_at, tz),
            ONLINE_LABELS.get(a.status, "")]


def rows(event: Event) -> list[list]:
    """Every live registration, then every Zoom participant with no registration."""
    regs = report.registrations(event)
    online = report.counted_online(event)
    came = report.attended_ids(regs, online)
    by_registration = {a.registration_id: a for a in online if a.registration_id}
    tz = event.tz
    out = [
        [r.name, r.email, r.affiliation or "", labels.mode_label(r.mode),
         labels.status_label(r.status), "Yes" if r.is_walk_in else "No",
         "Yes" if r.id in came else "No", local(r.checked_in_at, tz),
         *_zoom(by_registration.get(r.id), tz), labels.reception_label(r.attends_reception)]
        for r in regs
    ]
    for a in sorted(online, key=lambda a: a.name.casefold()):
        if a.registration_id is None:
            out.append([a.original_name or a.name, a.email or "", "", "", "Not registered",
                        "No", "Yes" if a.status == OnlineStatus.UNREGISTERED else "Unknown",
                        None, *_zoom(a, tz), ""])
    return out


def attendance_csv(event: Event) -> str:
    return table_csv(columns(event.timezone), rows(event))


def attendance_xlsx(event: Event) -> bytes:
    return table_xlsx(columns(event.timezone), rows(event), "Attendance")
