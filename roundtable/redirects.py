"""Where to send the browser after a form."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import request


def safe_next(default: str) -> str:
    """Return ?next= if it is a path on this site, else ``default``."""
    target = request.values.get("next")
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            if not target.startswith("//"):
                return target
    return default


def with_params(url: str, **params) -> str:
    """Return ``url`` with query parameters added (or replaced)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))
