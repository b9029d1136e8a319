"""JSON errors for every request under /api/: a stable machine-readable code and a message.

The HTML error pages (roundtable/errors.py) hand API requests to ``api_error``,
so a 404 for an unknown API path, a 405 or a 429 is JSON too.
"""

from __future__ import annotations

import math
import time

from flask import Response, jsonify, request
from flask_babel import gettext as _

PREFIX = "/api/"

# HTTP status -> the code clients branch on, when the view gave none.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "server_error",
}


def is_api_request() -> bool:
    return bool(request) and request.path.startswith(PREFIX)


def _message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("A valid API token is required."),
        403: _("This token may not do that."),
        404: _("There is nothing at this address."),
        405: _("This address does not accept that method."),
        413: _("What you sent is larger than we accept."),
        422: _("Some values are not valid."),
        429: _("Too many requests. Please wait a minute and try again."),
    }.get(status, _("An unexpected error occurred. Please try again."))


def api_error(status: int, code: str | None = None, message: str | None = None,
              fields: dict | None = None) -> Response:
    """A JSON error response: ``{"error": {"code", "message", "fields"?}}``."""
    error: dict = {"code": code or CODES.get(status, "error"),
                   "message": message or _message(status)}
    if fields:
        error["fields"] = fields
    response = jsonify(error=error)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def from_exception(error) -> Response:
    """An HTTPException (abort(), webargs' 422, Flask-Limiter's 429) as a JSON error."""
    status = getattr(error, "code", None) or 500
    data = getattr(error, "data", None) or {}
    fields = None
    if status == 422 and "messages" in data:
        # webargs: {"query": {"limit": ["..."]}} -> {"limit": ["..."]}
        fields = {}
        for found in data["messages"].values():
            fields.update(found if isinstance(found, dict) else {"_": found})
    fields = fields or data.get("fields")
    response = api_error(status, data.get("code"), data.get("message"), fields)
    for name, value in (getattr(error, "get_headers", lambda: [])() or []):
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    response.headers.update(data.get("headers") or {})
    if status == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(retry_after())
    return response


def retry_after() -> int:
    """Seconds until the limit just exceeded lets this client in again (at least 1).

    Flask-Limiter adds Retry-After only with all its X-RateLimit headers switched on
    (RATELIMIT_HEADERS_ENABLED), so the API's 429 reads the limit's window itself."""
    from roundtable.extensions import limiter

    try:
        limit = limiter.current_limit
        reset_at = limit.reset_at if limit else None
    except Exception:  # no limiter context: a 429 raised by other code
        reset_at = None
    if not reset_at:
        return 60
    return max(1, math.ceil(reset_at - time.time()))
