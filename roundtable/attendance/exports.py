"""Per-person attendance as CSV and .xlsx, through the registration export helpers."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roundtable import labels
from roundtable.attendance import report
from roundtable.attendance.models import OnlineAttendee, OnlineStatus
from roundtable.events.models import Event
from roundtable.registration.exports import local, table_csv, table_xlsx
from roundtable.zone_names import zone_heading

ONLINE_LABELS = {
    OnlineStatus.MATCHED: _l("Registrant"),
    OnlineStatus.UNREGISTERED: _l("Came without registering"),
    OnlineStatus.UNMATCHED: _l("Not matched yet"),
}


def columns(timezone: str) -> list[str]:
    """The header row; time columns name their zone as readers do ('Arizona time')."""
    timezone = zone_heading(timezone)
    return [
        _("Name"), _("Email"), _("Affiliation"), _("Registered for"), _("Status"), _("Walk-in"),
        _("Attended"), _("Checked in at (%(zone)s)", zone=timezone), _("Name on Zoom"),
        _("Zoom minutes"), _("First joined Zoom at (%(zone)s)", zone=timezone),
        _("Last left Zoom at (%(zone)s)", zone=timezone), _("Zoom participant"), _("Reception"),
    ]


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _zoom(a: OnlineAttendee | None, tz) -> list:
    if a is None:
        return ["", None, None, None, ""]
    return [a.name, a.minutes, local(a.first_join_at, tz), local(a.last_leave_at, tz),
            str(ONLINE_LABELS.get(a.status, ""))]


def rows(event: Event) -> list[list]:
    """Every live registration, then every Zoom participant with no registration."""
    regs = report.registrations(event)
    online = report.counted_online(event)
    came = report.attended_ids(regs, online)
    by_registration = {a.registration_id: a for a in online if a.registration_id}
    tz = event.tz
    out = [
        [r.name, r.email or "", r.affiliation or "", labels.mode_label(r.mode),
         labels.status_label(r.status), _yes_no(r.is_walk_in),
         _yes_no(r.id in came), local(r.checked_in_at, tz),
         *_zoom(by_registration.get(r.id), tz), labels.reception_label(r.attends_reception)]
        for r in regs
    ]
    for a in sorted(online, key=lambda a: a.name.casefold()):
        if a.registration_id is None:
            out.append([a.original_name or a.name, a.email or "", "", "", _("Not registered"),
                        _("No"), _("Yes") if a.status == OnlineStatus.UNREGISTERED
                        else _("Unknown"),
                        None, *_zoom(a, tz), ""])
    return out


def attendance_csv(event: Event) -> str:
    return table_csv(columns(event.timezone), rows(event))


def attendance_xlsx(event: Event) -> bytes:
    return table_xlsx(columns(event.timezone), rows(event), _("Attendance"))
