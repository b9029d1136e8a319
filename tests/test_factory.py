"""The application factory and configuration from the environment."""

import subprocess
import sys
from pathlib import Path

import pytest

from roundtable import ConfigError, create_app


def test_config_overrides(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret-key"


def test_default_database_is_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "k")
    app = create_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/roundtable.db")


@pytest.mark.parametrize("bad", ["", "   ", "not a url", "mysql://u@h/db", "http://example.com"])
def test_bad_database_url_is_one_clear_error(monkeypatch, bad):
    monkeypatch.setenv("DATABASE_URL", bad)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        create_app({"SECRET_KEY": "k"})


def test_plain_postgresql_url_uses_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@localhost/db")
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_bad_database_url_stops_flask_with_a_sentence(tmp_path):
    env = {"DATABASE_URL": "nonsense", "SECRET_KEY": "k", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "routes"],
        capture_output=True, text=True, env=env, cwd=str(Path(__file__).parents[1]),
    )
    assert result.returncode != 0
    assert "Roundtable cannot start: DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_integer_setting(monkeypatch):
    monkeypatch.setenv("MAIL_PORT", "twenty-five")
    with pytest.raises(ConfigError, match="MAIL_PORT"):
        create_app({"SECRET_KEY": "k"})


def test_secret_key_generated_once_and_persisted(monkeypatch, tmp_path):
    from roundtable.config import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(str(tmp_path))
    assert len(first) >= 64
    assert secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response.headers["Cache-Control"]
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon"' in page and client.get("/static/favicon.svg").status_code == 200
