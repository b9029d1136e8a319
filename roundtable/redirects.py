"""Where to send the browser after a form."""

from urllib.parse import urlsplit

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
