"""Organizers writing to an event's registrants (through the outbox)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from roundtable.attendance import followup
from roundtable.db_types import utcnow
from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.mail import bp, notices, organizer
from roundtable.mail.forms import MessageForm
from roundtable.mail.zoom_guard import PLACEHOLDER, mentions_meeting


def _audiences(event) -> list[tuple[str, str]]:
    keys = ["confirmed"]
    if event.offers_in_person and event.offers_online:
        keys += ["in_person", "online"]
    keys.append("waitlisted")
    if event.starts_at <= utcnow():
        keys += ["attended", "no_show"]
    return [(key, notices.AUDIENCES[key]) for key in keys]


@bp.route("/manage/events/<int:event_id>/message", methods=["GET", "POST"])
@login_required
def compose(event_id: int):
    """Write to an audience: preview, test to yourself, or send; list what was sent."""
    event = get_managed_event_or_404(event_id)
    form = MessageForm()
    audiences = _audiences(event)
    form.set_audiences(audiences)
    counts = notices.audience_counts(event)
    preview = None
    confirm_count = None
    draft = followup.drafts(event).get(request.args.get("draft", ""))
    if request.method == "GET" and draft and draft.audience in dict(audiences):
        # A follow-up starts from a draft the organizer edits, previews and sends.
        form.audience.data, form.subject.data, form.body.data = (
            draft.audience, draft.subject, draft.body)
        form.subject_es.data, form.body_es.data = draft.subject_es, draft.body_es
    if form.validate_on_submit() and _acceptable(event, form, counts):
        action = request.form.get("action", "send")
        if action == "preview":
            preview = _preview(event, form)
        elif action == "test":
            for language, (subject, body) in form.versions().items():
                organizer.queue_test(event, current_user, subject, body,
                                     notices.audience_of(event, form.audience.data), language)
            db.session.commit()
            flash(_("Test queued to %(email)s; nobody else gets it.",
                    email=current_user.email), "success")
            preview = _preview(event, form)
        elif _confirmed(counts[form.audience.data]):
            return _send(event, form)
        else:
            # More than a handful: ask "Send to 14 people?" with the message as it stands.
            confirm_count = counts[form.audience.data]
            preview = _preview(event, form)
    return render_template(
        "mail/compose.html", event=event, form=form, counts=counts, audiences=audiences,
        preview=preview, sent=organizer.sent_messages(event), audience_labels=notices.AUDIENCES,
        confirm_count=confirm_count, without_email=notices.without_email(event),
    )


# Up to this many recipients a message goes at once; to more, the organizer confirms
# the count first.
HANDFUL = 5


def _confirmed(count: int) -> bool:
    """Whether sending to ``count`` people needs no (more) confirmation.

    The confirmation carries the count it was asked for: if the audience grew since,
    the organizer is asked again with the new number.
    """
    return count <= HANDFUL or request.form.get("confirm_count") == str(count)


def _only_online(event, audience: str) -> bool:
    """Whether everyone in the audience may see the Zoom meeting (as may_see_zoom says)."""
    if event.is_cancelled:
        return False
    return audience == "online" or (audience == "confirmed" and not event.offers_in_person)


def _acceptable(event, form, counts) -> bool:
    """Refuse the Zoom meeting outside the online audience, and an empty audience."""
    audience = form.audience.data
    for subject in (form.subject, form.subject_es):
        if PLACEHOLDER in (subject.data or ""):
            subject.errors.append(_("Put %(placeholder)s in the message, not the subject.",
                                    placeholder=PLACEHOLDER))
            return False
    for subject, body in ((form.subject, form.body), (form.subject_es, form.body_es)):
        found = mentions_meeting(event, subject.data, body.data)
        if found and not _only_online(event, audience):
            body.errors.append(
            _("This message contains %(what)s, which go only to confirmed online "
                  "registrants. Write %(placeholder)s instead: it becomes the link for "
                  "them and a note for everyone else.", what=_(" and ").join(found),
                  placeholder=PLACEHOLDER)
            )
            return False
    if counts[audience] == 0 and request.form.get("action", "send") == "send":
        form.audience.errors.append(_("Nobody is in that group yet; nothing was sent."))
        return False
    return True


def _preview(event, form) -> list[organizer.Preview]:
    """The message as each kind of reader in the chosen audience will read it.

    Spanish readers see the Spanish version when there is one.
    """
    return organizer.previews(event, notices.audience_of(event, form.audience.data),
                              form.subject.data, form.body.data, current_user.name,
                              form.subject_es.data or None, form.body_es.data or None)


def _send(event, form):
    sent = notices.send_organizer_message(
        event, audience=form.audience.data, subject=form.subject.data, body=form.body.data,
        author_name=current_user.name, subject_es=form.subject_es.data or None,
        body_es=form.body_es.data or None,
    )
    # The record keeps the English version, or the Spanish one when that is all there is.
    subject, body = organizer.in_their_language(
        None, form.subject.data, form.body.data, form.subject_es.data, form.body_es.data)
    organizer.record_sent(event, audience=form.audience.data, subject=subject, body=body,
                          count=sent, user=current_user)
    db.session.commit()
    flash(ngettext("Message queued for %(num)d person; it goes out within a few minutes.",
                   "Message queued for %(num)d people; it goes out within a few minutes.", sent),
          "success")
    return redirect(url_for("mail.compose", event_id=event.id))
