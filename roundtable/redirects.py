"""Where to send the browser after a form: the one place that accepts a redirect target."""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from flask import request


def _has_control(text: str) -> bool:
    return any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)


def is_local_path(target: str) -> bool:
    """Return whether ``target`` is a path on this site that no browser reads as another host."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return False
    # Browsers drop tabs and newlines and read backslashes as slashes, so "/\t/x" and
    # "/\\x" mean "//x"; a decoded "%2F%2F" can reach a later redirect the same way.
    for candidate in (target, unquote(target), unquote(unquote(target))):
        if candidate.startswith("//") or "\\" in candidate or _has_control(candidate):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True


def safe_next(default: str, target: str | None = None) -> str:
    """Return ``target`` (default: ?next=) if it is a path on this site, else ``default``."""
    if target is None:
        target = request.values.get("next")
    return target if target and is_local_path(target) else default


def with_params(url: str, **params) -> str:
    """Return ``url`` with query parameters added (or replaced)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))
