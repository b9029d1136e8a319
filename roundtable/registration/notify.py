"""Emails about a registration, written to the outbox in the caller's transaction."""

from email.utils import parseaddr

from flask import current_app, render_template

from roundtable.calendar.ics import registration_invitation
from roundtable.mail.models import OutboxMessage
from roundtable.mail.services import queue_message
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


def manage_url(registration: Registration) -> str:
    """The absolute manage link of a registration (works outside a request too)."""
    return f"{current_app.config['SITE_URL']}/registrations/{token_for(registration)}"


def organizer_address() -> tuple[str, str]:
    """The (name, address) of MAIL_DEFAULT_SENDER, the ORGANIZER of every invitation."""
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    return name, address or "noreply@localhost"


def invitation(registration: Registration, method: str) -> str:
    """The iMIP calendar object for a registrant's own copy of the event."""
    name, address = organizer_address()
    return registration_invitation(
        registration,
        method=method,
        organizer_email=address,
        organizer_name=name or None,
        site_url=current_app.config["SITE_URL"],
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
    context = {
        "registration": registration,
        "event": event,
        "intro": intro,
        "manage_url": manage_url(registration),
        "event_url": f"{current_app.config['SITE_URL']}/events/{event.slug}",
        # The Zoom link goes only to confirmed online registrants.
        "show_zoom": registration.may_see_zoom,
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
    )


_queue = queue_for_registrant


def confirmed(registration: Registration) -> None:
    """Tell a registrant their seat is confirmed."""
    _queue("registration_confirmed", registration, "You are registered",
           f"Your place is confirmed ({registration.mode_label.lower()}).")


def waitlisted(registration: Registration, position: int | None) -> None:
    """Tell a registrant they are on the waitlist, and where."""
    _queue("registration_waitlisted", registration, "You are on the waitlist",
           f"The {registration.mode_label.lower()} audience is full, so you are on its "
           f"waitlist at position {position}. We will email you if a seat opens up.",
           position=position)


def promoted(registration: Registration) -> None:
    """Tell a waitlisted registrant a seat opened up for them."""
    _queue("registration_promoted", registration, "A seat opened up",
           f"Good news: a seat opened up and your place is now confirmed "
           f"({registration.mode_label.lower()}).")


def cancelled(registration: Registration, by_organizer: bool = False) -> None:
    """Confirm a cancellation to the registrant."""
    who = "The organizers have cancelled" if by_organizer else "You have cancelled"
    _queue("registration_cancelled", registration, "Registration cancelled",
           f"{who} your registration. If this is a mistake, you can register again "
           f"while registration is open.")


def mode_changed(registration: Registration) -> None:
    """Confirm a switch between in person and online."""
    _queue("registration_changed", registration, "Your registration changed",
           f"You are now registered {registration.mode_label.lower()}.")


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
