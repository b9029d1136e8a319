"""The installable, offline door: its data, its sync, its manifest and service worker.

The door page's script keeps the event's door list on the device (IndexedDB:
names, affiliation, status and the QR code's hash, nothing else), works from it
offline, and sends what was done to ``door/sync`` when the network returns.
"""

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf.csrf import generate_csrf

from roundtable.events.access import get_managed_event_or_404
from roundtable.extensions import db
from roundtable.i18n import current as current_language
from roundtable.registration import bp, door, door_sync
from roundtable.registration.door_offline import door_payload


@bp.route("/manage/events/<int:event_id>/door.json")
@login_required
def door_data(event_id: int):
    """Everyone registered, as the door page's script shows and stores them."""
    event = get_managed_event_or_404(event_id)
    payload = door_payload(event)
    # A fresh token: a phone that was offline for hours sends its queue with this one.
    payload["csrf_token"] = generate_csrf()
    return jsonify(payload)


@bp.route("/manage/events/<int:event_id>/door/sync", methods=["POST"])
@login_required
def door_sync_actions(event_id: int):
    """Apply a device's queued actions, each once by its id; answer each one's outcome."""
    event = get_managed_event_or_404(event_id)
    body = request.get_json(silent=True)
    actions = body.get("actions") if isinstance(body, dict) else None
    if not isinstance(actions, list) or len(actions) > door_sync.MAX_BATCH:
        return {"error": _("Send a list of at most %(max)s actions.",
                           max=door_sync.MAX_BATCH)}, 400
    results = []
    for data in actions:
        try:
            action = door_sync.read_action(data)
        except door_sync.BadAction as exc:
            action_id = data.get("id") if isinstance(data, dict) else None
            results.append({"id": action_id if isinstance(action_id, str) else None,
                            "outcome": "refused", "message": str(exc),
                            "registration_id": None, "replayed": False})
            continue
        outcome = door_sync.apply_door_action(event, action, language=current_language())
        results.append(outcome.as_json())
    db.session.commit()
    return {"results": results, "counter": door.counter(event).as_json()}


@bp.route("/manage/events/<int:event_id>/checkin/offline")
@login_required
def checkin_shell(event_id: int):
    """The door page without anyone on it: what the service worker keeps for offline use."""
    event = get_managed_event_or_404(event_id)
    return render_template("registration/checkin.html", event=event, entries=[], others=0,
                           counter=door.DoorCounter(0, 0, event.capacity_in_person, 0),
                           query="", shell=True)


@bp.route("/manage/events/<int:event_id>/door.webmanifest")
@login_required
def door_manifest(event_id: int):
    """Install the event's door as an app: it opens on the check-in page."""
    event = get_managed_event_or_404(event_id)
    manifest = {
        "name": _("Door · %(title)s", title=event.title),
        "short_name": _("Door"),
        "lang": current_language(),
        "start_url": url_for("registration.checkin", event_id=event.id),
        "scope": url_for("registration.checkin", event_id=event.id).rsplit("/", 1)[0] + "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [{"src": url_for("static", filename="door-icon.svg"), "sizes": "any",
                   "type": "image/svg+xml", "purpose": "any"}],
    }
    return current_app.response_class(current_app.json.dumps(manifest),
                                      mimetype="application/manifest+json")


@bp.route("/manage/door-sw.js")
def door_service_worker():
    """The door's service worker, served under /manage/ so that it may control the door."""
    with current_app.open_resource("static/door-sw.js") as f:
        body = f.read()
    return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


