"""Emails about a registration, written to the outbox in the caller's transaction.

Output layer: the registration services decide and record, and announce what
happened (roundtable/signals.py); the receivers at the end of this module turn
each announcement into the registrant's email. ``connect()`` subscribes them
(create_app calls it).
"""

import json

from flask import current_app, render_template
from flask_babel import gettext as _

from roundtable import labels, signals
from roundtable.cache import app_cache, kept
from roundtable.calendar.changes import changed_in_transaction
from roundtable.calendar.ics import Shown, registration_invitation, shown_by
from roundtable.events.services import load_content
from roundtable.extensions import db
from roundtable.i18n import current as current_language
from roundtable.i18n import emailed_link, in_language, localized, word_list
from roundtable.mail.compose import DOOR_QR_CID
from roundtable.mail.models import OutboxMessage
from roundtable.mail.services import CannotWrite, queue_message
from roundtable.registration import checkin
from roundtable.registration.format_change import FORMAT_CHANGED
from roundtable.registration.models import Registration
from roundtable.registration.services import waitlist_position
from roundtable.registration.tokens import token_for
from roundtable.zoom.links import join_link

# Messages that carry an iMIP calendar part (RFC 6047), and its METHOD. A REQUEST
# goes only to confirmed registrants: the waitlist gets no invitation.
INVITATION_METHODS = {
    "registration_confirmed": "REQUEST",
    "registration_promoted": "REQUEST",
    "registration_changed": "REQUEST",
    "registration_corrected": "REQUEST",
    "registration_cancelled": "CANCEL",
    "event_changed": "REQUEST",
    "event_cancelled": "CANCEL",
}

# Messages that carry the door QR code (inline image) for confirmed in-person registrants:
# a seat confirmed, and the reminder people open on their way to the door.
SHOWN_CACHE = "roundtable.calendar.shown"
SHOWN_CACHE_BYTES = 4 * 1024 * 1024  # unless INVITATION_CACHE_BYTES says otherwise (0: none)

DOOR_CODE_KINDS = {"registration_confirmed", "registration_promoted", "registration_changed",
                   "reminder"}


def reply_to_contact(event) -> dict:
    """The Reply-To of every email about ``event``: its contact, if it has one."""
    if not event.contact_email:
        return {}
    return {"reply_to": event.contact_email, "reply_to_name": event.contact_name}


def manage_url(registration: Registration) -> str:
    """The absolute manage link of a registration (works outside a request too)."""
    return f"{current_app.config['SITE_URL']}/registrations/{token_for(registration)}"


def _shown(event) -> Shown:
    """What the event's entry shows from its agenda, people and sponsors, kept per version.

    Every registrant's invitation repeats it, and reading it costs six queries under
    the event's row lock. Kept by the event's content version (which every change to
    those rows raises) and language; never from a transaction that changed them,
    which might yet roll back.
    """
    cache = app_cache(SHOWN_CACHE, "INVITATION_CACHE_BYTES", SHOWN_CACHE_BYTES)
    # Pending changes first: their flush is what records (and versions) them.
    db.session.flush()
    if changed_in_transaction(db.session(), event.id):
        cache = None
    key = (event.id, event.calendar_version, event.updated_at, current_language(),
           current_app.config["SITE_URL"])
    return kept(cache, key, lambda: shown_by(load_content(event)))


def invitation(registration: Registration, method: str) -> str:
    """The iMIP calendar object for a registrant's own copy; ORGANIZER is the event's contact."""
    return registration_invitation(
        registration, method=method, site_url=current_app.config["SITE_URL"],
        shown=_shown(registration.event),
    ).decode("utf-8")


def queue_for_registrant(
    kind: str,
    registration: Registration,
    subject: str,
    intro: str,
    *,
    dedupe_key: str | None = None,
    **extra,
) -> OutboxMessage | None:
    """Write one message to a registrant, with the invitation its kind calls for.

    Call it inside ``in_language(registration.language)`` (see ``_send``) so the
    subject and intro the caller wrote are in the same language as the rest.
    """
    with in_language(registration.language):
        return _queue_now(kind, registration, subject, intro, dedupe_key=dedupe_key, **extra)


def _queue_now(kind, registration, subject, intro, *, dedupe_key=None, later=False,
               **extra) -> OutboxMessage | None:
    """Queue a message written now, or (``later``) a note for the deliverer to write it from.

    None, and nothing queued, for a walk-in who gave no email: nobody to write to.
    """
    if not registration.email:
        return None
    event = registration.event
    if later:
        # The state the intro speaks of, so the writer can tell if it changed meanwhile.
        note = {"language": registration.language, "intro": str(intro), "extra": extra,
                "state": [registration.mode, registration.status]}
        fields = {"body_text": "", "to_write": json.dumps(note)}
    else:
        fields = _written(kind, registration, intro, **extra)
    return queue_message(
        kind=kind,
        recipient=registration.email,
        recipient_name=registration.name,
        subject=f"{subject}: {localized(event, 'title')}",
        event=event,
        registration=registration,
        dedupe_key=dedupe_key,
        **fields,
    )


def _written(kind, registration, intro, **extra) -> dict:
    """The bodies, invitation, door code and Reply-To of a message, from the current state."""
    event = registration.event
    door_code = kind in DOOR_CODE_KINDS and checkin.needs_door_code(registration)
    context = {
        "registration": registration,
        "event": event,
        "intro": intro,
        # Links open in the language the email is written in (the registrant's).
        "manage_url": emailed_link(manage_url(registration)),
        "event_url": emailed_link(f"{current_app.config['SITE_URL']}/events/{event.slug}"),
        # The Zoom link goes only to confirmed online registrants.
        "show_zoom": registration.may_see_zoom,
        "zoom": join_link(registration),
        "door_qr": door_code,
        "door_qr_cid": DOOR_QR_CID,
        **extra,
    }
    method = INVITATION_METHODS.get(kind)
    if method == "REQUEST" and not registration.is_confirmed:
        method = None
    return {
        "body_text": render_template("mail/registration.txt", **context),
        "body_html": render_template("mail/registration.html", **context),
        "ics": invitation(registration, method) if method else None,
        "ics_method": method,
        "door_code_url": checkin.scan_url(registration) if door_code else None,
        **reply_to_contact(event),
    }


def _send(kind: str, registration: Registration, write, *, later: bool = False,
          **extra) -> OutboxMessage | None:
    """Queue ``kind`` with the (subject, intro) ``write()`` gives in the registrant's language.

    ``later``: leave writing the bodies and invitation to the deliverer (when
    ``MAIL_WRITE_LATER`` is on), so a registration's request ends sooner.
    """
    later = later and bool(current_app.config.get("MAIL_WRITE_LATER"))
    with in_language(registration.language):
        subject, intro = write()
        return _queue_now(kind, registration, subject, intro, later=later, **extra)


def write_pending(message: OutboxMessage) -> None:
    """Write the bodies of a message left for the deliverer, from the registration as it is.

    What the registrant is told is the state at sending: a registration cancelled
    meanwhile gets no invitation and no Zoom link (their cancellation follows), and
    one moved or cancelled meanwhile says so ("Your registration now: …") instead of
    showing its new state as if the intro had announced it.
    """
    params = json.loads(message.to_write)
    registration = (db.session.get(Registration, message.registration_id)
                    if message.registration_id is not None else None)
    if registration is None:
        raise CannotWrite("its registration no longer exists")
    # Changed (moved, cancelled) before this was written: the intro still tells what
    # happened then, and the registration's line says it is different now.
    state = params.get("state")
    changed_since = state is not None and state != [registration.mode, registration.status]
    with in_language(params["language"]):
        fields = _written(message.kind, registration, params["intro"],
                          changed_since=changed_since, **params["extra"])
    for name, value in fields.items():
        setattr(message, name, value)
    message.to_write = None


def confirmed(registration: Registration, *, later: bool = False) -> None:
    """Tell a registrant their seat is confirmed."""
    _send("registration_confirmed", registration, later=later, write=lambda: (
        _("You are registered"),
        _("Your place is confirmed (%(mode)s).", mode=registration.mode_phrase)))


def waitlisted(registration: Registration, position: int | None, *,
               later: bool = False) -> None:
    """Tell a registrant they are on the waitlist, and where."""
    _send("registration_waitlisted", registration, later=later, write=lambda: (
        _("You are on the waitlist"),
        _("The %(audience)s audience is full, so you are on its waitlist at position "
          "%(position)s. We will email you if a seat opens up.",
          audience=labels.mode_audience(registration.mode), position=position)),
        position=position)


def promoted(registration: Registration) -> None:
    """Tell a waitlisted registrant a seat opened up for them."""
    _send("registration_promoted", registration, lambda: (
        _("A seat opened up"),
        _("Good news: a seat opened up and your place is now confirmed (%(mode)s).",
          mode=registration.mode_phrase)))


