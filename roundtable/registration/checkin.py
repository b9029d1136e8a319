"""Signed check-in links, shown as a QR code on a registrant's page."""

import segno
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "roundtable.checkin"


def _serializer() -> URLSafeSerializer:
    # Signs with the last key; codes signed with a fallback key still verify.
    config = current_app.config
    keys = [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]
    return URLSafeSerializer(keys, salt=SALT)


def checkin_code(registration) -> str:
    """A signed code naming the registration, for the door's QR scanner."""
    return _serializer().dumps(registration.id)


def registration_id_from_code(code: str) -> int | None:
    """Return the registration id a code names, or None if it was tampered with."""
    try:
        value = _serializer().loads(code)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def qr_svg_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data: URI (allowed by our CSP for images)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def scan_url(registration) -> str:
    """The absolute URL a door QR code opens (works outside a request too)."""
    return f"{current_app.config['SITE_URL']}/checkin/scan/{checkin_code(registration)}"


def needs_door_code(registration) -> bool:
    """Only confirmed in-person registrants of a live event need a code for the door.

    Once the event is over the door is closed: the code would only be clutter.
    """
    return (
        registration.is_confirmed
        and registration.mode == "in_person"
        and not registration.event.is_cancelled
        and not registration.event.is_past
    )
