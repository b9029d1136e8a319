"""What the organizer's pages ask of Zoom: the setup beside the event form, deletion on
cancelling, what the event page shows about the meeting. Rules only; routes stay thin."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.validation import FieldErrors
from roundtable.zoom import meetings
from roundtable.zoom.client import configured
from roundtable.zoom.forms import DeleteMeetingForm, ZoomSetupForm
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.models import ZoomRegistrant, ZoomTask

ZOOM_FIELDS = ("zoom_join_url", "zoom_meeting_id", "zoom_passcode")


def setup_form(event=None, event_form=None) -> ZoomSetupForm | None:
    """The Zoom choices for the event form; None without Zoom credentials (paste a link).

    For a managed meeting the event form's link fields start blank: they are for the
    organizer's own link, should they switch to it."""
    if not configured(current_app.config):
        return None
    meeting = managed_meeting(event) if event is not None else None
    if meeting is None:
        return ZoomSetupForm(prefix="zoom")
    # Managed: keep it (also when the form does not say), or switch to a pasted link or none.
    form = ZoomSetupForm(prefix="zoom", setup="create")
    form.setup.choices = ZoomSetupForm.MANAGED_CHOICES
    if request.method == "GET":
        form.kind.data = meeting.kind
        for name in ZOOM_FIELDS if event_form is not None else ():
            getattr(event_form, name).data = None
        form.host_email.data = None if meeting.host_email == "me" else meeting.host_email
    return form


def replacing(event, form: ZoomSetupForm | None) -> bool:
    """Whether the organizer gives up the meeting Roundtable created (own link, or none)."""
    return (event is not None and form is not None and managed_meeting(event) is not None
            and form.setup.data in ("link", "none"))


def event_data(data: dict, event, form: ZoomSetupForm | None) -> dict:
    """The event's data as submitted, the meeting's own id, passcode and link kept when
    Roundtable manages them (the worker may have stored them while the form was open).

    Switching away from a managed meeting: the pasted link, id and passcode as typed
    (checked like any pasted link), or none at all."""
    if replacing(event, form):
        if form.setup.data == "none":
            data = {**data, **dict.fromkeys(ZOOM_FIELDS)}
        elif not data.get("zoom_join_url"):
            raise FieldErrors({"zoom_join_url": _(
                "Paste the join link of your own Zoom meeting, or keep the meeting "
                "Roundtable created.")})
    elif event is not None and managed_meeting(event) is not None:
        data = {**data, **{name: getattr(event, name) for name in ZOOM_FIELDS}}
    elif form is not None and form.setup.data == "create":
        data = {**data, **dict.fromkeys(ZOOM_FIELDS)}
    return data


def release(event, data: dict, form: ZoomSetupForm | None) -> None:
    """Before the event's new details are saved (and its change notices written): give up
    the managed meeting if the organizer chose their own link or none, so every message
    from then on carries the pasted link and no personal one."""
    if not replacing(event, form):
        return
    if form.setup.data == "none" and data.get("format") in ("online", "hybrid"):
        raise FieldErrors({"setup": _(
            "An online or hybrid event needs a Zoom meeting: keep the meeting Roundtable "
            "created, or use your own link.")})
    meetings.replace(event)


def apply_setup(event, form: ZoomSetupForm | None) -> None:
    """After the event is saved, in its transaction: ask for the meeting if chosen."""
    if form is None:
        return
    if form.setup.data != "create":
        return
    meeting = getattr(event, "zoom_meeting", None)
    if meeting is not None and meeting.state == "replaced":
        raise FieldErrors({"setup": _(
            "The meeting Roundtable created before is still being deleted on Zoom; "
            "try again in a minute.")})
    if managed_meeting(event) is not None and not event.offers_online:
        raise FieldErrors({"setup": _(
            "An in-person event has no Zoom meeting: choose “No Zoom meeting” to have "
            "the meeting Roundtable created deleted on Zoom.")})
    if not event.offers_online:
        raise FieldErrors({"setup": _("An in-person event has no Zoom meeting; choose "
                                           "online or hybrid first.")})
    if managed_meeting(event) is None:
        meetings.plan(event, form.kind.data or "meeting", form.host_email.data or "me")


def delete_form(event) -> DeleteMeetingForm | None:
    if not configured(current_app.config) or managed_meeting(event) is None:
        return None
    return DeleteMeetingForm(prefix="zoom")


def apply_delete(event, form: DeleteMeetingForm | None) -> None:
    if form is not None and form.delete.data:
        meetings.plan_deletion(event)


@dataclass
class MeetingStatus:
    """What the organizer's event page says about the Zoom meeting."""

    meeting: object
    registered: int
    refused: int
    pending: int


def meeting_status(event) -> MeetingStatus | None:
    meeting = getattr(event, "zoom_meeting", None)
    if meeting is None:
        return None
    counts = dict(db.session.execute(
        select(ZoomRegistrant.state, func.count()).join(Registration)
        .where(Registration.event_id == event.id).group_by(ZoomRegistrant.state)).all())
    pending = db.session.scalar(select(func.count()).select_from(ZoomTask).where(
        ZoomTask.event_id == event.id, ZoomTask.status == "pending")) or 0
    return MeetingStatus(meeting, counts.get("registered", 0), counts.get("refused", 0),
                         pending)
