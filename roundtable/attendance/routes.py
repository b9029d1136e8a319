"""The organizer's attendance page: Zoom report upload, matching, report, exports."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from roundtable import downloads
from roundtable.attendance import bp, charts, exports, followup, report, services, zoom
from roundtable.attendance.forms import DecisionForm, ZoomUploadForm
from roundtable.attendance.models import STATUS_LABELS, OnlineStatus
from roundtable.db_types import utcnow
from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db, limiter
from roundtable.registration.manage_routes import XLSX_MIMETYPE
from roundtable.security import accepts_files
from roundtable.validation import FieldErrors

# Suggested registrations per group in a participant's list on the page; the
# participant's own page searches every registration.
CHOICES_PER_GROUP = 15


def _view() -> dict:
    """The participants table's filter, order and page from the query string, as given
    (services.participants_page falls back on the defaults), for links to keep them."""
    view = {key: request.args[key] for key in ("status", "sort") if request.args.get(key)}
    page = request.args.get("page", type=int)
    if page and page > 1:
        view["page"] = page
    return view


def _page(event, upload_form, status=200):
    regs = report.registrations(event)
    online = report.counted_online(event)
    data = report.build(event, regs, online)
    view = _view()
    table = services.participants_page(event, view.get("status", "all"),
                                       view.get("sort", "joined"), view.get("page", 1))
    decision_form = DecisionForm()
    waiting = [a for a in table.attendees if a.status == OnlineStatus.UNMATCHED]
    # The report's live registrations by name are the ones a participant may be matched to.
    suggest = services.Suggester(regs, services.matched_registration_ids(event),
                                 limit=CHOICES_PER_GROUP)
    return render_template(
        "attendance/report.html", event=event, report=data, upload_form=upload_form,
        decision_form=decision_form, table=table, view=view,
        suggestions={a.id: suggest(a) for a in waiting},
        sort_labels=SORT_LABELS, filter_labels=_filter_labels(),
        modes_chart=charts.modes_chart(data), arrivals_chart=charts.arrivals_chart(data),
        drafts=followup.DRAFTS, statuses=OnlineStatus, now_utc=utcnow(),
        counts={"thanks": len(followup.attended(event, regs, online)),
                "no_show": len(followup.no_shows(event, regs, online))},
    ), status


SORT_LABELS = {"joined": _l("First joined"), "name": _l("Name"),
               "minutes": _l("Most minutes")}


def _filter_labels() -> dict:
    return {"all": _("Everyone"), **{key: str(label) for key, label in STATUS_LABELS.items()}}


def _back(event, view: dict | None = None) -> str:
    """The attendance page's participants, in the filter, order and page they were in."""
    return url_for("attendance.attendance", event_id=event.id,
                   **(_view() if view is None else view)) + "#participants"


@bp.route("/manage/events/<int:event_id>/attendance")
@login_required
def attendance(event_id: int):
    """The report, the Zoom upload and the participants to match."""
    event = get_managed_event_or_404(event_id)
    return _page(event, ZoomUploadForm())


def _organizer_key() -> str:
    """Uploads are counted per organizer, wherever they upload from."""
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


