"""Hostile input sent to every form: no 500, nothing stored that should not be, all escaped.

Generic on purpose, so new forms are covered without touching this file:
- one test per POST endpoint in app.url_map;
- the forms are found by crawling the site as a signed-in organizer (links from
  "/" and "/manage/", every GET route without parameters, a registrant's
  private page), and parsed for their fields and prefilled values;
- each field then gets the corpus that fits it (text fields: markup, SQL,
  CR/LF, NUL, 1 MB; date and number fields: absurd dates and numbers; choices:
  values that are not among them), the rest of the form keeping its valid
  prefilled values, plus raw invalid UTF-8 bytes in every field at once;
- a POST to an endpoint with no form on any page is sent with generic fields.

Rules checked after every POST: the status is below 500; no header carries
CR/LF; if the form was not accepted (no redirect) the database is exactly as
before; an out-of-range date, number or choice is never stored; no page ever
contains the markup unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlencode, urljoin, urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BuildError

from roundtable import create_app
from roundtable.extensions import db

MARKERS = (
    '<script>alert("rt-xss")',
    "<img src=x onerror=alert('rt-xss')",
    'href="javascript:',
    "href='javascript:",
    'src="javascript:',
)

TEXT_PAYLOADS = {
    "script": '<script>alert("rt-xss")</script>',
    "attribute": "\"><img src=x onerror=alert('rt-xss')>",
    "js-url": "javascript:alert('rt-xss')",
    "sql-drop": "Robert'); DROP TABLE events; --",
    "sql-or": "' OR '1'='1' --",
    "crlf": "Tucson\r\nSet-Cookie: rt=evil\r\nX-Injected: yes",
    "nul": "nul\x00byte",
    "bidi": "\u202egnp.exe \U0001f600 \ufeff",
    "100k": "A" * 100_000,
}
# The payloads that are valid text and may be stored: they must come out escaped.
STORABLE = ("script", "attribute", "js-url")
DATE_PAYLOADS = ["0000-01-01T00:00", "99999-01-01T10:00", "2024-02-30T10:00", "2024-02-30",
                 "2024-13-01T25:61", "30/02/2024", "99/99/99999", "1/1/0001"]
NUMBER_PAYLOADS = [str(10**30), "-1", "NaN", "1e309", "2024-02-30"]
CHOICE_PAYLOADS = [str(10**30), "-1", "' OR 1=1 --"]

TEXT_TYPES = {"text", "email", "url", "search", "tel", "password", "textarea", ""}
DATE_TYPES = {"date", "datetime-local", "time", "month", "week"}
NUMBER_TYPES = {"number", "range"}
SKIP_FIELDS = {"csrf_token"}

# Not pages: feeds and exports are checked by their own tests; logout ends the session.
SKIP_CRAWL = (".ics", ".csv", "/logout", "/export")
MAX_PAGES = 120


# --- parsing -----------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)

    def values(self) -> list[tuple[str, str]]:
        """The form as a browser would send it untouched (first radio if none checked)."""
        out, radios = [], {}
        for name, kind, value in self.fields:
            if kind == "radio":
                radios.setdefault(name, value)
            elif kind.startswith("radio-checked"):
                radios[name] = value
            else:
                out.append((name, value))
        return out + list(radios.items())

    def names_of(self, kinds) -> list[str]:
        seen = []
        for name, kind, _ in self.fields:
            base = kind.replace("-checked", "")
            if base in kinds and name not in seen and name not in SKIP_FIELDS:
                seen.append(name)
        return seen


class _Parser(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base, self.links, self.forms = base, [], []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(urljoin(self.base, a.get("action") or self.base))
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "text" and {"date", "time"} & set(a.get("class", "").split()):
                kind = "date"  # the date and time boxes of roundtable/fields.py
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                if kind == "checkbox" and "checked" not in a:
                    return
                kind = kind + ("-checked" if "checked" in a else "")
                self._form.fields.append((a["name"], kind, value))
            else:
                self._form.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, "textarea", "".join(self._text)))
            self._textarea = None


# --- the world ---------------------------------------------------------------------------


def _post_endpoints() -> list[str]:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())})


@dataclass
class World:
    token: str
    params: dict


def _seed(app, make_user) -> World:
    """The demo data (the ``demo`` fixture), an admin who organizes every event, and
    registrations on the next one."""
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.auth.models import User
    from roundtable.demo import demo_organizer
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor
    from roundtable.registration import services
    from roundtable.registration.models import Registration

    user_id = make_user(email="hostile@example.org", is_admin=True)
    with app.app_context():
        admin = db.session.get(User, user_id)
        events = list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))
        for event in events:
            event.organizers.append(admin)
        upcoming = events[0]
        upcoming.capacity_in_person = 1
        db.session.commit()
        token = services.register(upcoming, name="Ada Lovelace", email="ada@example.org",
                                  mode="in_person", attends_reception=True).token
        services.register(upcoming, name="Wait Listed", email="wait@example.org",
                          mode="in_person", attends_reception=False)
        services.register(upcoming, name="On Line", email="online@example.org", mode="online")
        db.session.commit()
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.event_id == upcoming.id)
                                 .order_by(AgendaItem.id))
        role = db.session.scalar(select(AgendaRole).order_by(AgendaRole.id))
        sponsor = db.session.scalar(select(EventSponsor).where(
            EventSponsor.event_id == upcoming.id).order_by(EventSponsor.id))
        registration = db.session.scalar(select(Registration).order_by(Registration.id))
        # A Zoom participant to match by hand (attendance/routes.py: decide).
        from roundtable.attendance.models import OnlineAttendee

        attendee = OnlineAttendee(event_id=upcoming.id, identity="name:zoom guest",
                                  name="Zoom Guest", first_join_at=upcoming.starts_at,
                                  last_leave_at=upcoming.ends_at, status="unmatched")
        db.session.add(attendee)
        db.session.commit()
        params = {
            "event_id": upcoming.id, "slug": upcoming.slug, "token": token,
            "item_id": item.id if item else 1, "role_id": role.id if role else 1,
            "sponsor_id": sponsor.id if sponsor else 1,
            "organization_id": sponsor.organization_id if sponsor else 1,
            "person_id": role.person_id if role else 1,
            "registration_id": registration.id, "user_id": demo_organizer().id,
            "kind": "organizations",
            "record_id": sponsor.organization_id if sponsor else 1,
            "material_id": 1, "quote_id": 1,  # none exist: these forms answer 404
            "token_id": 1, "endpoint_id": 1,  # API tokens, webhook endpoints: none either
            "attendee_id": attendee.id,
        }
    return World(token, params)


def _snapshot() -> dict:
    """Every row of every table, to prove a refused form changed nothing."""
    db.session.expire_all()
    out = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in conn.execute(table.select().order_by(*order))]
    return out


def _diff(before: dict, after: dict) -> str:
    return ", ".join(f"{t}: {len(before[t])} -> {len(after[t])} rows"
                     for t in before if before[t] != after[t])


def _local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _check_page(url: str, response) -> None:
    assert response.status_code < 500, f"GET {url}: {response.status_code}"
    if "html" in (response.content_type or ""):
        html = response.get_data(as_text=True)
        for marker in MARKERS:
            assert marker not in html, f"unescaped {marker!r} in {url}"


def _crawl(app, client, world: World) -> dict[str, _Parser]:
    """Fetch the site's pages as the signed-in organizer; return parsed HTML by path."""
    queue = ["/", "/manage/", f"/registrations/{world.token}",
             f"/registrations/{world.token}/cancel", f"/events/{world.params['slug']}/register"]
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments:
            queue.append(rule.rule)
        elif "GET" in (rule.methods or ()):
            try:
                with app.test_request_context():
                    from flask import url_for

                    queue.append(url_for(rule.endpoint, **{
                        k: world.params[k] for k in rule.arguments if k in world.params}))
            except (BuildError, KeyError, ValueError):
                pass
    pages: dict[str, _Parser] = {}
    while queue and len(pages) < MAX_PAGES:
        path = _local_path(queue.pop(0))
        if not path or path in pages or any(s in path for s in SKIP_CRAWL):
            continue
        response = client.get(path)
        _check_page(path, response)
        parser = _Parser(f"http://localhost{path}")
        if "html" in (response.content_type or ""):
            parser.feed(response.get_data(as_text=True))
        pages[path] = parser
        queue.extend(parser.links)
    return pages


