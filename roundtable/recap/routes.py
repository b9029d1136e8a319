"""The organizer's after-the-event page: recording, materials, summary and quotes."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.recap import bp, services
from roundtable.recap.forms import MaterialForm, QuoteForm, RecordingForm, SummaryForm
from roundtable.validation import save


def _forms(event, **submitted) -> dict:
    """The page's four forms: the submitted one as posted, the others from stored values."""
    recording = services.recording_for(event)
    summary = event.summary_record
    people = services.quotable_people(event)
    forms = {
        "recording_form": lambda: RecordingForm(prefix="recording", formdata=None, data={
            "url": recording.url, "passcode": recording.passcode,
            "is_public": recording.is_public} if recording else {}),
        "material_form": lambda: MaterialForm(prefix="material", formdata=None),
        "summary_form": lambda: SummaryForm(prefix="summary", formdata=None, data={
            "body": summary.body, "takeaways": summary.takeaways, "body_es": summary.body_es,
            "takeaways_es": summary.takeaways_es} if summary else {}),
        "quote_form": lambda: QuoteForm(prefix="quote", formdata=None, people=people),
    }
    return {name: submitted.get(name) or make() for name, make in forms.items()}


def _page(event, **submitted):
    return render_template(
        "recap/manage.html", event=event, materials=services.materials_of(event),
        summary=services.summary_of(event), **_forms(event, **submitted),
    )


def _here(event):
    return redirect(url_for("recap.manage_recap", event_id=event.id))


@bp.route("/manage/events/<int:event_id>/after")
@login_required
def manage_recap(event_id: int):
    """Show the recording, materials, summary and quotes, each with its form."""
    return _page(get_managed_event_or_404(event_id))


@bp.route("/manage/events/<int:event_id>/after/recording", methods=["POST"])
@login_required
def save_recording(event_id: int):
    """Set, change or remove the recording."""
    event = get_managed_event_or_404(event_id)
    form = RecordingForm(prefix="recording")
    if form.validate_on_submit():
        saved = save(lambda: services.save_recording(event, form.url.data, form.passcode.data,
                                                     form.is_public.data), form)
        if saved:
            flash(_("Recording saved.") if form.url.data else _("Recording removed."), "success")
            return _here(event)
    return _page(event, recording_form=form)


@bp.route("/manage/events/<int:event_id>/after/materials", methods=["POST"])
@login_required
def add_material(event_id: int):
    """Add a link to the event's materials."""
    event = get_managed_event_or_404(event_id)
    form = MaterialForm(prefix="material")
    if form.validate_on_submit():
        saved = save(lambda: services.add_material(event, form.title.data, form.url.data,
                                                   form.is_public.data, form.title_es.data), form)
        if saved:
            material = saved.value
            flash(_("“%(title)s” added.", title=material.title), "success")
            return _here(event)
    return _page(event, material_form=form)


@bp.route("/manage/events/<int:event_id>/after/materials/<int:material_id>/remove",
          methods=["POST"])
@login_required
def remove_material(event_id: int, material_id: int):
    """Remove one of the event's materials."""
    event = get_managed_event_or_404(event_id)
    material = services.remove_material(event, material_id)
    if material is None:
        abort(404)
    db.session.commit()
    flash(_("“%(title)s” removed.", title=material.title), "success")
    return _here(event)


@bp.route("/manage/events/<int:event_id>/after/summary", methods=["POST"])
@login_required
def save_summary(event_id: int):
    """Write, change or withdraw the published summary."""
    event = get_managed_event_or_404(event_id)
    form = SummaryForm(prefix="summary")
    if form.validate_on_submit():
        saved = save(lambda: services.save_summary(event, form.body.data, form.takeaways.data,
                                                   form.body_es.data, form.takeaways_es.data),
                     form)
        if saved:
            summary = saved.value
            flash(_("Summary published on the event and series pages.") if summary
                  else _("Summary withdrawn."), "success")
            return _here(event)
    return _page(event, summary_form=form)


@bp.route("/manage/events/<int:event_id>/after/quotes", methods=["POST"])
@login_required
def add_quote(event_id: int):
    """Add a quote attributed to one of the agenda's people."""
    event = get_managed_event_or_404(event_id)
    form = QuoteForm(prefix="quote", people=services.quotable_people(event))
    if form.validate_on_submit():
        saved = save(lambda: services.add_quote(event, form.person_id.data, form.text.data,
                                                form.text_es.data), form)
        if saved:
            quote = saved.value
            flash(_("Quote from %(name)s added.", name=quote.person.display_name), "success")
            return _here(event)
    return _page(event, quote_form=form)


@bp.route("/manage/events/<int:event_id>/after/quotes/<int:quote_id>/remove", methods=["POST"])
@login_required
def remove_quote(event_id: int, quote_id: int):
    """Remove a quote."""
    event = get_managed_event_or_404(event_id)
    if services.remove_quote(event, quote_id) is None:
        abort(404)
    db.session.commit()
    flash(_("Quote removed."), "success")
    return _here(event)
