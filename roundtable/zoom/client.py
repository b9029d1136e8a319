"""Zoom's REST API over httpx, with a Server-to-Server OAuth token shared by every process.

The token. ``grant_type=account_credentials`` gives an hour-long token; it is
stored in ``zoom_tokens`` (its own short transaction, never the caller's) and
used by every worker and web process until a minute before it expires. A 401
fetches a new one once; a second 401 is an error.

Trouble. A 429 waits ``Retry-After`` (or raises ZoomBusy when that is long, so
the queue retries the task later instead of holding a worker); 5xx answers and
timeouts are retried with doubling waits, ZOOM_RETRIES times, then raise
ZoomUnavailable. Any other 4xx raises ZoomError with Zoom's error code (3043
full meeting, 3027 a host registering, 3001 meeting gone ...).

Pacing. Zoom limits requests per second by rate category (light, medium,
heavy); each process spaces its calls per category below those limits.

Secrets never leave this module in an error: messages carry Zoom's code and
text, never the token, the client secret or a URL.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx
from flask import current_app
from sqlalchemy import delete, insert, select

from roundtable.extensions import db
from roundtable.zoom.models import ZoomToken

log = logging.getLogger("roundtable.zoom")

# Seconds between two calls of a category in one process: under Zoom's per-second
# limits for Pro/Business accounts (light 30/s, medium 20/s, heavy 10/s).
PACE = {"light": 1 / 25, "medium": 1 / 15, "heavy": 1 / 8}
TOKEN_MARGIN = timedelta(seconds=60)
LONGEST_WAIT = 30.0  # a Retry-After longer than this goes back to the queue
_URL = re.compile(r"(?:https?|zoommtg)://\S*", re.IGNORECASE)


class ZoomError(Exception):
    """Zoom refused the request; ``code`` is Zoom's error code when it gave one."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        self.status, self.code = status, code
        self.message = _URL.sub("[link]", message)[:300]
        super().__init__(f"Zoom {status}" + (f" code {code}" if code else "") +
                         f": {self.message}")

    @property
    def not_found(self) -> bool:
        return self.status == 404 or self.code in (3001, 300)


