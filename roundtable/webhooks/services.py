"""Organizers' webhook endpoints: add, test, re-enable, delete, and their delivery log."""

from __future__ import annotations

import json
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.validation import FieldErrors
from roundtable.webhooks import queue, urls
from roundtable.webhooks.models import KINDS, PING, WebhookDelivery, WebhookEndpoint

LOG_LENGTH = 50


def create_endpoint(user, url: str, kinds: list[str], event: Event | None
                    ) -> tuple[WebhookEndpoint, str]:
    """A new endpoint for ``user``'s event (or all their events); returns it and its secret."""
    errors = {}
    try:
        url = urls.check(url)
    except urls.UnsafeURL as exc:
        errors["url"] = str(exc)
    if not kinds or any(kind not in KINDS for kind in kinds):
        errors["kinds"] = _("Choose at least one kind of change to send.")
    if event is not None and not event.is_organized_by(user):
        errors["event_id"] = _("Choose one of your events.")
    if errors:
        raise FieldErrors(errors)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(user_id=user.id, event_id=event.id if event else None, url=url,
                               kinds=" ".join(k for k in KINDS if k in kinds), secret=secret)
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def endpoints_of(user) -> list[WebhookEndpoint]:
    return list(db.session.scalars(select(WebhookEndpoint)
                                   .where(WebhookEndpoint.user_id == user.id)
                                   .order_by(WebhookEndpoint.id)))


def endpoint_of(user, endpoint_id: int) -> WebhookEndpoint | None:
    """The endpoint if ``user`` owns it (admins, who manage every event, reach any)."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or not (endpoint.user_id == user.id or user.is_admin):
        return None
    return endpoint


def deliveries(endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The latest deliveries, newest first: the log the organizer reads."""
    return list(db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc()).limit(LOG_LENGTH)))


def send_test(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a ``ping`` for the endpoint, even a disabled one's owner may check it again."""
    text = queue.body(PING, {"endpoint_id": endpoint.id,
                             "message": "A test from Roundtable."}, {})
    return queue.enqueue(endpoint.id, PING, text)


def enable(endpoint: WebhookEndpoint) -> None:
    endpoint.active = True
    endpoint.disabled_reason = None
    endpoint.failures = 0


def delete(endpoint: WebhookEndpoint) -> None:
    db.session.delete(endpoint)


def payload_of(delivery: WebhookDelivery) -> dict:
    return json.loads(delivery.body)


