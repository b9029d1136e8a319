"""Response headers and log redaction that keep secrets where they belong."""

import re

from flask import Flask

# Manage tokens and signed check-in links live in URL paths and query strings.
_TOKEN_IN_PATH = re.compile(r"(/registrations/|/checkin/scan/)[A-Za-z0-9_\-.]+")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def redact(text: str) -> str:
    """Replace secret tokens in a URL or log line with a placeholder."""
    return _TOKEN_IN_PATH.sub(r"\1[redacted]", text)


def register(app: Flask) -> None:
    """Add security headers to every response."""

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Manage links carry secrets in the path: never send them to other sites.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
