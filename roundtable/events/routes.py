"""Public event pages and the organizer's event management."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from roundtable.attendance import report
from roundtable.auth.links import pending_invitations
from roundtable.events import bp, jsonld, management, page_cache, series, services
from roundtable.events.access import get_managed_event_or_404
from roundtable.events.forms import CancelForm, EventForm, OrganizerForm, SeriesForm
from roundtable.events.glance import glance
from roundtable.extensions import db, limiter
from roundtable.formatting import local_date
from roundtable.ownership.access import managed_or_404
from roundtable.validation import FieldErrors, save
from roundtable.zoom import services as zoom_services


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """Whether a view exists, so pages can link to features that may not be installed."""
    return name in current_app.view_functions


@bp.route("/")
def index():
    """List upcoming and past public events."""
    upcoming, past = services.upcoming_and_past()
    return render_template("events/index.html", upcoming=upcoming, past=past)


@bp.route("/events/<slug>")
def event_page(slug: str):
    """Show one event: when, where, how to attend, sponsors and agenda."""
    # One statement decides the page; the full event is read only to render it anew.
    seen = glance(slug)
    if seen is None or not seen.is_public:
        abort(404)
    from roundtable.registration.services import availability, closed_reason, everything_full

    reason = closed_reason(seen)
    # Every audience's seats, for the schema.org offers, even when registration is closed.
    seated = availability(seen, seen.counts)
    audiences = [] if reason else seated

    def render() -> str:
        event = services.get_public_event(slug)
        if event is None:
            abort(404)
        return render_template(
            "events/event.html", event=event, registration_closed=reason,
            audiences=audiences, all_full=everything_full(audiences),
            body=page_cache.event_body(event),
            markup=page_cache.event_markup(event, seated, closed=bool(reason)),
        )

    seats = tuple((a.mode, a.capacity, a.confirmed, a.waitlisted) for a in seated)
    return page_cache.whole_page(seen, render, reason, seats, seen.is_past)


@bp.route("/series/<slug>")
def series_page(slug: str):
    """List a series' editions."""
    series = services.get_series_by_slug(slug)
    if series is None:
        abort(404)
    from roundtable.recap.services import summaries_for

    editions = services.public_editions(series)
    markup = jsonld.series_markup(
        series, editions, page_url=page_cache.site_url("events.series_page", slug=series.slug),
        event_url=lambda slug: page_cache.site_url("events.event_page", slug=slug))
    # Organizers also see attendance across the editions they manage.
    managed = (report.series_editions(series, current_user)
               if current_user.is_authenticated else [])
    return render_template(
        "events/series.html", series=series, editions=editions,
        summaries=summaries_for([e.id for e in editions]),
        attendance=managed, attendance_chart=report.series_chart(managed),
        markup=jsonld.script_text(markup),
    )


@bp.route("/manage/")
@login_required
def dashboard():
    """List the signed-in organizer's events with their registration counts."""
    events = services.events_managed_by(current_user)
    counts = management.registration_counts([e.id for e in events])
    return render_template("manage/dashboard.html", events=events, counts=counts)


@bp.route("/manage/events/new", methods=["GET", "POST"])
@login_required
def new_event():
    """Create a draft event."""
    form = EventForm(series=management.series_choices(current_user),
                     zones_used=management.zones_in_use())
    zoom_form = zoom_services.setup_form()
    if form.validate_on_submit() and (zoom_form is None or zoom_form.validate()):
        def create():
            event = management.create_event(
                current_user, zoom_services.event_data(form.event_data(), None, zoom_form),
                confirm_past=form.confirm_past.data)
            zoom_services.apply_setup(event, zoom_form)
            return event

        saved = save(create, form, zoom_form) if zoom_form else save(create, form)
        if saved:
            flash(_("Event created as a draft. Add sponsors and the agenda, then publish."),
                  "success")
            return redirect(url_for("events.manage_event", event_id=saved.value.id))
    return render_template("manage/event_form.html", form=form, event=None, zoom_form=zoom_form)


@bp.route("/manage/events/<int:event_id>")
@login_required
def manage_event(event_id: int):
    """Show an event's status, counts and actions."""
    event = get_managed_event_or_404(event_id)
    counts = management.registration_counts([event.id])[event.id]
    return render_template(
        "manage/event.html", event=event, counts=counts,
        problems=management.publication_problems(event),
        zoom=zoom_services.meeting_status(event),
    )


