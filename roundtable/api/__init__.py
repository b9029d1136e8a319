"""The JSON API at /api/v1/: public reads, the organizer API, and its OpenAPI document.

flask-smorest describes the routes from their marshmallow schemas (docs/api.md says
why this library). Its app-wide error handler is not installed: roundtable/errors.py
answers API paths in JSON (api/errors.py) and every other path with an HTML page.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask_smorest import Api

from roundtable.api import schemas

SPEC_SETTINGS = {
    "API_TITLE": "Roundtable API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    # No Swagger UI, ReDoc or RapiDoc: they load from a CDN; /api/v1/docs lists the operations.
    "OPENAPI_SWAGGER_UI_PATH": None,
    "OPENAPI_REDOC_PATH": None,
    "OPENAPI_RAPIDOC_PATH": None,
}

DESCRIPTION = (
    "Published events of this Roundtable site (no token) and, with a personal token, "
    "the registrations of the events you organize. Errors are JSON with a stable "
    "`error.code`. See docs/api.md for authentication, pagination, idempotency and "
    "rate limits."
)


class RoundtableApi(Api):
    """flask-smorest's Api, without its app-wide HTTP error handler."""

    ERROR_SCHEMA = schemas.Error

    def _register_error_handlers(self):
        # roundtable/errors.py answers API paths in JSON (api/errors.py).
        pass


api = RoundtableApi(spec_kwargs={"info": {"description": DESCRIPTION}})

docs_page = Blueprint("api_docs_page", __name__)


@docs_page.route("/api/v1/docs")
def docs():
    """A page listing every operation of the OpenAPI document (no script, no CDN)."""
    spec = api.spec.to_dict()
    return render_template("api/docs.html", spec=spec)


def init_app(app: Flask) -> None:
    for name, value in SPEC_SETTINGS.items():
        app.config.setdefault(name, value)
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "A personal token made on /account/api-tokens."})
    from roundtable.api import organizer, public, token_routes
    from roundtable.extensions import csrf

    # Token requests carry no cookie-borne authority, so CSRF does not apply to them.
    csrf.exempt(organizer.bp)
    api.register_blueprint(public.bp)
    api.register_blueprint(organizer.bp)
    app.register_blueprint(docs_page)
    app.register_blueprint(token_routes.bp)
