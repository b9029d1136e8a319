"""Configuration read from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class ConfigError(Exception):
    """The environment does not describe a runnable configuration."""


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}.") from None


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL, or a SQLite file in the instance folder when unset."""
    raw = os.environ.get("DATABASE_URL")
    if raw is None:
        return f"sqlite:///{Path(instance_path) / 'roundtable.db'}"
    return validate_database_url(raw)


def validate_database_url(raw: str) -> str:
    """Check that ``raw`` names a database we support, or raise ConfigError."""
    if not raw.strip():
        raise ConfigError("DATABASE_URL is set but empty; unset it for SQLite or give a URL.")
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL "
            "(expected e.g. postgresql+psycopg://user@host/db or sqlite:///path.db)."
        ) from None
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"DATABASE_URL uses '{url.get_backend_name()}'; Roundtable supports "
            "SQLite and PostgreSQL only."
        )
    if url.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which we do not install.
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def ratelimit_storage_uri() -> str:
    """Return RATELIMIT_STORAGE_URI (memory by default), checking Redis is installed if named."""
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if uri.split(":", 1)[0] in ("redis", "rediss", "redis+sentinel", "redis+cluster"):
        try:
            import redis  # noqa: F401
        except ImportError:
            raise ConfigError(
                "RATELIMIT_STORAGE_URI names Redis but the redis package is not installed; "
                "install it with: pip install 'roundtable[redis]'."
            ) from None
    return uri


def secret_key(instance_path: str) -> str:
    """Return SECRET_KEY, or one generated once and kept in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def secret_key_fallbacks() -> list[str]:
    """SECRET_KEY_FALLBACKS: earlier keys, oldest first, separated by commas or spaces."""
    raw = os.environ.get("SECRET_KEY_FALLBACKS", "")
    return [key for key in raw.replace(",", " ").split() if key]


def from_environment(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config from environment variables, then apply ``overrides``."""
    overrides = dict(overrides or {})
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        overrides["SQLALCHEMY_DATABASE_URI"] = validate_database_url(
            overrides["SQLALCHEMY_DATABASE_URI"]
        )
    settings = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or secret_key(instance_path),
        # Keys that still verify sessions, CSRF tokens, door codes and manage links.
        "SECRET_KEY_FALLBACKS": secret_key_fallbacks(),
        "SQLALCHEMY_DATABASE_URI": overrides.get("SQLALCHEMY_DATABASE_URI")
        or database_url(instance_path),
        # Error messages must not carry bound values: names, emails, bodies with links.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "DEFAULT_TIMEZONE": os.environ.get("DEFAULT_TIMEZONE", "America/Phoenix"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Roundtable <noreply@localhost>"
        ),
        "MAIL_TIMEOUT": _int("MAIL_TIMEOUT", 30),
        "MAIL_MAX_ATTEMPTS": _int("MAIL_MAX_ATTEMPTS", 8),
        # A registration's confirmation is written by the deliverer, not the request.
        "MAIL_WRITE_LATER": _bool("MAIL_WRITE_LATER", True),
        # Without MAIL_SERVER, messages are written here as .eml files instead.
        "MAIL_OUTBOX_DIR": os.environ.get("MAIL_OUTBOX_DIR")
        or str(Path(instance_path) / "outbox"),
        "REMINDER_HOURS": _int("REMINDER_HOURS", 24),
        # Zoom, Server-to-Server OAuth (roundtable/zoom/). Without the three credentials
        # events keep a pasted link and nothing calls Zoom.
        "ZOOM_ACCOUNT_ID": os.environ.get("ZOOM_ACCOUNT_ID", ""),
        "ZOOM_CLIENT_ID": os.environ.get("ZOOM_CLIENT_ID", ""),
        "ZOOM_CLIENT_SECRET": os.environ.get("ZOOM_CLIENT_SECRET", ""),
        "ZOOM_WEBHOOK_SECRET_TOKEN": os.environ.get("ZOOM_WEBHOOK_SECRET_TOKEN", ""),
        "ZOOM_API_URL": os.environ.get("ZOOM_API_URL", "https://api.zoom.us/v2").rstrip("/"),
        "ZOOM_OAUTH_URL": os.environ.get("ZOOM_OAUTH_URL", "https://zoom.us/oauth/token"),
        "ZOOM_TIMEOUT": _float("ZOOM_TIMEOUT", 15.0),
        # First wait after a 5xx or a timeout; doubled each time, ZOOM_RETRIES times.
        "ZOOM_BACKOFF": _float("ZOOM_BACKOFF", 1.0),
        "ZOOM_RETRIES": _int("ZOOM_RETRIES", 4),
        # How long a worker holds the tasks it claimed before another may take them.
        "ZOOM_LEASE_SECONDS": _int("ZOOM_LEASE_SECONDS", 120),
        "ZOOM_MAX_ATTEMPTS": _int("ZOOM_MAX_ATTEMPTS", 6),
        "RATELIMIT_STORAGE_URI": ratelimit_storage_uri(),
        # A Redis outage must not take registration down with it: log and let requests in.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        # Requests one API token may make (docs/api.md), in Flask-Limiter's syntax.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        # Requests one client address may make to the public API (no token).
        "API_PUBLIC_RATE_LIMIT": os.environ.get("API_PUBLIC_RATE_LIMIT", "300 per minute"),
        # Outgoing webhooks (webhooks/delivery.py): seconds per POST, failures in a row
        # before an endpoint is disabled, and whether private addresses may be called.
        "WEBHOOK_TIMEOUT": _float("WEBHOOK_TIMEOUT", 10.0),
        "WEBHOOK_DISABLE_AFTER": _int("WEBHOOK_DISABLE_AFTER", 20),
        "WEBHOOK_ALLOW_PRIVATE": _bool("WEBHOOK_ALLOW_PRIVATE"),
        "PROXY_FIX_HOPS": _int("PROXY_FIX_HOPS", 0),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_DURATION": timedelta(days=_int("REMEMBER_COOKIE_DAYS", 30)),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        # Tests use a cheap pbkdf2 setting; production keeps werkzeug's scrypt default.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
    }
    settings.update(overrides)
    # Flask-WTF signs with the last key of a list and accepts any: fallbacks then current.
    if settings["SECRET_KEY_FALLBACKS"] and "WTF_CSRF_SECRET_KEY" not in overrides:
        settings["WTF_CSRF_SECRET_KEY"] = [*settings["SECRET_KEY_FALLBACKS"],
                                           settings["SECRET_KEY"]]
    # One switch for both cookies: a Secure session beside a plain remember cookie leaks.
    if "SESSION_COOKIE_SECURE" in overrides and "REMEMBER_COOKIE_SECURE" not in overrides:
        settings["REMEMBER_COOKIE_SECURE"] = bool(overrides["SESSION_COOKIE_SECURE"])
    return settings
