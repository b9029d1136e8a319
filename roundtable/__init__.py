"""Roundtable: a hybrid event manager."""

import logging
import os

from flask import Flask
from flask_babel import lazy_gettext
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from roundtable import config as config_module
from roundtable.config import ConfigError
from roundtable.extensions import csrf, db, limiter, login_manager, migrate
from roundtable.sessions import PublicAwareSessionInterface

__all__ = ["ConfigError", "create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Create and configure the application."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path, config))
    app.session_interface = PublicAwareSessionInterface()

    from roundtable.security import BoundedIntConverter

    # Before any route is added: every <int:...> in a URL stays within a database integer.
    app.url_map.converters["int"] = BoundedIntConverter
    _init_extensions(app)
    _register_blueprints(app)
    _connect_receivers()
    _register_template_helpers(app)
    # Configure the ORM mappers now, not in a worker's first request (~0.2 s).
    configure_mappers()
    _protect_logs(app)

    from roundtable import errors, security

    errors.register(app)
    security.register(app)

    from roundtable.cli import roundtable_cli

    app.cli.add_command(roundtable_cli)

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _init_extensions(app: Flask) -> None:
    from roundtable import models  # noqa: F401  (registers every table with the metadata)

    db.init_app(app)
    migrate.init_app(
        app, db, directory=os.path.join(app.root_path, "..", "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to manage events.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str):
        from roundtable.auth.services import load_session_user

        return load_session_user(session_id)


def _register_blueprints(app: Flask) -> None:
    import importlib

    # Calendar first: /events/<slug>.ics must win over /events/<slug>.
    for name in ("calendar", "auth", "events", "orgs", "agenda", "registration", "mail",
                 "ownership", "recap", "attendance", "zoom"):
        importlib.import_module(f"roundtable.{name}.routes")
        app.register_blueprint(importlib.import_module(f"roundtable.{name}").bp)
    app.register_blueprint(importlib.import_module("roundtable.health").bp)
    importlib.import_module("roundtable.api").init_app(app)
    # Its signal receivers queue deliveries; its routes are the organizer's endpoints.
    importlib.import_module("roundtable.webhooks.queue")
    importlib.import_module("roundtable.webhooks.routes")
    app.register_blueprint(importlib.import_module("roundtable.webhooks").bp)


def _connect_receivers() -> None:
    """The outputs that react to what the domains announce (roundtable/signals.py)."""
    from roundtable.auth import notify as account_notify
    from roundtable.calendar import stamps  # noqa: F401  (its session listener)
    from roundtable.mail import notices
    from roundtable.registration import notify

    notify.connect()
    notices.connect()
    account_notify.connect()


def _register_template_helpers(app: Flask) -> None:
    from roundtable import formatting, i18n, labels, typesetting

    i18n.register(app)
    formatting.register(app)
    labels.register(app)
    typesetting.register(app)
    from roundtable import zoom

    zoom.register(app)
    # Last, once every domain and extension has added its filters.
    i18n.render_time_helpers(app)


class _RedactTokens(logging.Filter):
    """Keep manage tokens out of access logs, and personal data out of logged errors."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        from roundtable.security import redact, redact_error

        clean = redact_error if record.levelno >= logging.WARNING else redact
        if isinstance(record.msg, str):
            record.msg = clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(clean(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            # Gunicorn's access log passes a dict subclass of atoms with defaults for
            # missing keys: redact it in place so it keeps its type.
            for key, value in record.args.items():
                if isinstance(value, str):
                    record.args[key] = clean(value)
        if record.levelno >= logging.WARNING and not isinstance(record.args, dict):
            # Exception messages are arguments too ("%s", exc): make them text first.
            try:
                record.msg, record.args = clean(record.getMessage()), ()
            except (TypeError, ValueError):
                pass  # a malformed call: leave it for logging to report, as it would
        if record.exc_info:
            # A traceback's last line is the exception's message, which for a database
            # error quotes the failing values: log the redacted text instead of the object.
            text = record.exc_text or self._formatter.formatException(record.exc_info)
            record.exc_text, record.exc_info = redact_error(text), None
        if record.stack_info:
            record.stack_info = redact_error(record.stack_info)
        return True


# Loggers whose records can carry request paths or error text. A logger's filter
# does not see its children's records, so the children we create are listed too.
PROTECTED_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "sqlalchemy",
                     "sqlalchemy.engine", "sqlalchemy.engine.Engine", "sqlalchemy.pool",
                     "roundtable.mail", "roundtable.health", "flask_limiter")


def _protect_logs(app: Flask) -> None:
    # app.logger too: Flask logs "Exception on <path>" with the traceback for every 500.
    for name in (*PROTECTED_LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactTokens) for f in logger.filters):
            logger.addFilter(_RedactTokens())
