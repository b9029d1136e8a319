"""A fake Zoom: a real HTTP server on a free port, in a thread, for tests without the internet.

It speaks the Server-to-Server OAuth token endpoint and the API endpoints
Roundtable uses, and checks every request as Zoom's API description requires:
method and path, the Bearer token (expired tokens get 401 code 124), JSON
bodies (required fields, known fields only, types). It can be told to expire
tokens, answer 429 with Retry-After, 5xx, stall past the client's timeout, and
it returns Zoom's error codes where Zoom would: 3027 (a host registered as a
registrant), 3043 (the meeting is full), 3001 (no such meeting). Lists are
paged with next_page_token.

It is stricter than Zoom in one way: registering an email twice creates a
second registrant, so tests see any duplicate the client would have caused.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET = "acct-FAKE", "client-FAKE", "secret-FAKE-do-not-log"
HOST_EMAIL = "host@university.example"

REGISTRANT_FIELDS = {"first_name", "last_name", "email", "address", "city", "state", "zip",
                     "country", "phone", "comments", "custom_questions", "industry",
                     "job_title", "no_of_employees", "org", "purchasing_time_frame",
                     "role_in_purchase_process", "language", "auto_approve"}
MEETING_FIELDS = {"agenda", "default_password", "duration", "password", "pre_schedule",
                  "recurrence", "schedule_for", "settings", "start_time", "template_id",
                  "timezone", "topic", "tracking_fields", "type"}
SETTINGS_FIELDS = {"approval_type", "registration_type", "waiting_room", "join_before_host",
                   "registrants_confirmation_email", "registrants_email_notification",
                   "host_video", "participant_video", "mute_upon_entry", "audio",
                   "auto_recording", "contact_name", "contact_email", "close_registration",
                   "email_notification", "meeting_authentication", "panelists_video",
                   "practice_session", "hd_video", "allow_multiple_devices"}
START_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$")


class Invalid(Exception):
    def __init__(self, status, code, message):
        self.status, self.code, self.message = status, code, message


@dataclass
class Fault:
    path: re.Pattern
    status: int = 500
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    stall: float = 0.0   # seconds to wait before answering (a timeout for the client)
    times: int = 1


class FakeZoom:
    """State and behaviour; ``url`` and ``oauth_url`` once started."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tokens: dict[str, float] = {}   # token -> expiry (monotonic)
        self.token_lifetime = 3600
        self.token_requests = 0
        self.meetings: dict[str, dict] = {}
        self.registrants: dict[str, list[dict]] = {}   # meeting id -> registrants
        self.participants: dict[str, list[dict]] = {}  # meeting id -> report rows
        self.capacity: dict[str, int] = {}
        self.past: dict[str, dict] = {}                # meeting id -> start_time, end_time
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, dict, object]] = []
        self.page_size_cap = 300
        self.ids = itertools.count(81234567890)
        self.arrived = threading.Event()  # set on every batch registration received
        self.slow_batches = 0.0           # seconds each batch registration takes
        self.server: ThreadingHTTPServer | None = None

    # --- test controls ----------------------------------------------------------

    def start(self) -> FakeZoom:
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.base + "/v2"

    @property
    def oauth_url(self) -> str:
        return self.base + "/oauth/token"

    def env(self) -> dict:
        return {"ZOOM_ACCOUNT_ID": ACCOUNT_ID, "ZOOM_CLIENT_ID": CLIENT_ID,
                "ZOOM_CLIENT_SECRET": CLIENT_SECRET, "ZOOM_API_URL": self.url,
                "ZOOM_OAUTH_URL": self.oauth_url}

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def fail(self, path: str, status: int = 500, *, code: int | None = None,
             message: str = "", headers: dict | None = None, stall: float = 0.0,
             times: int = 1) -> None:
        """The next ``times`` requests whose path matches answer ``status`` (or stall)."""
        body = {"code": code, "message": message} if code or message else None
        with self.lock:
            self.faults.append(Fault(re.compile(path), status, body, headers or {}, stall, times))

    def calls(self, method: str, pattern: str) -> list:
        return [r for r in self.requests if r[0] == method and re.search(pattern, r[1])]

    def live_registrants(self, meeting_id: str) -> list[dict]:
        return [r for r in self.registrants.get(str(meeting_id), []) if r["status"] == "approved"]

    # --- behaviour --------------------------------------------------------------

    def handle(self, method, path, query, headers, body):
        with self.lock:
            self.requests.append((method, path, query, body))
            fault = next((f for f in self.faults if f.path.search(path)), None)
            if fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
        if fault is not None:
            if fault.stall:
                time.sleep(fault.stall)
            if fault.status:
                return fault.status, fault.body, fault.headers
        if path == "/oauth/token":
            return self._token(method, query, headers)
        if not path.startswith("/v2/"):
            raise Invalid(404, None, "not an API path")
        self._authorize(headers)
        return self._route(method, path[3:], query, body)

    def _token(self, method, query, headers):
        if method != "POST":
            raise Invalid(405, None, "token: POST only")
        if query.get("grant_type") != ["account_credentials"] or \
                query.get("account_id") != [ACCOUNT_ID]:
            raise Invalid(400, None, "unsupported grant type or account")
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if headers.get("Authorization") != f"Basic {expected}":
            raise Invalid(401, None, "Invalid client_id or client_secret")
        token = "tok-" + secrets.token_hex(8)
        with self.lock:
            self.token_requests += 1
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return 200, {"access_token": token, "token_type": "bearer",
                     "expires_in": self.token_lifetime, "scope": "meeting:write"}, {}

    def _authorize(self, headers):
        auth = headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        with self.lock:
            expiry = self.tokens.get(token) if auth.startswith("Bearer ") else None
        if expiry is None or expiry < time.monotonic():
            raise Invalid(401, 124, "Invalid access token.")

    def _route(self, method, path, query, body):
        routes = [
            ("GET", r"/users/([^/]+)", self._user),
            ("POST", r"/users/([^/]+)/(meeting|webinar)s", self._create),
            ("GET", r"/users/([^/]+)/(meeting|webinar)s", self._list_meetings),
            ("GET", r"/(meeting|webinar)s/(\d+)", self._get),
            ("PATCH", r"/(meeting|webinar)s/(\d+)", self._update),
            ("DELETE", r"/(meeting|webinar)s/(\d+)", self._delete),
            ("POST", r"/(meeting|webinar)s/(\d+)/registrants", self._register),
            ("POST", r"/(meeting|webinar)s/(\d+)/batch_registrants", self._batch),
            ("GET", r"/(meeting|webinar)s/(\d+)/registrants", self._list_registrants),
            ("PUT", r"/(meeting|webinar)s/(\d+)/registrants/status", self._status),
            ("GET", r"/report/(meeting|webinar)s/(\d+)/participants", self._report),
            ("GET", r"/past_meetings/(\d+)", self._past),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                return handler(*match.groups(), query=query, body=body)
        if any(re.fullmatch(p, path) for _, p, _ in routes):
            raise Invalid(405, None, f"{method} not allowed on {path}")
        raise Invalid(404, None, f"no such endpoint {path}")

    def _user(self, user, **_):
        if user not in ("me", HOST_EMAIL):
            raise Invalid(404, 1001, f"User does not exist: {user}.")
        return 200, {"id": "host-user-id", "email": HOST_EMAIL, "first_name": "Ana",
                     "last_name": "Barceló Durazo", "type": 2, "status": "active"}, {}

    def _meeting(self, kind, meeting_id):
        meeting = self.meetings.get(meeting_id)
        if meeting is None or meeting["kind"] != kind:
            raise Invalid(404, 3001, f"Meeting does not exist: {meeting_id}.")
        return meeting

    def _check_meeting_body(self, body, creating):
        _object(body)
        _known(body, MEETING_FIELDS, "meeting")
        _known(body.get("settings") or {}, SETTINGS_FIELDS, "settings")
        if creating and not isinstance(body.get("topic"), str):
            raise Invalid(400, 300, "topic is required")
        if "start_time" in body and not START_TIME.match(str(body["start_time"])):
            raise Invalid(400, 300, "Invalid field: start_time")
        if "duration" in body and not isinstance(body["duration"], int):
            raise Invalid(400, 300, "Invalid field: duration")
        if "agenda" in body and len(body["agenda"]) > 2000:
            raise Invalid(400, 300, "agenda longer than 2000 characters")
        if "type" in body and body["type"] not in (1, 2, 3, 5, 6, 8, 9):
            raise Invalid(400, 300, "Invalid field: type")

    def _create(self, user, kind, body, **_):
        if user not in ("me", HOST_EMAIL):
            raise Invalid(404, 1001, f"User {user} not exist or not belong to this account.")
        self._check_meeting_body(body, creating=True)
        meeting_id = str(next(self.ids))
        password = body.get("password") or secrets.token_hex(3)
        meeting = {"kind": kind, "id": int(meeting_id), "topic": body["topic"], "type":
                   body.get("type", 2), "start_time": body.get("start_time"),
                   "duration": body.get("duration"), "timezone": body.get("timezone"),
                   "agenda": body.get("agenda", ""), "settings": body.get("settings", {}),
                   "password": password, "host_email": HOST_EMAIL,
                   "join_url": f"https://zoom.us/{'w' if kind == 'webinar' else 'j'}/"
                               f"{meeting_id}?pwd=shared{secrets.token_hex(4)}",
                   "start_url": f"https://zoom.us/s/{meeting_id}?zak=host{secrets.token_hex(8)}"}
        with self.lock:
            self.meetings[meeting_id] = meeting
            self.registrants[meeting_id] = []
        return 201, meeting, {}

    def _list_meetings(self, user, kind, query, **_):
        rows = [m for m in self.meetings.values() if m["kind"] == kind]
        return 200, _page(rows, f"{kind}s", query, self.page_size_cap), {}

    def _get(self, kind, meeting_id, **_):
        return 200, self._meeting(kind, meeting_id), {}

    def _update(self, kind, meeting_id, body, **_):
        meeting = self._meeting(kind, meeting_id)
        self._check_meeting_body(body, creating=False)
        with self.lock:
            settings = {**meeting["settings"], **body.pop("settings", {})}
            meeting.update(body, settings=settings)
        return 204, None, {}

    def _delete(self, kind, meeting_id, **_):
        self._meeting(kind, meeting_id)
        with self.lock:
            del self.meetings[meeting_id]
        return 204, None, {}

    def _add(self, meeting_id, person):
        _object(person)
        _known(person, REGISTRANT_FIELDS, "registrant")
        for name in ("email", "first_name"):
            if not isinstance(person.get(name), str) or not person[name]:
                raise Invalid(400, 300, f"{name} is required")
        if person["email"].casefold() == HOST_EMAIL:
            raise Invalid(400, 3027, "Host or co-host cannot register for the meeting.")
        live = self.live_registrants(meeting_id)
        if meeting_id in self.capacity and len(live) >= self.capacity[meeting_id]:
            raise Invalid(400, 3043, "Meeting has reached maximum attendee capacity.")
        registrant_id = secrets.token_urlsafe(12)
        entry = {"id": registrant_id, "email": person["email"],
                 "first_name": person["first_name"], "last_name": person.get("last_name", ""),
                 "status": "approved",
                 "join_url": f"https://zoom.us/w/{meeting_id}?tk={secrets.token_urlsafe(16)}"}
        self.registrants[meeting_id].append(entry)
        return entry

    def _register(self, kind, meeting_id, body, **_):
        meeting = self._meeting(kind, meeting_id)
        with self.lock:
            entry = self._add(meeting_id, body)
        return 201, {"id": meeting["id"], "registrant_id": entry["id"],
                     "join_url": entry["join_url"], "topic": meeting["topic"],
                     "start_time": meeting["start_time"]}, {}

    def _batch(self, kind, meeting_id, body, **_):
        self._meeting(kind, meeting_id)
        _object(body)
        _known(body, {"auto_approve", "registrants_confirmation_email", "registrants"}, "batch")
        people = body.get("registrants")
        if not isinstance(people, list) or not 1 <= len(people) <= 30:
            raise Invalid(400, 300, "registrants: 1 to 30 people")
        self.arrived.set()
        if self.slow_batches:
            time.sleep(self.slow_batches)
        with self.lock:
            out = []
            for person in people:
                _known(person, {"email", "first_name", "last_name"}, "batch registrant")
                entry = self._add(meeting_id, person)
                out.append({"email": entry["email"], "registrant_id": entry["id"],
                            "join_url": entry["join_url"]})
        return 200, {"registrants": out}, {}

    def _list_registrants(self, kind, meeting_id, query, **_):
        self._meeting(kind, meeting_id)
        status = query.get("status", ["approved"])[0]
        rows = [r for r in self.registrants[meeting_id] if r["status"] == status]
        return 200, _page(rows, "registrants", query, self.page_size_cap), {}

    def _status(self, kind, meeting_id, body, **_):
        self._meeting(kind, meeting_id)
        _object(body)
        if body.get("action") not in ("approve", "cancel", "deny"):
            raise Invalid(400, 300, "action must be approve, cancel or deny")
        people = body.get("registrants") or []
        if len(people) > 30:
            raise Invalid(400, 300, "at most 30 registrants")
        with self.lock:
            for person in people:
                _known(person, {"id", "email"}, "registrant")
                for entry in self.registrants[meeting_id]:
                    if entry["id"] == person.get("id") or (
                            not person.get("id") and entry["email"] == person.get("email")):
                        entry["status"] = {"cancel": "cancelled", "deny": "denied"}.get(
                            body["action"], "approved")
        return 204, None, {}

    def _past(self, meeting_id, **_):
        if meeting_id not in self.past:
            raise Invalid(404, 3001, f"Meeting {meeting_id} not found or has expired.")
        return 200, {"id": int(meeting_id), **self.past[meeting_id]}, {}

    def _report(self, kind, meeting_id, query, **_):
        if meeting_id not in self.participants:
            raise Invalid(404, 3001, f"Meeting {meeting_id} not found or has expired.")
        rows = self.participants[meeting_id]
        if query.get("include_fields") != ["registrant_id"]:
            rows = [{k: v for k, v in r.items() if k != "registrant_id"} for r in rows]
        return 200, _page(rows, "participants", query, self.page_size_cap), {}


def _object(body):
    if not isinstance(body, dict):
        raise Invalid(400, 300, "Request Body should be a valid JSON object.")


def _known(body: dict, allowed: set, what: str) -> None:
    unknown = set(body) - allowed
    if unknown:
        raise Invalid(400, 300, f"Unknown {what} field(s): {sorted(unknown)}")


def _page(rows, field_name, query, cap):
    size = min(int(query.get("page_size", ["30"])[0]), cap)
    start = int(query.get("next_page_token", ["0"])[0] or 0)
    chunk = rows[start:start + size]
    more = start + size < len(rows)
    return {field_name: chunk, "page_size": size, "total_records": len(rows),
            "next_page_token": str(start + size) if more else ""}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeZoom
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _serve(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = None
            if raw:
                if not self.headers.get("Content-Type", "").startswith("application/json"):
                    raise Invalid(415, 300, "JSON bodies only")
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise Invalid(400, 300, "Request Body should be a valid JSON object.") \
                        from None
            elif self.command in ("POST", "PATCH", "PUT") and url.path != "/oauth/token":
                raise Invalid(400, 300, "Request Body should be a valid JSON object.")
            status, answer, headers = self.fake.handle(
                self.command, unquote(url.path), parse_qs(url.query), self.headers, body)
        except Invalid as exc:
            status, answer, headers = exc.status, {"code": exc.code, "message": exc.message}, {}
        data = json.dumps(answer).encode() if answer is not None else b""
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, str(value))
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a stall past its timeout)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve
