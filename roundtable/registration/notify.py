"""Emails about a registration, written to the outbox in the caller's transaction."""

from flask import current_app, render_template

from roundtable import labels
from roundtable.calendar.ics import registration_invitation
from roundtable.mail.compose import DOOR_QR_CID
from roundtable.mail.models import OutboxMessage
from roundtable.mail.services import queue_message
from roundtable.registration import checkin
from roundtable.registration.models import Registration
from roundtable.registration.tokens import token_for

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


def invitation(registration: Registration, method: str) -> str:
    """The iMIP calendar object for a registrant's own copy; ORGANIZER is the event's contact."""
    return registration_invitation(
        registration, method=method, site_url=current_app.config["SITE_URL"]
    ).decode("utf-8")


def queue_for_registrant(
    kind: str,
    registration: Registration,
    subject: str,
    intro: str,
    *,
    dedupe_key: str | None = None,
    **extra,
) -> OutboxMessage:
    """Write one message to a registrant, with the invitation its kind calls for."""
    event = registration.event
    door_code = kind in DOOR_CODE_KINDS and checkin.needs_door_code(registration)
    context = {
        "registration": registration,
        "event": event,
        "intro": intro,
        "manage_url": manage_url(registration),
        "event_url": f"{current_app.config['SITE_URL']}/events/{event.slug}",
        # The Zoom link goes only to confirmed online registrants.
        "show_zoom": registration.may_see_zoom,
        "door_qr": door_code,
        "door_qr_cid": DOOR_QR_CID,
        **extra,
    }
    method = INVITATION_METHODS.get(kind)
    if method == "REQUEST" and not registration.is_confirmed:
        method = None
    return queue_message(
        kind=kind,
        recipient=registration.email,
        recipient_name=registration.name,
        subject=f"{subject}: {event.title}",
        body_text=render_template("mail/registration.txt", **context),
        body_html=render_template("mail/registration.html", **context),
        ics=invitation(registration, method) if method else None,
        ics_method=method,
        event=event,
        registration=registration,
        dedupe_key=dedupe_key,
        door_code_url=checkin.scan_url(registration) if door_code else None,
        **reply_to_contact(event),
    )


_queue = queue_for_registrant


def confirmed(registration: Registration) -> None:
    """Tell a registrant their seat is confirmed."""
    _queue("registration_confirmed", registration, "You are registered",
           f"Your place is confirmed ({registration.mode_phrase}).")


def waitlisted(registration: Registration, position: int | None) -> None:
    """Tell a registrant they are on the waitlist, and where."""
    _queue("registration_waitlisted", registration, "You are on the waitlist",
           f"The {labels.mode_audience(registration.mode)} audience is full, so you are on its "
           f"waitlist at position {position}. We will email you if a seat opens up.",
           position=position)


def promoted(registration: Registration) -> None:
    """Tell a waitlisted registrant a seat opened up for them."""
    _queue("registration_promoted", registration, "A seat opened up",
           f"Good news: a seat opened up and your place is now confirmed "
           f"({registration.mode_phrase}).")


def cancelled(registration: Registration, by_organizer: bool = False) -> None:
    """Confirm a cancellation to the registrant."""
    who = "The organizers have cancelled" if by_organizer else "You have cancelled"
    _queue("registration_cancelled", registration, "Registration cancelled",
           f"{who} your registration. If this is a mistake, you can register again "
           f"while registration is open.")


def mode_changed(registration: Registration) -> None:
    """Confirm a switch between in person and online."""
    _queue("registration_changed", registration, "Your registration changed",
           f"You are now registered {registration.mode_phrase}.")


def corrected(registration: Registration, changes: list[str]) -> None:
    """Tell a registrant the organizers corrected their registration."""
    _queue("registration_corrected", registration, "Your registration was updated",
           f"The organizers updated your {', '.join(changes)}. You are registered as "
           f"{registration.name}, {registration.mode_label.lower()} "
           f"({registration.status}). If anything is wrong, reply to this email.")


def manage_link_resent(registration: Registration) -> None:
    """Send the manage link again to someone who registered twice."""
    _queue("manage_link", registration, "Your registration link",
           "Someone (hopefully you) asked to register again with this email address. "
           "You are already registered; use the link below to see or change your registration.")


def manage_link_replaced(registration: Registration) -> None:
    """Send a registrant the new link after their old one was revoked."""
    _queue("manage_link_replaced", registration, "Your new registration link",
           "For security, we replaced the link to your registration. The link in our "
           "earlier emails no longer works; use the link below from now on.")
