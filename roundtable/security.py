"""Response headers and log redaction that keep secrets where they belong."""

import hashlib
import re
from urllib.parse import unquote

from flask import Flask, abort, g, make_response, request
from werkzeug.routing import IntegerConverter

from roundtable.validation import MAX_ID

# Manage tokens, signed check-in links and account links live in URL paths, and in
# query values that name such a path (/login?next=/checkin/scan/<code>). Matched on
# the decoded text, in any case, with any run of slashes, as a server would route it.
_TOKEN_IN_PATH = re.compile(
    r"(/+(?:registrations|checkin/+scan|account/+(?:reset|invitation|confirm-email))/+)"
    r"[A-Za-z0-9_\-.~]+",
    re.IGNORECASE,
)
# A URL's own escapes, possibly applied twice (%252F): undone before matching.
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# URL arguments that name a secret in the path: the response depends on it.
SECRET_VIEW_ARGS = frozenset({"token", "code"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# Organizer pages show the Zoom passcode and attendee data: no cache may keep them.
# Beyond these, any response for a signed-in user, or to a URL carrying a secret,
# is no-store by default (private_response).
PRIVATE_PREFIXES = ("/manage/", "/account")


def private(page, status: int = 200):
    """A page behind an emailed secret (a manage or account link): never cached or indexed."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` matching only ids a PostgreSQL integer holds (larger: 404, not a 500)."""

    def __init__(self, map, *args, max=MAX_ID, **kwargs) -> None:  # noqa: A002
        super().__init__(map, *args, max=max, **kwargs)


# What else may reach a log through a database error: addresses (PostgreSQL's
# "DETAIL: Key (email)=(...)"), any bound values SQLAlchemy prints, and URLs
# (email bodies hold manage links and Zoom links).
_EMAIL = re.compile(r"[\w.+'%-]+@[\w-]+(?:\.[\w-]+)+")
_DETAIL = re.compile(r"(DETAIL:|Failing row contains|Key \().*")
_PARAMETERS = re.compile(r"\[parameters: .*")
_URL = re.compile(r"(?:https?|zoommtg)://\S*", re.IGNORECASE)


def token_digest(token: str) -> str:
    """What the database keeps of an emailed link's secret: its SHA-256, never the secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def redact(text: str) -> str:
    """Replace secret tokens in a URL or log line with a placeholder.

    Percent-escapes are undone first (up to three times, for doubly encoded
    text), so ``/%72egistrations/<token>``, ``/registrations%2F<token>`` and
    ``?next=%2Fcheckin%2Fscan%2F<code>`` are caught as the server reads them.
    """
    decoded = text
    for _attempt in range(3):
        if not _ESCAPE.search(decoded):
            break
        decoded = unquote(decoded)
    if decoded != text and _TOKEN_IN_PATH.search(decoded):
        text = decoded  # logged as the server read it, so the token can be cut out
    return _TOKEN_IN_PATH.sub(r"\1[redacted]", text)


def redact_error(text: str) -> str:
    """Redact an error message or traceback for the log: tokens, values, addresses, URLs."""
    text = redact(text)
    text = _PARAMETERS.sub("[parameters: redacted]", text)
    text = _DETAIL.sub(r"\1 [redacted]", text)
    text = _URL.sub("[link]", text)
    return _EMAIL.sub("[email]", text)


def _private_response() -> bool:
    """Whether the response depends on who is signed in (or is an organizer page)."""
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if g.get("public_response") or request.endpoint == "static":
        return False  # built from public data only (sessions.py), whoever asks
    user = g.get("_login_user")  # Flask-Login's user, once anything asked for it
    return bool(user is not None and user.is_authenticated)


def _secret_in_url() -> bool:
    return bool(SECRET_VIEW_ARGS & set(request.view_args or ()))


def _has_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


def accepts_files(*names: str):
    """Mark a view whose form takes file uploads in the named fields (all others get 400)."""

    def mark(view):
        view.file_fields = frozenset(names)
        return view

    return mark


def register(app: Flask) -> None:
    """Refuse NUL bytes in requests; add security headers to every response."""

    @app.before_request
    def refuse_nul_bytes():
        # No browser sends NUL in a form or URL, and PostgreSQL text cannot store one
        # (the driver raises): answer 400 before any query runs.
        if "\x00" in request.path or _has_nul(request.args.items(multi=True)):
            abort(400)
        if request.method not in ("POST", "PUT", "PATCH"):
            return
        if _has_nul(request.form.items(multi=True)):
            abort(400)
        # A file part where a text field belongs is refused (Flask-WTF would hand the
        # form a FileStorage instead of text); only fields a view names take files.
        view = app.view_functions.get(request.endpoint or "")
        allowed = getattr(view, "file_fields", frozenset())
        if any(name not in allowed for name in request.files):
            abort(400)

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Manage links carry secrets in the path: never send them to other sites.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if _private_response():
            response.headers["Cache-Control"] = "no-store"
        elif _secret_in_url():  # a view may choose a private cache (the private feed)
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
