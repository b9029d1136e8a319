"""Error pages: plain, helpful, never a traceback or a secret."""

from flask import Flask, g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from roundtable.validation import FieldErrors

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Forbidden"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept.")),
    429: (_l("Too many requests"), _l("Too many requests. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. Please try again.")),
}


def _render(code: int, detail: str | None = None):
    g.error_page = True
    title, message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template("errors/error.html", code=code, title=title, message=detail or message),
        code,
    )


def _page_or_json(error, code: int):
    # The API answers in JSON with a machine-readable code (roundtable/api/errors.py).
    from roundtable.api.errors import from_exception, is_api_request

    if is_api_request():
        return from_exception(error)
    return _render(code)


def register(app: Flask) -> None:
    """Install handlers for the HTTP errors users can meet."""
    for code in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429):
        app.register_error_handler(
            code, lambda e, code=code: _page_or_json(e, code if code in MESSAGES else 400))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            _("Your form expired or was not sent from this site, so nothing was changed. "
              "Go back, reload the page and try again."),
        )

    @app.errorhandler(FieldErrors)
    def refused(error):
        # A rule checked at flush (public_text.py) on a path without its own form:
        # nothing was saved, and the reader is told why rather than shown a 500.
        from roundtable.extensions import db

        db.session.rollback()
        return _render(400, " ".join(error.errors.values()))

    @app.errorhandler(500)
    def server_error(error):
        from roundtable.extensions import db

        db.session.rollback()
        from roundtable.api.errors import api_error, is_api_request

        return api_error(500) if is_api_request() else _render(500)