class ZoomUnavailable(ZoomError):
    """Zoom is down, slow or overloaded: nothing is wrong with the request; try later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(503, None, message)
        self.retry_after = retry_after


class ZoomBusy(ZoomUnavailable):
    """A 429 asking to wait longer than a worker should hold its tasks."""


class NotConfigured(Exception):
    """ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are not all set."""


@dataclass(frozen=True)
class Settings:
    account_id: str
    client_id: str
    client_secret: str
    api_url: str
    oauth_url: str
    timeout: float = 15.0
    backoff: float = 1.0
    retries: int = 4

    @classmethod
    def from_config(cls, config) -> Settings:
        if not configured(config):
            raise NotConfigured("Zoom credentials are not set")
        return cls(config["ZOOM_ACCOUNT_ID"], config["ZOOM_CLIENT_ID"],
                   config["ZOOM_CLIENT_SECRET"], config["ZOOM_API_URL"].rstrip("/"),
                   config["ZOOM_OAUTH_URL"], float(config.get("ZOOM_TIMEOUT", 15)),
                   float(config.get("ZOOM_BACKOFF", 1.0)), int(config.get("ZOOM_RETRIES", 4)))

    @property
    def account_key(self) -> str:
        """Which credentials a stored token belongs to, without the secret."""
        return hashlib.sha256(f"{self.account_id}\0{self.client_id}".encode()).hexdigest()

    def __repr__(self) -> str:  # never the secret
        return f"<Zoom Settings account={self.account_id[:4]}… api={self.api_url}>"


def configured(config) -> bool:
    return all(config.get(k) for k in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"))


_pace_lock = threading.Lock()
_last_call: dict[str, float] = {}


def _pace(category: str, sleep) -> None:
    """Wait until this process may make another call of ``category``."""
    with _pace_lock:
        now = time.monotonic()
        ready = _last_call.get(category, 0.0) + PACE.get(category, PACE["medium"])
        wait = max(0.0, ready - now)
        _last_call[category] = now + wait
    if wait:
        sleep(wait)


class ZoomClient:
    """One set of credentials; ``call`` makes one API request with every rule above."""

    def __init__(self, settings: Settings, *, http: httpx.Client | None = None,
                 sleep=time.sleep) -> None:
        self.settings = settings
        self.http = http or httpx.Client(timeout=settings.timeout)
        self.sleep = sleep

    @classmethod
    def from_app(cls, **kwargs) -> ZoomClient:
        return cls(Settings.from_config(current_app.config), **kwargs)

    def close(self) -> None:
        self.http.close()

    # --- the token ------------------------------------------------------------------

    def token(self, *, renew: bool = False) -> str:
        """The stored token while it is good, else a new one (stored for everyone)."""
        key = self.settings.account_key
        with db.engine.begin() as conn:
            row = conn.execute(select(ZoomToken.access_token, ZoomToken.expires_at)
                               .where(ZoomToken.account_key == key)).first()
        now = datetime.now(UTC)
        if row is not None and not renew and row.expires_at - TOKEN_MARGIN > now:
            return row.access_token
        token, lifetime = self._fetch_token()
        with db.engine.begin() as conn:
            conn.execute(delete(ZoomToken).where(ZoomToken.account_key == key))
            conn.execute(insert(ZoomToken).values(
                account_key=key, access_token=token,
                expires_at=now + timedelta(seconds=lifetime)))
        return token

    def _fetch_token(self) -> tuple[str, int]:
        s = self.settings
        response = self._send(lambda: self.http.post(
            s.oauth_url, params={"grant_type": "account_credentials", "account_id": s.account_id},
            auth=(s.client_id, s.client_secret)), "light", safe=True)
        if response.status_code != 200:
            raise _error(response)
        body = response.json()
        log.info("zoom: new access token, valid %ss", body.get("expires_in"))
        return body["access_token"], int(body.get("expires_in", 3600))

    # --- requests -------------------------------------------------------------------

    def call(self, method: str, path: str, *, json=None, params=None,
             category: str = "medium"):
        """One API call; the decoded JSON body, or None for 204."""
        url = self.settings.api_url + path
        token = self.token()
        renewed = False
        while True:
            response = self._send(lambda t=token: self.http.request(
                method, url, json=json, params=params,
                headers={"Authorization": f"Bearer {t}"}), category, safe=method != "POST")
            if response.status_code == 401 and not renewed:
                token, renewed = self.token(renew=True), True
                continue
            if response.status_code >= 400:
                raise _error(response)
            if response.status_code == 204 or not response.content:
                return None
            return response.json()

    def _send(self, request, category: str, *, safe: bool) -> httpx.Response:
        """Send, waiting out 429s and retrying 5xx and timeouts with doubling waits.

        A POST that timed out after it was sent is not sent again here: Zoom may
        have done it. It raises ZoomUnavailable, and the queue's retry looks at
        what Zoom has before doing anything twice.
        """
        wait = self.settings.backoff
        for attempt in range(self.settings.retries + 1):
            _pace(category, self.sleep)
            last = attempt == self.settings.retries
            try:
                response = request()
            except httpx.TransportError as exc:  # timeouts, refused, reset
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if last or not (safe or never_sent):
                    raise ZoomUnavailable(f"no answer from Zoom ({type(exc).__name__})") from None
                self.sleep(wait)
                wait *= 2
                continue
            if response.status_code == 429:
                after = retry_after(response, default=wait)
                if after > LONGEST_WAIT or last:
                    raise ZoomBusy("Zoom asks to wait (429)", retry_after=after)
                log.warning("zoom: 429, waiting %.1fs as Retry-After asks", after)
                self.sleep(after)
                continue
            if response.status_code >= 500:
                if last:
                    raise ZoomUnavailable(f"Zoom answered {response.status_code}")
                self.sleep(wait)
                wait *= 2
                continue
            return response
        raise AssertionError("unreachable")

    # --- the endpoints Roundtable uses ----------------------------------------------

    def user(self, user_id: str = "me") -> dict:
        return self.call("GET", f"/users/{_seg(user_id)}", category="light")

    def create_meeting(self, host: str, kind: str, body: dict) -> dict:
        return self.call("POST", f"/users/{_seg(host)}/{kind}s", json=body)

    def update_meeting(self, kind: str, zoom_id: str, body: dict) -> None:
        self.call("PATCH", f"/{kind}s/{_seg(zoom_id)}", json=body)

    def get_meeting(self, kind: str, zoom_id: str) -> dict:
        return self.call("GET", f"/{kind}s/{_seg(zoom_id)}", category="light")

    def delete_meeting(self, kind: str, zoom_id: str) -> None:
        self.call("DELETE", f"/{kind}s/{_seg(zoom_id)}")

    def add_registrant(self, kind: str, zoom_id: str, person: dict) -> dict:
        return self.call("POST", f"/{kind}s/{_seg(zoom_id)}/registrants",
                         json={**person, "auto_approve": True})

    def add_registrants(self, kind: str, zoom_id: str, people: list[dict]) -> list[dict]:
        """Up to 30 people in one call; their registrant ids and join URLs."""
        body = {"auto_approve": True, "registrants_confirmation_email": False,
                "registrants": people}
        answer = self.call("POST", f"/{kind}s/{_seg(zoom_id)}/batch_registrants", json=body,
                           category="heavy")
        return answer.get("registrants", []) if answer else []

    def registrants(self, kind: str, zoom_id: str, status: str = "approved") -> list[dict]:
        return self._pages(f"/{kind}s/{_seg(zoom_id)}/registrants", "registrants",
                           {"status": status}, "medium")

    def cancel_registrants(self, kind: str, zoom_id: str, people: list[dict]) -> None:
        """Cancel up to 30 registrants ({"id", "email"} each)."""
        self.call("PUT", f"/{kind}s/{_seg(zoom_id)}/registrants/status",
                  json={"action": "cancel", "registrants": people})

    def participants_report(self, kind: str, zoom_id: str) -> list[dict]:
        """Every participant row of an ended meeting, all pages, with registrant ids."""
        return self._pages(f"/report/{kind}s/{_seg(zoom_id)}/participants", "participants",
                           {"include_fields": "registrant_id"}, "heavy")

    def _pages(self, path: str, field: str, params: dict, category: str) -> list[dict]:
        out: list[dict] = []
        token = ""
        while True:
            query = {**params, "page_size": 300}
            if token:
                query["next_page_token"] = token
            page = self.call("GET", path, params=query, category=category) or {}
            out.extend(page.get(field, []))
            token = page.get("next_page_token") or ""
            if not token:
                return out


def _seg(value: str) -> str:
    """A path segment; Zoom's meeting UUIDs may hold '/', which must be encoded twice."""
    once = quote(str(value), safe="")
    return quote(once, safe="") if value.startswith("/") or "//" in value else once


def retry_after(response: httpx.Response, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    raw = response.headers.get("Retry-After", "").strip()
    if not raw:
        return default
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error(response: httpx.Response) -> ZoomError:
    code, message = None, response.reason_phrase
    try:
        body = response.json()
        code, message = body.get("code"), str(body.get("message") or body.get("reason")
                                              or message)
    except ValueError:
        pass
    return ZoomError(response.status_code, code if isinstance(code, int) else None, message)
