"""Organizers writing to an event's registrants (through the outbox)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.mail import bp, notices
from roundtable.mail.forms import MessageForm


def _audiences(event) -> list[tuple[str, str]]:
    keys = ["confirmed"]
    if event.offers_in_person and event.offers_online:
        keys += ["in_person", "online"]
    keys.append("waitlisted")
    return [(key, notices.AUDIENCES[key]) for key in keys]


@bp.route("/manage/events/<int:event_id>/message", methods=["GET", "POST"])
@login_required
def compose(event_id: int):
    """Write a message to the event's confirmed registrants, one mode, or the waitlist."""
    event = get_managed_event_or_404(event_id)
    form = MessageForm()
    audiences = _audiences(event)
    form.set_audiences(audiences)
    counts = notices.audience_counts(event)
    if form.validate_on_submit():
        audience = form.audience.data
        leaked = [s for s in notices.zoom_secrets(event) if s in form.body.data]
        if leaked and not (audience == "online" or (audience == "confirmed"
                                                     and not event.offers_in_person)):
            form.body.errors.append(
                "The Zoom link and passcode go only to confirmed online registrants: "
                "choose that audience or take them out of the message."
            )
        elif counts[audience] == 0:
            form.audience.errors.append("Nobody is in that group yet; nothing was sent.")
        else:
            sent = notices.send_organizer_message(
                event, audience=audience, subject=form.subject.data, body=form.body.data,
                author_name=current_user.name,
            )
            db.session.commit()
            flash(f"Message queued for {sent} {'person' if sent == 1 else 'people'}; "
                  "it goes out within a few minutes.", "success")
            return redirect(url_for("mail.compose", event_id=event.id))
    return render_template(
        "mail/compose.html", event=event, form=form, counts=counts, audiences=audiences
    )
