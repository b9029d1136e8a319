"""Posting queued webhook deliveries: claim, sign, send, record, retry or give up.

Run by ``flask roundtable webhooks deliver [--watch]``, never by a web request.
Claimed like the mail outbox (mail/delivery.py): due rows selected ``FOR UPDATE SKIP
LOCKED`` and pushed a lease into the future by a compare-and-set UPDATE, committed
before anything is sent, so concurrent deliverers never post the same row at once
and a killed one's rows are due again when its lease runs out.

Each POST carries ``Roundtable-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" keyed by the endpoint's secret>`` (docs/api.md shows how to check it).
Any 2xx is delivered. Anything else is retried after 1, 5, 25, 125 minutes, then
every 6 hours, until a day after it was queued, then failed. A 410 Gone disables the
endpoint at once, and so do ``WEBHOOK_DISABLE_AFTER`` failed attempts in a row;
a disabled endpoint's pending deliveries fail. Redirects are not followed, and the
host is resolved and checked again before each POST (webhooks/urls.py), which connects
to exactly the addresses checked (webhooks/pinned.py: no second DNS answer). Finished
deliveries are kept 30 days as the organizer's log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select, update

from roundtable.db_types import utcnow
from roundtable.extensions import db
from roundtable.mail.delivery import clean_error, retry_delay
from roundtable.webhooks import pinned, urls
from roundtable.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

log = logging.getLogger("roundtable.webhooks")

GIVE_UP_AFTER = timedelta(days=1)
# Delivered and failed rows are the organizer's log for this long, then deleted.
KEEP_LOG = timedelta(days=30)
USER_AGENT = "Roundtable-Webhooks/1"
# Why an endpoint stopped, as stored (a record in English, written by the deliverer
# outside any request); explain() words it in the reader's language on the page.
GONE = "The receiver answered 410 Gone."
DISABLED = "The endpoint is disabled."
_FAILURES = re.compile(r"^(\d+) failed deliveries in a row\.$")


@dataclass
class Report:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value: ``t=<timestamp>,v1=<hex HMAC-SHA256 of "t.body">``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _timeout() -> float:
    return float(current_app.config.get("WEBHOOK_TIMEOUT", 10))


def claim_due(batch: int, now: datetime) -> list[int]:
    """Claim up to ``batch`` due pending rows for one lease; commit; return their ids."""
    due = (select(WebhookDelivery.id)
           .where(WebhookDelivery.status == DeliveryStatus.PENDING,
                  WebhookDelivery.next_attempt_at <= now)
           .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
           .limit(batch).with_for_update(skip_locked=True))
    # Enough for the whole batch to be tried one after the other.
    lease = now + timedelta(seconds=2 * _timeout() * max(batch, 1))
    try:
        ids = list(db.session.scalars(due))
        claimed = []
        if ids:
            claimed = db.session.scalars(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_(ids),
                       WebhookDelivery.status == DeliveryStatus.PENDING,
                       WebhookDelivery.next_attempt_at <= now)
                .values(next_attempt_at=lease)
                .returning(WebhookDelivery.id)
                .execution_options(synchronize_session=False)).all()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sorted(claimed)


def post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> httpx.Response:
    """One signed POST to the addresses just checked; raises urls.UnsafeURL or httpx's
    errors."""
    url, addresses = urls.checked(endpoint.url)
    body = delivery.body.encode()
    timestamp = int(utcnow().timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Roundtable-Event": delivery.kind,
        "Roundtable-Delivery": str(delivery.id),
        "Roundtable-Signature": signature(endpoint.secret, timestamp, body),
    }
    with pinned.client(addresses, _timeout()) as client:
        return client.post(url, content=body, headers=headers)


def explain(text: str | None) -> str | None:
    """A stored reason of ours in the reader's language; anything else (the receiver's or
    the network's own words) as it is."""
    if text == GONE:
        return _("The receiver answered 410 Gone.")
    if text == DISABLED:
        return _("The endpoint is disabled.")
    if found := _FAILURES.match(text or ""):
        count = int(found.group(1))
        return ngettext("%(num)d failed delivery in a row.",
                        "%(num)d failed deliveries in a row.", count)
    return text


def disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop calling an endpoint; its pending deliveries fail with the reason."""
    endpoint.active = False
    endpoint.disabled_reason = reason[:300]
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id,
               WebhookDelivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED, last_error=reason[:500])
        .execution_options(synchronize_session=False))


def _failed(delivery: WebhookDelivery, endpoint: WebhookEndpoint, error: str,
            code: int | None, now: datetime, report: Report) -> None:
    delivery.last_error = clean_error(error)
    delivery.last_status_code = code
    endpoint.failures += 1
    if code == 410:
        disable(endpoint, GONE)
    elif endpoint.failures >= current_app.config.get("WEBHOOK_DISABLE_AFTER", 20):
        disable(endpoint, f"{endpoint.failures} failed deliveries in a row.")
    if not endpoint.active or now + retry_delay(delivery.attempts) > (
            delivery.created_at + GIVE_UP_AFTER):
        delivery.status = DeliveryStatus.FAILED
        report.failed += 1
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        report.retrying += 1


def deliver_one(delivery_id: int, report: Report) -> None:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    endpoint = delivery.endpoint
    if delivery.status != DeliveryStatus.PENDING:
        return
    now = utcnow()
    if not endpoint.active:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = endpoint.disabled_reason or DISABLED
        report.failed += 1
        return
    delivery.attempts += 1
    try:
        response = post(endpoint, delivery)
    except urls.UnsafeURL as exc:
        _failed(delivery, endpoint, str(exc), None, now, report)
        return
    except httpx.HTTPError as exc:
        _failed(delivery, endpoint, f"{type(exc).__name__}", None, now, report)
        return
    if 200 <= response.status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = utcnow()
        delivery.last_status_code = response.status_code
        delivery.last_error = None
        endpoint.failures = 0
        report.delivered += 1
        return
    _failed(delivery, endpoint, f"HTTP {response.status_code}", response.status_code, now,
            report)


def forget_old(now: datetime) -> None:
    """Delete finished deliveries older than ``KEEP_LOG``: the queue stays small."""
    db.session.execute(
        delete(WebhookDelivery)
        .where(WebhookDelivery.status != DeliveryStatus.PENDING,
               WebhookDelivery.created_at < now - KEEP_LOG)
        .execution_options(synchronize_session=False))
    db.session.commit()


def deliver_due(batch: int = 20) -> Report:
    """Claim and post what is due; each outcome committed on its own."""
    report = Report()
    forget_old(utcnow())
    ids = claim_due(batch, utcnow())
    report.claimed = len(ids)
    for delivery_id in ids:
        try:
            deliver_one(delivery_id, report)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("webhook delivery %s could not be recorded", delivery_id)
    return report
