"""The door's pages: the list, check in, undo, admit, walk-ins and a scanned QR code.

Every action answers JSON to the door page's script (Accept: application/json)
and a page otherwise. A change the rules ask about first (before the event's day,
over capacity) answers the question; the action is sent again with ``anyway=1``.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.i18n import current as current_language
from roundtable.registration import bp, door, services
from roundtable.registration import checkin as checkin_codes
from roundtable.registration.forms import WalkInForm
from roundtable.registration.models import Registration


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = services.get_registration_of_event(event.id, registration_id)
    if registration is None:
        abort(404)
    return registration


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _anyway() -> bool:
    return request.form.get("anyway") == "1"


@bp.route("/manage/events/<int:event_id>/checkin")
@login_required
def checkin(event_id: int):
    """The door: the room's people, a search over everyone, one tap to act."""
    event = get_managed_event_or_404(event_id)
    query = request.args.get("q", "")[:200]
    code = _scanned_code(query)
    if code:
        # A hardware scanner types the QR's URL (or code) and Enter into the search.
        return redirect(url_for("registration.scan", code=code))
    return render_template(
        "registration/checkin.html",
        event=event,
        entries=door.entries(event, query, everyone=True),
        others=door.others_count(event),
        counter=door.counter(event),
        query=query,
        action_form=FlaskForm(),
    )


def _scanned_code(text: str) -> str | None:
    """The code of a scanned door QR (its URL or the bare code), if ``text`` is one."""
    text = text.strip()
    candidate = text.rsplit("/checkin/scan/", 1)[-1] if "/checkin/scan/" in text else text
    if " " in candidate or "." not in candidate:
        return None
    return candidate if checkin_codes.registration_id_from_code(candidate) else None


def _answer(event, registration, ok: bool, message: str, question: str = ""):
    """JSON for the door's script, else a page: the question, or back to the list."""
    if _wants_json():
        counter = door.counter(event)
        entry = next((e for e in door.entries(event, everyone=True)
                      if e.registration.id == registration.id), None)
        return {"ok": ok, "message": message, "confirm": question,
                "entry": entry.as_json() if entry else None,
                "counter": counter.as_json(),
                # Kept for older pages: the two figures of the counter.
                "checked_in": registration.checked_in_at is not None,
                "arrived": counter.arrived, "expected": counter.expected,
                }, (200 if ok else 409)
    if question:
        return render_template("registration/confirm_action.html", event=event,
                               question=question, action=request.path,
                               query=request.form.get("q", ""),
                               back=url_for("registration.checkin", event_id=event.id,
                                            q=request.form.get("q", "")))
    flash(message, "success" if ok else "error")
    return redirect(url_for("registration.checkin", event_id=event.id,
                            q=request.form.get("q", "")))


def _door_action(event_id: int, registration_id: int, change, done: str):
    """Validate the form, apply ``change(registration, anyway)``, answer."""
    event = get_managed_event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    if not FlaskForm().validate_on_submit():
        return _answer(event, registration, False,
                       _("The form expired; please try again."))
    try:
        message = change(registration, _anyway()) or done
        db.session.commit()
    except services.NeedsConfirmation as exc:
        db.session.rollback()
        return _answer(event, registration, False, str(exc), question=str(exc))
    except services.RegistrationError as exc:
        db.session.rollback()
        return _answer(event, registration, False, str(exc))
    return _answer(event, registration, True, message)


@bp.route("/manage/events/<int:event_id>/checkin/<int:registration_id>", methods=["POST"])
@login_required
def check_in(event_id: int, registration_id: int):
    """Mark someone as arrived (asked first before the event's day)."""
    def change(registration, anyway):
        services.check_in(registration, anyway=anyway)
        return _("%(name)s checked in.", name=registration.name)
    return _door_action(event_id, registration_id, change, "")


@bp.route("/manage/events/<int:event_id>/checkin/<int:registration_id>/undo", methods=["POST"])
@login_required
def undo_check_in(event_id: int, registration_id: int):
    """Undo an arrival recorded by mistake."""
    def change(registration, anyway):
        services.undo_check_in(registration)
        return _("%(name)s: check-in undone.", name=registration.name)
    return _door_action(event_id, registration_id, change, "")


@bp.route("/manage/events/<int:event_id>/checkin/<int:registration_id>/admit", methods=["POST"])
@login_required
def admit(event_id: int, registration_id: int):
    """Let in someone waitlisted, registered online or cancelled: in person, checked in."""
    def change(registration, anyway):
        admission = services.admit(registration, anyway=anyway)
        message = _("%(name)s is admitted: in person, confirmed and checked in.",
                    name=registration.name)
        if admission.over_capacity:
            message += " " + door.admission_words(registration.event,
                                                  admission.over_capacity, 0)[0] + "."
        return message
    return _door_action(event_id, registration_id, change, "")


@bp.route("/manage/events/<int:event_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(event_id: int):
    """Register and check in someone who arrived without registering.

    The email is optional. With one, a live registration of that address is shown
    (admit it instead); without, registrations with a similar name are shown first
    and the walk-in is added only when the volunteer says it is someone else.
    """
    event = get_managed_event_or_404(event_id)
    form = WalkInForm()
    existing, likely, question = [], [], ""
    if form.validate_on_submit():
        try:
            registration = services.add_walk_in(
                event, name=form.name.data, email=form.email.data,
                affiliation=form.affiliation.data,
                # The door page's language is the one the person spoke at the door.
                language=current_language(), anyway=form.anyway.data == "1",
            )
            db.session.commit()
        except services.AlreadyRegistered as exc:
            db.session.rollback()
            existing = door.entries(event, exc.registration.email)
            form.email.errors.append(str(exc))
        except services.LikelyDuplicate as exc:
            db.session.rollback()
            likely = door.entries_of(event, exc.registrations)
            question = str(exc)
        except services.RegistrationError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
        else:
            counter = door.counter(event)
            if registration.email:
                done = _("%(name)s is registered and checked in.", name=registration.name)
            else:
                done = _("%(name)s is registered and checked in, without an email: "
                         "they will get no messages.", name=registration.name)
            flash(done, "success")
            for warning in counter.warnings:
                flash(warning, "warning")
            return redirect(url_for("registration.checkin", event_id=event.id))
    return render_template("registration/walk_in.html", event=event, form=form,
                           existing=existing, likely=likely, question=question,
                           action_form=FlaskForm())


@bp.route("/manage/events/<int:event_id>/walk-in/similar")
@login_required
def walk_in_similar(event_id: int):
    """JSON for the door's script: registrations with a name like ``?name=`` (rapidfuzz).

    Asked before a walk-in without an email is queued, while the network is there;
    offline the script compares names on the device instead.
    """
    event = get_managed_event_or_404(event_id)
    name = request.args.get("name", "")[:200].strip()
    likely = services.similar_registrations(event.id, name) if name else []
    return {"people": [{"id": e.registration.id, "name": e.registration.name,
                        "status": e.status} for e in door.entries_of(event, likely)]}


@bp.route("/checkin/scan/<code>")
@login_required
def scan(code: str):
    """A scanned door QR code: the person, their status and the one button that matters."""
    registration_id = checkin_codes.registration_id_from_code(code)
    registration = db.session.get(Registration, registration_id) if registration_id else None
    if registration is None or not registration.event.is_organized_by(current_user):
        abort(404)
    event = registration.event
    entry = next(e for e in door.entries(event, everyone=True)
                 if e.registration.id == registration.id)
    return render_template("registration/scan.html", registration=registration,
                           event=event, entry=entry, action_form=FlaskForm())
