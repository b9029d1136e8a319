"""Outgoing webhooks: organizers' endpoints, queued from signals, signed deliveries."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__)
