"""ETag / Last-Modified for API reads, from the content versions the calendars use.

The validators come from one lookup (the site's content version, or one event's
row with its seat counts); a client whose copy is current gets 304 before
anything else is read.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, g, request

from roundtable.db_types import utcnow

PUBLIC_CACHE = "public, max-age=60"
# Bump when what the API writes for the same content changes shape.
FORMAT = "api-1"


def etag_of(*values) -> str:
    text = "|".join(v.isoformat() if isinstance(v, datetime) else str(v)
                    for v in (FORMAT, *values))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _settled(stamp: datetime | None) -> bool:
    # HTTP dates have whole seconds: not while the second is running (see calendar/routes).
    return stamp is not None and stamp.replace(microsecond=0) < utcnow().replace(microsecond=0)


def _not_modified(etag: str, stamp: datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and stamp is not None and stamp.replace(microsecond=0) <= since


def headers(etag: str, stamp: datetime | None) -> dict:
    found = {"ETag": f'"{etag}"', "Cache-Control": PUBLIC_CACHE}
    if _settled(stamp):
        found["Last-Modified"] = stamp.replace(microsecond=0).strftime(
            "%a, %d %b %Y %H:%M:%S GMT")
    return found


def not_modified(etag: str, stamp: datetime | None) -> Response | None:
    """A 304 when the client's copy is current, else None; marks the response public."""
    # Nothing from the session is in a public answer: no cookie, no Vary: Cookie.
    g.public_response = True
    if not _not_modified(etag, stamp):
        return None
    response = Response(status=304)
    response.headers.update(headers(etag, stamp))
    response.headers.pop("Content-Type", None)
    return response
