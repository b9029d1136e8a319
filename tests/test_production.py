"""Serving in production: health check, proxy headers, cookies, limits, error pages, logs."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import request, url_for

from roundtable import ConfigError, create_app
from roundtable.extensions import limiter
from tests import redisutil
from tests.conftest import running_app

ROOT = Path(__file__).parents[1]
TOKEN = "Zx9-secretManageToken_0123456789abcdef"


@pytest.fixture
def limited_app(app_config):
    """The application with rate limiting on, as in production (memory storage)."""
    with running_app({**app_config, "RATELIMIT_ENABLED": True}) as app:
        yield app


# --- /healthz ----------------------------------------------------------------------------


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'nope.db'}"
    app = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    assert "nope.db" not in response.get_data(as_text=True)
    assert "nope.db" not in caplog.text


def test_healthz_is_not_rate_limited(limited_app):
    client = limited_app.test_client()
    codes = {client.get("/healthz").status_code for _ in range(150)}
    assert codes == {200}


# --- proxy headers and cookies ---------------------------------------------------------


def _echo_app(app_config, **extra):
    app = create_app({**app_config, **extra})

    @app.route("/__echo")
    def echo():
        return {
            "remote_addr": request.remote_addr,
            "scheme": request.scheme,
            "host": request.host,
            "external": url_for("events.index", _external=True),
        }

    return app


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "events.example.edu",
}


def test_proxy_headers_are_trusted_only_when_configured(app_config):
    plain = _echo_app(app_config).test_client().get("/__echo", headers=FORWARDED).json
    assert plain["remote_addr"] == "127.0.0.1" and plain["scheme"] == "http"
    assert plain["host"] == "localhost"

    proxied = _echo_app(app_config, PROXY_FIX_HOPS=1).test_client()
    seen = proxied.get("/__echo", headers=FORWARDED).json
    assert seen["remote_addr"] == "203.0.113.7"
    assert seen["scheme"] == "https"
    assert seen["external"] == "https://events.example.edu/"


def test_proxy_fix_hops_from_the_environment(monkeypatch, app_config):
    monkeypatch.setenv("PROXY_FIX_HOPS", "2")
    app = create_app({k: v for k, v in app_config.items() if k != "PROXY_FIX_HOPS"})
    assert app.config["PROXY_FIX_HOPS"] == 2
    # Two proxies: the client is the second address from the right.
    app.add_url_rule("/__ip", "ip", lambda: request.remote_addr)
    headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.2"}
    assert app.test_client().get("/__ip", headers=headers).text == "203.0.113.7"


def test_rate_limits_key_on_the_client_behind_the_proxy(app_config):
    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "PROXY_FIX_HOPS": 1})
    client = app.test_client()
    for _ in range(10):
        client.post("/login", data={}, headers={"X-Forwarded-For": "198.51.100.10"})
    blocked = client.post("/login", data={}, headers={"X-Forwarded-For": "198.51.100.10"})
    other = client.post("/login", data={}, headers={"X-Forwarded-For": "198.51.100.11"})
    assert blocked.status_code == 429
    assert other.status_code != 429


def test_secure_cookies_when_configured(monkeypatch, app_config):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    config = {k: v for k, v in app_config.items() if k != "SESSION_COOKIE_SECURE"}
    app = create_app({**config, "WTF_CSRF_ENABLED": True})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_cookies_not_secure_by_default(monkeypatch, app_config):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    response = app.test_client().get("/login")
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


# --- rate limits -----------------------------------------------------------------------


def test_eleventh_sign_in_in_a_minute_is_refused(limited_app):
    client = limited_app.test_client()
    env = {"REMOTE_ADDR": "192.0.2.11"}
    for _ in range(10):
        response = client.post("/login", data={"email": "a@example.org", "password": "nope"},
                               environ_base=env)
        assert response.status_code != 429
    response = client.post("/login", data={"email": "a@example.org", "password": "nope"},
                           environ_base=env)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many requests" in html and "wait a minute" in html
    assert "Traceback" not in html
    # Reading the sign-in form is never limited.
    assert client.get("/login", environ_base=env).status_code == 200


def test_rate_limits_are_off_when_disabled(client):
    for _ in range(15):
        assert client.post("/login", data={}).status_code != 429


def test_storage_uri_comes_from_the_environment(monkeypatch, app_config):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    create_app(app_config)
    assert type(limiter.storage).__name__ == "MemoryStorage"

    try:
        import redis  # noqa: F401
    except ImportError:
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6399/0")
        with pytest.raises(ConfigError, match=r"roundtable\[redis\]"):
            create_app(app_config)
    else:
        if not redisutil.available():
            pytest.skip("redis-server not found")
        with redisutil.redis_server() as url:
            monkeypatch.setenv("RATELIMIT_STORAGE_URI", url)
            # A disabled limiter never opens its storage.
            app = create_app({**app_config, "RATELIMIT_ENABLED": True})
            assert app.config["RATELIMIT_STORAGE_URI"] == url
            assert "Redis" in type(limiter.storage).__name__
    finally:
        monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
        create_app(app_config)  # leave the shared limiter on memory storage


# --- request size, error pages ---------------------------------------------------------


def test_two_megabyte_post_is_refused_with_413(client):
    body = b"email=" + b"a" * (2 * 1024 * 1024)
    response = client.post("/login", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)


def test_two_megabyte_upload_is_refused_with_413(client, make_event):
    make_event(slug="big")
    response = client.post("/events/big/register", data={"name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_error_page_shows_no_traceback_or_secret(app_config, caplog):
    app = create_app({**app_config, "TESTING": False, "SECRET_KEY": "sk-very-secret-value"})

    @app.route("/registrations/<token>/__boom")
    def boom(token):
        raise RuntimeError(f"database password is hunter2, key {app.secret_key}")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get(f"/registrations/{TOKEN}/__boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    for leak in ("Traceback", "RuntimeError", "hunter2", "sk-very-secret-value", TOKEN,
                 app_config["SQLALCHEMY_DATABASE_URI"]):
        assert leak not in html
    # The log keeps the traceback for us, but not the manage token in the path.
    assert "RuntimeError" in caplog.text
    assert TOKEN not in caplog.text
    assert "/registrations/[redacted]/__boom" in caplog.text


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/healthz"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


# --- gunicorn ----------------------------------------------------------------------------


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("BIND", "0.0.0.0:9000")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["bind"]) == (5, 4, "0.0.0.0:9000")
    monkeypatch.delenv("BIND")
    monkeypatch.delenv("WEB_CONCURRENCY")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "127.0.0.1:8000" and conf["workers"] >= 3


def test_workers_are_replaced_after_max_requests_unless_told_never(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (2000, 200)
    # The benchmark keeps its workers: a replacement's import would land in its windows.
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (0, 0)


def test_gunicorn_access_log_never_contains_a_manage_token():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from roundtable.serving import RedactingLogger

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("access_log_format", conf["access_log_format"])
    cfg.set("logger_class", conf["logger_class"])
    cfg.set("accesslog", "-")
    assert cfg.logger_class is RedactingLogger
    logger = RedactingLogger(cfg)
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect()
    logger.access_log.addHandler(handler)
    logger.access_log.setLevel(logging.INFO)
    page = f"https://events.example.edu/registrations/{TOKEN}"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/registrations/{TOKEN}/mode?next=/registrations/{TOKEN}",
        "PATH_INFO": f"/registrations/{TOKEN}/mode",
        "QUERY_STRING": f"next=/registrations/{TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_REFERER": page,
        "HTTP_USER_AGENT": "test",
    }
    req = SimpleNamespace(headers=[("REFERER", page), ("X-FORWARDED-FOR", "203.0.113.7")])
    resp = SimpleNamespace(status="302 FOUND", sent=0, headers=[("Location", page)])
    try:
        logger.access(resp, req, environ, timedelta(milliseconds=3))
        # A custom format using every field that can carry the path still stays clean.
        cfg.set("access_log_format", '%(r)s %(U)s %(q)s %(f)s %({referer}i)s %({location}o)s')
        logger.access(resp, req, environ, timedelta(milliseconds=3))
    finally:
        logger.access_log.removeHandler(handler)
    assert len(lines) == 2
    assert "203.0.113.7" in lines[0] and "302" in lines[0]
    assert all(TOKEN not in line for line in lines), lines
    assert "/registrations/[redacted]/mode" in lines[0]
    # Gunicorn's plain logger would have written it: the redaction is doing the work.
    assert TOKEN in str(Logger.atoms(logger, resp, req, environ, timedelta(0)))


@pytest.mark.parametrize("url", ["/events/x%00y", "/manage/?q=a%00b", "/login?next=%00"])
def test_nul_bytes_in_urls_are_refused(client, url):
    assert client.get(url).status_code == 400


def test_nul_bytes_in_forms_are_refused(client):
    response = client.post("/login", data={"email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
    assert "could not be understood" in response.get_data(as_text=True)