_DISCOVERED: dict = {}


def _discover(app, client, world: World) -> tuple[list[str], dict[str, list[Form]]]:
    """Crawl once per session; worlds are seeded identically, so reuse it (new token aside)."""
    key = tuple(sorted((k, v) for k, v in world.params.items() if k != "token"))
    if _DISCOVERED.get("key") != key:
        pages = _crawl(app, client, world)
        forms: dict[str, list[Form]] = {}
        for parser in pages.values():
            for form in parser.forms:
                endpoint = _endpoint_of(app, form.action)
                if endpoint:
                    forms.setdefault(endpoint, []).append(form)
        _DISCOVERED.update(key=key, token=world.token, pages=list(pages), forms=forms)
    old, new = _DISCOVERED["token"], world.token

    def fresh(form: Form) -> Form:
        return Form(form.action.replace(old, new),
                    [(n, k, v.replace(old, new)) for n, k, v in form.fields])

    pages = [p.replace(old, new) for p in _DISCOVERED["pages"]]
    return pages, {e: [fresh(f) for f in fs] for e, fs in _DISCOVERED["forms"].items()}


def _targets(app, endpoint: str, forms: dict[str, list[Form]], world: World) -> list[Form]:
    """Up to three forms of this endpoint with different fields, or a generic fallback."""
    distinct = {}
    for form in forms.get(endpoint, []):
        distinct.setdefault(tuple(sorted({n for n, _, _ in form.fields})), form)
    return list(distinct.values())[:3] or [_fallback_form(app, endpoint, world)]


