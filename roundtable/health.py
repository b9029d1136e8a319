"""A health check for load balancers and process supervisors, and the site icon."""

import logging

from flask import Blueprint, current_app, jsonify, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from roundtable.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Answer 200 when the database answers SELECT 1, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        # The class name only: a connection error's text can carry the database URL.
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        response = jsonify(status="error", database="unreachable")
        response.status_code = 503
    else:
        response = jsonify(status="ok", database="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/favicon.ico")
@limiter.exempt
def favicon():
    """The site icon where browsers and feed readers look for it without asking the page."""
    response = send_from_directory(current_app.static_folder, "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=86400)
    return response
