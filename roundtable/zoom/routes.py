"""Zoom's HTTP entry points: the webhook, the live presence the organizer's pages poll,
and the organizer's "fetch from Zoom"."""

from flask import current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.exc import IntegrityError

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import csrf, db, limiter
from roundtable.zoom import bp, presence, webhook
from roundtable.zoom.client import configured
from roundtable.zoom.links import managed_meeting
from roundtable.zoom.queue import enqueue


@bp.route("/zoom/webhook", methods=["POST"])
@csrf.exempt  # Zoom signs its deliveries instead (webhook.verify)
@limiter.limit("600 per minute")
def zoom_webhook():
    secret = current_app.config.get("ZOOM_WEBHOOK_SECRET_TOKEN", "")
    try:
        answer = webhook.receive(secret, request.get_data(cache=False), request.headers)
        db.session.commit()
    except webhook.Refused:
        db.session.rollback()
        return jsonify({"error": "unauthorized"}), 401
    except IntegrityError:  # the same delivery twice at once: the other one queued it
        db.session.rollback()
    return jsonify(answer or {"status": "queued"}), 200


@bp.route("/manage/events/<int:event_id>/zoom/live.json")
@login_required
def live_presence(event_id: int):
    """Who is on the Zoom meeting now, for the attendance and door pages to poll."""
    event = get_managed_event_or_404(event_id)
    response = jsonify(presence.live(event))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/manage/events/<int:event_id>/zoom/report", methods=["POST"])
@login_required
def fetch_report(event_id: int):
    """Ask the worker to read the participant report from Zoom (the CSV stays the fallback)."""
    event = get_managed_event_or_404(event_id)
    if not configured(current_app.config):
        flash(_("Zoom is not configured on this site: upload the participant report (CSV) "
                "instead."), "error")
    elif not (event.zoom_meeting_id or managed_meeting(event)):
        flash(_("This event has no Zoom meeting ID to fetch a report for: add it to the "
                "event, or upload the participant report (CSV)."), "error")
    else:
        enqueue("report", event_id=event.id)
        db.session.commit()
        flash(_("Fetching the participant report from Zoom; it appears here within a few "
                "minutes."), "success")
    return redirect(url_for("attendance.attendance", event_id=event.id))
