"""Flask extensions, created unbound and initialised in the application factory."""

import sqlite3

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_login.utils import decode_cookie, encode_cookie
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata names every constraint."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


class RotatingLoginManager(LoginManager):
    """Flask-Login, also accepting "remember me" cookies signed with a fallback key.

    Flask-Login signs the cookie with SECRET_KEY only; without this, rotating the
    key would sign out everyone who chose to stay signed in.
    """

    def _load_user_from_remember_cookie(self, cookie):
        if decode_cookie(cookie) is None:
            for key in reversed(current_app.config.get("SECRET_KEY_FALLBACKS") or []):
                payload = decode_cookie(cookie, key=key)
                if payload is not None:
                    cookie = encode_cookie(payload)  # the same cookie under the current key
                    break
        return super()._load_user_from_remember_cookie(cookie)


login_manager = RotatingLoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """Enforce foreign keys and let readers work beside a writer on SQLite."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()