def cancelled(registration: Registration, by_organizer: bool = False) -> None:
    """Confirm a cancellation to the registrant."""
    def write():
        if by_organizer:
            intro = _("The organizers have cancelled your registration. If this is a mistake, "
                      "you can register again while registration is open.")
        else:
            intro = _("You have cancelled your registration. If this is a mistake, you can "
                      "register again while registration is open.")
        return _("Registration cancelled"), intro

    _send("registration_cancelled", registration, write)


def mode_changed(registration: Registration) -> None:
    """Confirm a switch between in person and online."""
    _send("registration_changed", registration, lambda: (
        _("Your registration changed"),
        _("You are now registered %(mode)s.", mode=registration.mode_phrase)))


def corrected(registration: Registration, changes: list[str]) -> None:
    """Tell a registrant the organizers corrected their registration."""
    _send("registration_corrected", registration, lambda: (
        _("Your registration was updated"),
        _("The organizers updated your %(changes)s. You are registered as %(name)s, "
          "%(mode)s (%(status)s). If anything is wrong, reply to this email.",
          changes=word_list(changes), name=registration.name,
          mode=registration.mode_phrase, status=registration.status_label.lower())))


def manage_link_resent(registration: Registration) -> None:
    """Send the manage link again to someone who registered twice."""
    _send("manage_link", registration, lambda: (
        _("Your registration link"),
        _("Someone (hopefully you) asked to register again with this email address. "
          "You are already registered; use the link below to see or change your "
          "registration.")))


def manage_link_replaced(registration: Registration) -> None:
    """Send a registrant the new link after their old one was revoked."""
    _send("manage_link_replaced", registration, lambda: (
        _("Your new registration link"),
        _("For security, we replaced the link to your registration. The link in our "
          "earlier emails no longer works; use the link below from now on.")))


def _moved_by_format_change(registration: Registration) -> None:
    event = registration.event
    position = waitlist_position(registration)
    with in_language(registration.language):
        intro = _("The organizers changed this event to %(format)s only, so your registration "
                  "moved: you are now registered %(mode)s.",
                  format=str(labels.format_label(event.format)).lower(),
                  mode=registration.mode_phrase)
        if position is not None:
            intro += " " + _("That audience is full, so you are on its waitlist at position "
                             "%(position)s. We will email you if a seat opens up.",
                             position=position)
        queue_for_registrant("registration_changed", registration,
                             _("Your registration changed"), intro)


def _cancelled_by_format_change(registration: Registration) -> None:
    event = registration.event
    with in_language(registration.language):
        queue_for_registrant(
            "registration_cancelled", registration, _("Registration cancelled"),
            _("The organizers changed this event to %(format)s only, so your registration "
              "%(mode)s has been cancelled. If you can attend the new way, you are welcome to "
              "register again.",
              format=str(labels.format_label(event.format)).lower(),
              mode=registration.mode_phrase))


# --- receivers: what each announced change tells the registrant -----------------------


def on_registration_changed(registration: Registration, *, kind: str, before=None,
                            reason: str | None = None, by_organizer: bool = False,
                            changes=(), **_details) -> None:
    """Queue the registrant's email for one announced change (none for the door's)."""
    if reason == FORMAT_CHANGED:
        if kind == "mode_changed":
            _moved_by_format_change(registration)
        elif kind == "cancelled":
            _cancelled_by_format_change(registration)
        return
    if kind == "created":
        # Written by the deliverer (MAIL_WRITE_LATER): the event stays locked no longer
        # than the decision, and a rush is not slowed by rendering its confirmations.
        if registration.is_confirmed:
            confirmed(registration, later=True)
        else:
            waitlisted(registration, waitlist_position(registration), later=True)
    elif kind == "promoted":
        promoted(registration)
    elif kind == "cancelled":
        cancelled(registration, by_organizer=by_organizer)
    elif kind == "mode_changed":
        mode_changed(registration)
    elif kind == "corrected":
        corrected(registration, list(changes))


def on_link_sent(registration: Registration, *, reason: str) -> None:
    """Email a manage link: asked for again, or replacing revoked ones."""
    if reason == "requested":
        manage_link_resent(registration)
    elif reason == "replaced":
        manage_link_replaced(registration)


def connect() -> None:
    """Subscribe the receivers above (idempotent: blinker keeps one of each)."""
    signals.registration_changed.connect(on_registration_changed)
    signals.registration_link_sent.connect(on_link_sent)