def _sign_in(client) -> None:
    from tests.conftest import PASSWORD

    response = client.post("/login", data={"email": "hostile@example.org", "password": PASSWORD})
    assert response.status_code == 302


def _endpoint_of(app, url: str) -> str | None:
    path = _local_path(url)
    if path is None:
        return None
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path.split("?")[0], method="POST")
    except (NotFound, MethodNotAllowed):
        return None
    return endpoint


def _fallback_form(app, endpoint: str, world: World) -> Form:
    """For a POST route no page links to: fill its path from the world, post generic fields."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    missing = [a for a in rule.arguments if a not in world.params]
    assert not missing, f"{rule.rule}: teach test_hostile_input how to fill {missing}"
    with app.test_request_context():
        from flask import url_for

        path = url_for(endpoint, **{a: world.params[a] for a in rule.arguments})
    generic = [("name", "text", "x"), ("title", "text", "x"), ("email", "email", "x@example.org"),
               ("body", "textarea", "x"), ("position", "number", "1")]
    return Form(f"http://localhost{path}", generic)


# --- the test ----------------------------------------------------------------------------


def _submissions(form: Form):
    """Yield (label, body bytes, strict) for every hostile variant of a form.

    strict: a date, number or choice that is not valid, which must never be stored.
    """
    base = form.values()
    text = form.names_of(TEXT_TYPES)
    typed = [(n, DATE_PAYLOADS) for n in form.names_of(DATE_TYPES)]
    typed += [(n, NUMBER_PAYLOADS) for n in form.names_of(NUMBER_TYPES)]
    typed += [(n, CHOICE_PAYLOADS) for n in form.names_of({"select", "radio", "hidden"})]

    def body(pairs):
        return urlencode(pairs).encode()

    for label, payload in TEXT_PAYLOADS.items():
        if text:
            yield label, body([(n, payload if n in text else v) for n, v in base]), False
        else:  # an action form: hostile junk beside it must not matter
            yield label, body([*base, ("note", payload)]), False
    for name, payloads in typed:
        for payload in payloads:
            yield f"{name}={payload[:20]}", body(
                [(n, payload if n == name else v) for n, v in base]), True
    # 1 MB in every text field: over MAX_CONTENT_LENGTH.
    big = "B" * 1_000_000
    yield "1mb", body([(n, big if n in text else v) for n, v in base] or [("note", big)]), False
    # Invalid UTF-8, raw and percent-encoded, in every field but the CSRF token.
    for raw in (b"\xff\xfe\xc3(\xa0\xa1", b"%FF%FE%C3%28"):
        parts = []
        for n, v in base or [("note", "")]:
            value = v.encode() if n in SKIP_FIELDS else raw
            parts.append(quote_from_bytes(n.encode()).encode() + b"=" + value)
        yield f"utf8:{raw[:6]!r}", b"&".join(parts), False


def _stored_absurd(before: dict, after: dict, payload: str) -> bool:
    """Whether an absurd value turned up in a row that changed."""
    if payload in ("-1",):  # may be legitimate somewhere (e.g. a move); judged by the form
        return False
    for table in after:
        new_rows = set(after[table]) - set(before[table])
        for row in new_rows:
            for value in row:
                text = str(value)
                if payload in text or (payload == str(10**30) and "1" + "0" * 29 in text):
                    return True
    return False


@pytest.mark.parametrize("endpoint", _post_endpoints())
def test_hostile_input_to_every_form(app, demo, client, make_user, endpoint):
    world = _seed(app, make_user)
    if endpoint != "auth.login":
        _sign_in(client)
    _, forms = _discover(app, client, world)
    if endpoint == "auth.login":
        client.post("/logout")
    with app.app_context():
        for form in _targets(app, endpoint, forms, world):
            path = _local_path(form.action)
            for label, body, strict in _submissions(form):
                before = _snapshot()
                response = client.post(path, data=body,
                                       content_type="application/x-www-form-urlencoded")
                status = response.status_code
                where = f"POST {path} [{label}]"
                assert status < 500, f"{where}: {status}\n{response.get_data(as_text=True)[:800]}"
                for name, value in response.headers.items():
                    assert "\r" not in value and "\n" not in value, f"{where}: header {name}"
                _check_page(where, response)
                after = _snapshot()
                if 300 <= status < 400:
                    if strict:
                        payload = label.split("=", 1)[1]
                        assert not _stored_absurd(before, after, payload), (
                            f"{where}: stored an absurd value ({_diff(before, after)})")
                else:
                    assert before == after, f"{where}: {status} but {_diff(before, after)}"


def test_stored_markup_is_escaped_on_every_page(app, demo, client, make_user):
    """Markup typed into every text field of every form comes out escaped on every page."""
    world = _seed(app, make_user)
    _sign_in(client)
    _, forms = _discover(app, client, world)
    stored = 0
    with app.app_context():
        for endpoint in sorted(forms):
            for form in _targets(app, endpoint, forms, world):
                text = form.names_of(TEXT_TYPES)
                if not text or endpoint == "auth.login":
                    continue  # action buttons (delete, cancel, sign out) store no text
                for label in STORABLE:
                    payload = TEXT_PAYLOADS[label]
                    # Unique per field so that any unescaped output can be traced back.
                    body = urlencode([(n, f"{payload} {endpoint}" if n in text else v)
                                      for n, v in form.values()])
                    before = _snapshot()
                    response = client.post(_local_path(form.action), data=body,
                                           content_type="application/x-www-form-urlencoded")
                    assert response.status_code < 500, (endpoint, label)
                    _check_page(f"POST {form.action}", response)
                    stored += _snapshot() != before
    assert stored >= 5, "the corpus stored almost nothing: is the crawler finding forms?"
    # A fresh crawl follows links to whatever was just created.
    _crawl(app, client, world)


def test_the_corpus_reaches_forms(app, demo, client, make_user):
    """Guard the crawler itself: the main forms are found with their fields."""
    world = _seed(app, make_user)
    _sign_in(client)
    _, found = _discover(app, client, world)
    for endpoint, fields in {
        "registration.register": {"name", "email", "mode"},
        "events.edit_event": {"title", "starts_at", "capacity_in_person"},
        "events.new_event": {"title"},
        "registration.change_mode": {"mode"},
    }.items():
        assert endpoint in found, f"no form for {endpoint}"
        assert fields <= {n for n, _, _ in found[endpoint][0].fields}, endpoint
    kinds = {k for fs in found.values() for f in fs for _, k, _ in f.fields}
    assert {"date", "number", "select", "textarea"} <= kinds
