"""Public registration: sign up, and the private manage page behind a token."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from roundtable import labels
from roundtable.events import page_cache
from roundtable.events.glance import glance
from roundtable.events.services import get_public_event
from roundtable.extensions import db, limiter
from roundtable.i18n import current as current_language
from roundtable.recap.services import registrant_recap
from roundtable.registration import bp, checkin, services
from roundtable.registration.forms import ModeForm, ReceptionForm, RegistrationForm
from roundtable.registration.models import RegistrationStatus
from roundtable.registration.tokens import find_registration
from roundtable.security import private


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit("20 per minute; 200 per hour", methods=["POST"])
def register(slug: str):
    """Register for an event, in person or online."""
    # A rush is all POSTs: decide on the glance (one Core statement, no seat counts:
    # the registration counts under the lock) and read the full event only for a page.
    seen = glance(slug, seats=request.method != "POST")
    if seen is None or not seen.is_public:
        abort(404)
    reason = services.closed_reason(seen)
    if reason:
        return _closed_page(slug, reason)
    modes = services.offered_modes(seen)
    form = RegistrationForm.for_event(seen, modes, page_cache.has_reception(seen))
    if not form.validate_on_submit():
        audiences = services.availability(seen, seen.counts)
        return render_template(
            "registration/register.html", event=_page_event(slug), form=form,
            audiences={a.mode: a for a in audiences},
            all_full=services.everything_full(audiences),
        )
    try:
        result = services.register(
            seen,
            name=form.name.data,
            email=form.email.data,
            affiliation=form.affiliation.data,
            mode=form.mode.data,
            attends_reception=(form.reception.data == "yes") if form.reception.data else None,
            language=current_language(),
        )
        db.session.commit()
    except services.RegistrationError as exc:
        db.session.rollback()
        return _closed_page(slug, str(exc)), 409
    except IntegrityError:
        # The same email registered at the same instant: the other request won.
        db.session.rollback()
        return redirect(url_for("registration.check_email", slug=slug))
    if result.outcome == "existing":
        return redirect(url_for("registration.check_email", slug=slug))
    if result.outcome == "waitlisted":
        # The form's mode, not the committed row's: reading that would query again.
        audience = labels.mode_audience(form.mode.data)
        flash(_("The %(audience)s audience is full: you are on its waitlist. We will email you "
                "if a seat opens up.", audience=audience), "info")
    else:
        flash(_("You are registered. We have emailed you this page's link."), "success")
    return redirect(url_for("registration.manage", token=result.token))


def _page_event(slug: str):
    """The full event, for a page to show; 404 if it is gone."""
    event = get_public_event(slug)
    if event is None:
        abort(404)
    return event


def _closed_page(slug: str, reason: str) -> str:
    return render_template("registration/closed.html", event=_page_event(slug), reason=reason)


@bp.route("/events/<slug>/register/check-email")
def check_email(slug: str):
    """Say an email is on its way, revealing nothing about any registration."""
    event = get_public_event(slug)
    if event is None:
        abort(404)
    return render_template("registration/check_email.html", event=event)


def _registration_or_404(token: str):
    registration = find_registration(token)
    if registration is None:
        abort(404)
    return registration


@bp.route("/registrations/<token>")
@limiter.limit("60 per minute")
def manage(token: str):
    """Show a registration to the person holding its private link."""
    registration = _registration_or_404(token)
    event = registration.event
    open_for_changes = services.closed_reason(event) is None
    scan_url = url_for("registration.scan", code=checkin.checkin_code(registration),
                       _external=True)
    page = render_template(
        "registration/manage.html",
        registration=registration,
        event=event,
        token=token,
        recap=registrant_recap(registration),
        position=services.waitlist_position(registration),
        modes=services.offered_modes(event),
        open_for_changes=open_for_changes,
        # Seats left in the other audience, beside the switch button.
        audiences={a.mode: a for a in services.availability(event)}
        if open_for_changes and not registration.is_cancelled else {},
        mode_form=ModeForm(mode=registration.mode),
        reception_form=ReceptionForm(),
        # Only people coming to the room need a code for the door.
        qr_code=checkin.qr_svg_data_uri(scan_url) if checkin.needs_door_code(registration)
        else None,
    )
    return private(page)


def _change(token: str, form, change, done, invalid: str):
    """Validate a manage-page form, apply ``change``, and come back with a message."""
    registration = _registration_or_404(token)
    if not form.validate_on_submit():
        flash(invalid, "error")
        return redirect(url_for("registration.manage", token=token))
    try:
        change(registration)
        db.session.commit()
        flash(done if isinstance(done, str) else done(registration), "success")
    except services.RegistrationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("registration.manage", token=token))


@bp.route("/registrations/<token>/mode", methods=["POST"])
@limiter.limit("30 per minute")
def change_mode(token: str):
    """Switch between attending in person and online."""
    form = ModeForm()
    return _change(
        token, form,
        lambda r: services.switch_mode(r, form.mode.data),
        lambda r: _("You are now registered %(mode)s.", mode=r.mode_phrase),
        _("Please choose in person or online."),
    )


@bp.route("/registrations/<token>/reception", methods=["POST"])
@limiter.limit("30 per minute")
def change_reception(token: str):
    """Record the reception choice."""
    form = ReceptionForm()
    return _change(
        token, form,
        lambda r: services.set_reception(r, form.reception.data == "yes"),
        _("Your reception choice is saved."),
        _("Please answer yes or no."),
    )


@bp.route("/registrations/<token>/cancel", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def cancel(token: str):
    """Ask for confirmation, then cancel the registration."""
    registration = _registration_or_404(token)
    form = FlaskForm()
    if form.validate_on_submit():
        services.cancel(registration)
        db.session.commit()
        flash(_("Your registration is cancelled. We have emailed you a confirmation."), "success")
        return redirect(url_for("registration.manage", token=token))
    # What cancelling does, truly: a seat goes to someone only if someone is waiting for it.
    waiting = services.count_by_mode_and_status(registration.event_id).get(
        (registration.mode, RegistrationStatus.WAITLISTED), 0)
    page = render_template("registration/cancel.html", registration=registration,
                           event=registration.event, form=form, token=token,
                           waiting=waiting)
    return private(page)


from roundtable.registration import manage_routes  # noqa: E402,F401