@bp.route("/manage/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int):
    """Edit an event's details."""
    event = get_managed_event_or_404(event_id)
    # Submitted values win over the stored ones the form is filled from.
    form = EventForm.for_event(event, management.series_choices(current_user, event),
                               management.zones_in_use())
    zoom_form = zoom_services.setup_form(event, form)
    if form.validate_on_submit() and (zoom_form is None or zoom_form.validate()):
        def update():
            data = zoom_services.event_data(form.event_data(), event, zoom_form)
            zoom_services.release(event, data, zoom_form)
            moved = management.update_event(event, data, current_user)
            zoom_services.apply_setup(event, zoom_form)
            return moved

        saved = save(update, form, zoom_form) if zoom_form else save(update, form)
        if saved:
            # Only what really happens: a draft's confirmed registrants are told too, the
            # waitlisted are not, and with nobody to tell it is just saved.
            emailed = saved.value.emailed
            flash(ngettext("Saved. The time or place changed: %(num)d confirmed registrant is "
                           "emailed an updated invitation.",
                           "Saved. The time or place changed: %(num)d confirmed registrants are "
                           "emailed an updated invitation.", emailed)
                  if emailed else _("Saved."), "success")
            return redirect(url_for("events.edit_event", event_id=event.id))
    return render_template("manage/event_form.html", form=form, event=event, zoom_form=zoom_form)


@bp.route("/manage/events/<int:event_id>/preview")
@login_required
def preview_event(event_id: int):
    """Show the public page of an event, even a draft, to its organizers."""
    event = get_managed_event_or_404(event_id)
    # Drafts are previewed as they are now: rendered afresh, never cached.
    return render_template("events/event.html", event=event, preview=True,
                           body=page_cache.render_body(event))


@bp.route("/manage/events/<int:event_id>/publish", methods=["POST"])
@login_required
def publish_event(event_id: int):
    """Publish (or reinstate) the event."""
    event = get_managed_event_or_404(event_id)
    try:
        management.publish(event, confirm_past=request.form.get("confirm_past") == "1")
        db.session.flush()
    except management.PastEventNeedsConfirmation:
        return render_template("manage/confirm_past.html", event=event)
    except FieldErrors as exc:
        db.session.rollback()
        for message in exc.errors.values():
            flash(_("Not published yet: %(message)s", message=message), "error")
        return redirect(url_for("events.edit_event", event_id=event.id))
    db.session.commit()
    flash(_("Published: the event is on the public site."), "success")
    return redirect(url_for("events.manage_event", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/unpublish", methods=["POST"])
@login_required
def unpublish_event(event_id: int):
    """Take the event back to draft."""
    event = get_managed_event_or_404(event_id)
    management.unpublish(event)
    db.session.commit()
    flash(_("Unpublished: the event is a draft again and hidden from the public."), "success")
    return redirect(url_for("events.manage_event", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_event(event_id: int):
    """Cancel the event with a reason shown publicly."""
    event = get_managed_event_or_404(event_id)
    form = CancelForm()
    zoom_form = zoom_services.delete_form(event)
    if form.validate_on_submit():
        def cancel():
            management.cancel(event, form.reason.data, form.reason_es.data)
            zoom_services.apply_delete(event, zoom_form)

        if save(cancel, form):
            flash(_("The event is cancelled and marked so on its public page."), "success")
            return redirect(url_for("events.manage_event", event_id=event.id))
    return render_template("manage/cancel.html", event=event, form=form, zoom_form=zoom_form)


@bp.route("/manage/events/<int:event_id>/copy", methods=["POST"])
@login_required
def copy_event(event_id: int):
    """Create the next edition as a draft, a year later."""
    event = get_managed_event_or_404(event_id)
    try:
        copy = management.copy_as_next_edition(event, current_user)
        db.session.flush()
    except FieldErrors as exc:
        db.session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
        return redirect(url_for("events.manage_event", event_id=event.id))
    db.session.commit()
    flash(_("Next edition created as a draft on %(date)s, the same weekday a year on, with "
            "sponsors, agenda and both languages' texts. Check the dates and titles and add the "
            "new Zoom meeting.", date=local_date(copy.starts_at, copy.timezone)),
          "success")
    return redirect(url_for("events.edit_event", event_id=copy.id))


@bp.route("/manage/events/<int:event_id>/organizers", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])  # it may email an invitation
def organizers(event_id: int):
    """List the event's organizers and add one by email."""
    event = get_managed_event_or_404(event_id)
    form = OrganizerForm()
    if form.validate_on_submit():
        saved = save(lambda: management.add_organizer(event, form.email.data, current_user), form)
        if saved:
            added = saved.value
            if isinstance(added, str):
                flash(_("%(added)s has no account yet: we have emailed an invitation. They will "
                        "organize this event once they accept it.", added=added), "success")
            else:
                flash(_("%(name)s now organizes this event.", name=added.name), "success")
            return redirect(url_for("events.organizers", event_id=event.id))
    invitations = pending_invitations(event.id)
    return render_template("manage/organizers.html", event=event, form=form,
                           invitations=invitations)


@bp.route("/manage/events/<int:event_id>/organizers/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_organizer(event_id: int, user_id: int):
    """Remove a co-organizer, never the last."""
    event = get_managed_event_or_404(event_id)
    try:
        user = management.remove_organizer(event, user_id)
    except FieldErrors as exc:
        flash(exc.errors["organizers"], "error")
        return redirect(url_for("events.organizers", event_id=event.id))
    if user is None:
        abort(404)
    db.session.commit()
    flash(_("%(name)s no longer organizes this event.", name=user.name), "success")
    if not event.is_organized_by(current_user):
        return redirect(url_for("events.dashboard"))
    return redirect(url_for("events.organizers", event_id=event.id))


@bp.route("/manage/series/<int:series_id>/edit", methods=["GET", "POST"])
@login_required
def edit_series(series_id: int):
    """Rename or describe a series, in English and Spanish (its managers only)."""
    record = managed_or_404(db.session.get(series.EventSeries, series_id))
    form = SeriesForm(obj=record)
    if form.validate_on_submit():
        if save(lambda: series.save_series(record, form.series_data()), form):
            flash(_("Series “%(name)s” saved.", name=record.name), "success")
            return redirect(url_for("events.series_page", slug=record.slug))
    return render_template("manage/series_form.html", form=form, series=record)