@bp.route("/manage/events/<int:event_id>/attendance/zoom", methods=["POST"])
@accepts_files("report")
@login_required
@limiter.limit("30 per hour", key_func=_organizer_key)
def upload_zoom(event_id: int):
    """Import a Zoom participant report; a bad file stores nothing and says which line."""
    event = get_managed_event_or_404(event_id)
    form = ZoomUploadForm()
    if not form.validate_on_submit():
        return _page(event, form)
    data = form.report.data.stream.read(zoom.MAX_BYTES + 1)
    if len(data) > zoom.MAX_BYTES:
        form.report.errors.append(_("The file is larger than %(size)s KB; a Zoom participant "
                                    "report is much smaller.", size=zoom.MAX_BYTES // 1024))
        return _page(event, form)
    try:
        parsed = zoom.parse(data, event.timezone)
    except zoom.ZoomFileError as exc:
        form.report.errors.append(str(exc))
        return _page(event, form)
    warning = services.meeting_mismatch(event, parsed)
    if warning and not form.other_meeting.data:
        form.other_meeting.errors.append(
            warning + " " + _("Nothing was imported. Check the file, or tick this box to "
                              "import it."))
        return _page(event, form)
    try:
        result = services.import_report(event, parsed)
        db.session.commit()
    except IntegrityError:
        # Another organizer imported at the same moment; their rows are in, ours are not.
        db.session.rollback()
        flash(_("Someone else imported a report at the same moment; upload it again."), "error")
        return redirect(url_for("attendance.attendance", event_id=event.id))
    flash(ngettext("Imported %(num)d Zoom participant", "Imported %(num)d Zoom participants",
                   result.people) + " "
          + ngettext("(%(num)d new join):", "(%(num)d new joins):", result.new_joins) + " "
          + _("%(matched)s matched to registrations, %(unmatched)s to match by hand.",
              matched=result.matched, unmatched=result.unmatched),
          "success")
    return redirect(url_for("attendance.attendance", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/attendance/zoom/clear", methods=["POST"])
@login_required
def clear_zoom(event_id: int):
    """Forget the imported Zoom reports, hand matches included, to import the right file."""
    event = get_managed_event_or_404(event_id)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("attendance.attendance", event_id=event.id))
    removed = services.clear_reports(event)
    db.session.commit()
    flash(ngettext("Removed %(num)d Zoom participant; import the right report now.",
                   "Removed %(num)d Zoom participants; import the right report now.", removed),
          "success")
    return redirect(url_for("attendance.attendance", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/attendance/online/<int:attendee_id>",
          methods=["POST"])
@login_required
def decide(event_id: int, attendee_id: int):
    """Match a Zoom participant by hand, keep them as unregistered, ignore, or undo."""
    event = get_managed_event_or_404(event_id)
    attendee = services.get_attendee(event, attendee_id)
    form = DecisionForm()
    if attendee is None:
        flash(_("That participant is not in this event's Zoom report."), "error")
        return redirect(_back(event))
    if not form.validate_on_submit():
        flash(_("Choose one of this event's registrations; nothing was changed."), "error")
        return redirect(_back(event))
    try:
        services.decide(event, attendee, form.decision.data, form.registration_id.data)
    except FieldErrors as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("%(name)s: %(status)s.", name=attendee.name,
                status=attendee.status_label.lower()), "success")
    return redirect(_back(event))


@bp.route("/manage/events/<int:event_id>/attendance/online/<int:attendee_id>")
@login_required
def participant(event_id: int, attendee_id: int):
    """One Zoom participant: search every registration of the event to match them."""
    event = get_managed_event_or_404(event_id)
    attendee = services.get_attendee(event, attendee_id)
    if attendee is None:
        abort(404)
    text = request.args.get("q", "").strip()
    registrations = services.matchable_registrations(event)
    taken = services.matched_registration_ids(event)
    found, total = services.find_registrations(event, text) if text else ([], 0)
    return render_template(
        "attendance/participant.html", event=event, attendee=attendee, text=text,
        found=found, total=total, view=_view(), statuses=OnlineStatus,
        decision_form=DecisionForm(),
        suggestions=services.Suggester(registrations, taken, limit=CHOICES_PER_GROUP)(attendee))


def _download(event, body: bytes, extension: str, mimetype: str) -> Response:
    filename = downloads.export_name(event, "attendance", extension)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": downloads.content_disposition(filename),
        "Cache-Control": "no-store"})


@bp.route("/manage/events/<int:event_id>/attendance.csv")
@login_required
def export_csv(event_id: int):
    """Per-person attendance as CSV (UTF-8 with BOM, local times)."""
    event = get_managed_event_or_404(event_id)
    return _download(event, exports.attendance_csv(event).encode("utf-8"), "csv", "text/csv")


@bp.route("/manage/events/<int:event_id>/attendance.xlsx")
@login_required
def export_xlsx(event_id: int):
    """Per-person attendance as an Excel workbook."""
    event = get_managed_event_or_404(event_id)
    return _download(event, exports.attendance_xlsx(event), "xlsx", XLSX_MIMETYPE)
