"""Outgoing webhooks: an organizer's endpoints and the queue of deliveries to them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roundtable.db_types import UTCDateTime, utcnow
from roundtable.extensions import db

KINDS = ("registration.created", "registration.cancelled", "registration.promoted",
         "registration.mode_changed", "checkin.created", "event.updated", "event.cancelled",
         "attendance.imported")
# Sent by "Send a test" only; every endpoint receives it.
PING = "ping"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up: a day of retries, a 410, or the endpoint disabled


class WebhookEndpoint(db.Model):
    """Where to POST which kinds of change, for one event or all of its owner's events."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # None: every event the owner organizes, now and later.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    kinds: Mapped[str] = mapped_column(String(400))
    # Signs every delivery (HMAC-SHA256); shown to the owner once, when made.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    # Deliveries that failed in a row; a success sets it back to 0.
    failures: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    event = relationship("Event")

    @property
    def kind_list(self) -> list[str]:
        return self.kinds.split()

    def wants(self, kind: str) -> bool:
        return kind == PING or kind in self.kind_list

    def __repr__(self) -> str:
        # Never the secret.
        return f"<WebhookEndpoint {self.id}>"


class WebhookDelivery(db.Model):
    """One POST to make: its JSON body is fixed when queued; the attempts are recorded."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[WebhookEndpoint] = relationship()
