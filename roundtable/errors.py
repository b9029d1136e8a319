"""Error pages: plain, helpful, never a traceback or a secret."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have access to this page."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than we accept."),
    429: ("Too many requests", "Too many requests. Please wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error occurred. Please try again."),
}


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template("errors/error.html", code=code, title=title, message=detail or message),
        code,
    )


def register(app: Flask) -> None:
    """Install handlers for the HTTP errors users can meet."""
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda e, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            "Your form expired or was not sent from this site, so nothing was changed. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(500)
    def server_error(error):
        from roundtable.extensions import db

        db.session.rollback()
        return _render(500)
