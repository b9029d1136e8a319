"""Every template and every email, rendered in Spanish with the demo's data: no English.

Issue 24 item 1. The crawl of test_spanish_pages.py follows links; this test walks the
states a crawl does not reach — a refused form, a full audience and its waitlist, a
cancelled registration and a cancelled event, a past event, the door and its questions,
a scanned door code, badges, Zoom's live panel and report, API tokens and webhooks
(with a failed delivery), account links from real emails, error pages — through the real
routes, and records every template Jinja loads (pages, includes, macros, emails). It
fails when a template under templates/ was not rendered (so a new template must be
reached here), and when a page or an email shows an English word.

The detector knows the app's English: every word of the catalog's msgids, of the text
in templates and of the string literals in roundtable/ (so untranslated, hard-coded
text is caught too), plus common English words, minus every word the Spanish catalog
uses. Before looking, it takes out what people typed (names, titles, addresses: the
content columns of the database) and the proper names below. Only visible text counts:
tags, scripts and styles are dropped; alt, title, placeholder and aria-label are kept.
"""

from __future__ import annotations

import ast
import html as htmllib
import re
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.i18n import COOKIE
from tests.conftest import PASSWORD, running_app
from tests.i18n.test_spanish_pages import ENGLISH as COMMON_ENGLISH

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PO = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
ZOOM = {"ZOOM_ACCOUNT_ID": "acct-test", "ZOOM_CLIENT_ID": "client-test",
        "ZOOM_CLIENT_SECRET": "secret-test"}

# Proper names and product names a Spanish page writes as they are.
PROPER_NAMES = """
Zoom Google Apple Outlook Thunderbird Calendar iCalendar Excel CSV PDF JSON API HTTP HTTPS
URL POST Bearer Letter UTC Tucson Arizona Phoenix Mexico Roundtable OpenAPI webhook webhooks
Webhooks Roundtable-Signature Markdown QR PNG SVG ICS XLSX ID Wi-Fi Wi Fi email
""".split()
# English words the Spanish catalog quotes (Zoom's English headers, "Join Time"), which
# are still English wherever else they appear.
QUOTED_ENGLISH = set("""
full time type last version text plain report content key language date address name
join leave duration university strong
""".split())
# Columns the application writes itself, in English or as codes: shown, they must be
# translated, so they are not content.
SYSTEM_COLUMNS = {"disabled_reason", "last_error", "status", "kind", "mode", "format",
                  "language", "audience", "scopes", "kinds", "purpose", "timezone"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# --- the app's English and Spanish vocabularies ---------------------------------------


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if len(w) > 2}


def _catalog() -> tuple[set[str], set[str]]:
    from babel.messages.pofile import read_po

    english, spanish = set(), set()
    with PO.open("rb") as f:
        for message in read_po(f):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (
                message.string,)
            for text in ids:
                english |= _words(re.sub(r"%\(\w+\)[sd]|\{\w+\}", " ", text or ""))
            for text in strings:
                spanish |= _words(re.sub(r"%\(\w+\)[sd]|\{\w+\}", " ", text or ""))
    return english, spanish


def _source_english() -> set[str]:
    """Words of template text and of Python string literals: where hard-coded English hides."""
    words = set()
    for path in TEMPLATES.rglob("*"):
        if path.suffix in (".html", ".txt"):
            text = re.sub(r"(?s)\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", path.read_text())
            text = re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", text)
            words |= _words(text)
    for path in (ROOT / "roundtable").rglob("*.py"):
        if path.name.startswith("demo"):
            continue  # the demo's content, in both languages
        tree = ast.parse(path.read_text())
        docstrings = {id(node.value) for node in ast.walk(tree)
                      if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and " " in node.value and id(node) not in docstrings):
                words |= _words(node.value)
    return words


def _babel_spanish() -> set[str]:
    """Words Babel writes in Spanish: days, months, eras, periods, zones' cities."""
    from babel import Locale

    locale = Locale.parse("es_MX")
    words = set()
    def walk(value):
        if isinstance(value, str):
            words.update(_words(value))
        elif hasattr(value, "values"):
            for inner in value.values():
                walk(inner)

    for table in (locale.days, locale.months, locale.quarters, locale.eras, locale.day_periods):
        walk(table)
    return words


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    english, spanish = _catalog()
    found = (english | _source_english() | {w for w in COMMON_ENGLISH if len(w) > 2})
    spanish = (spanish | _babel_spanish()) - QUOTED_ENGLISH
    return found - spanish - {n.lower() for n in PROPER_NAMES}


# --- what a reader sees ---------------------------------------------------------------

KEPT_ATTRIBUTES = re.compile(r'\s(?:alt|title|placeholder|aria-label)="([^"]*)"')


def visible_text(page: str) -> str:
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<(script|style|template|datalist)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<head\b.*?</head>", lambda m: " ".join(
        re.findall(r"(?s)<title>(.*?)</title>", m.group(0))), page)
    # What is marked as English is English by design: a message's English version, a
    # title without a Spanish one, the API reference's own descriptions, the language
    # switch's "English". Identifiers in <code> are not words.
    page = re.sub(r'(?s)<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", page)
    page = re.sub(r'<input\b[^>]*\blang="en"[^>]*>', " ", page)
    page = re.sub(r"(?s)<code\b[^>]*>.*?</code>", " ", page)
    attributes = " ".join(KEPT_ATTRIBUTES.findall(page))
    buttons = " ".join(re.findall(r'<input\b[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"',
                                  page))
    text = re.sub(r"<[^>]+>", " ", page)
    return htmllib.unescape(f"{text} {attributes} {buttons}")


def content(app) -> list[str]:
    """What people typed, as stored: longest first, so a title goes before its words."""
    values = set()
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            model = mapper.class_
            columns = [c.key for c in sa_inspect(model).column_attrs
                       if c.key not in SYSTEM_COLUMNS]
            if model.__tablename__ in ("outbox_messages", "webhook_deliveries", "zoom_tasks",
                                       "account_tokens"):
                continue
            for row in db.session.scalars(select(model)):
                for key in columns:
                    value = getattr(row, key)
                    if isinstance(value, str) and len(value) > 2:
                        values.add(value)
                        # Markdown shows as lines and the runs between its marks.
                        values.update(p.strip() for p in re.split(r"\n+|\*+|\[|\]\(", value)
                                      if len(p.strip()) > 2)
    return sorted(values, key=len, reverse=True)


def english_in(text: str, data: list[str], vocabulary: set[str]) -> set[str]:
    # Addresses first: a slug inside one is content, but the rest of it is no word either.
    text = re.sub(r"(?:https?|mailto|webcal):\S+|\S+@\S+|/[\w/.?=&-]+", " ", text)
    for value in data:
        text = text.replace(value, " ")
    text = text.replace("{zoom_link}", " ")
    return {w for w in WORD.findall(text) if w.lower() in vocabulary}


# --- recording what Jinja renders -----------------------------------------------------


class Loaded:
    """Every template name Jinja is asked for: render_template, extends, include, import."""

    def __init__(self, app, monkeypatch):
        self.names: set[str] = set()
        env = app.jinja_env
        original = env.get_template

        def get_template(name, *args, **kwargs):
            if isinstance(name, str):
                self.names.add(name)
            return original(name, *args, **kwargs)

        # Put back after the test: the suite may hand the same app to the next one.
        monkeypatch.setattr(env, "get_template", get_template)


def all_templates() -> set[str]:
    return {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*")
            if p.is_file() and p.suffix in (".html", ".txt")}


@pytest.fixture
def app(app_config):
    """Zoom configured (its live panel and report button show), nothing called."""
    with running_app({**app_config, **ZOOM}) as app:
        yield app


# --- the walk -------------------------------------------------------------------------


class Walk:
    def __init__(self, client):
        self.client = client
        self.pages: dict[str, str] = {}

    def keep(self, label: str, response, *statuses: int) -> str:
        assert response.status_code in (statuses or (200,)), (label, response.status_code)
        page = response.get_data(as_text=True)
        if response.mimetype == "text/html":
            assert '<html lang="es">' in page, label
            self.pages[label] = page
        return page

    def get(self, label: str, url: str, *statuses: int) -> str:
        return self.keep(label, self.client.get(url), *statuses)

    def post(self, label: str, url: str, data: dict, *statuses: int) -> str:
        """A form that answers with a page (refused forms may say 400 or 422)."""
        return self.keep(label, self.client.post(url, data=data), *(statuses or (200, 400, 422)))


def _outbox(app, kind: str | None = None) -> list:
    from roundtable.mail.models import OutboxMessage

    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def _link(app, kind: str, pattern: str) -> str:
    for message in reversed(_outbox(app, kind)):
        found = re.search(pattern, message.body_text)
        if found:
            return found.group(0)
    raise AssertionError(f"no {pattern} in a {kind} email")


def test_every_template_and_email_in_spanish(app, demo, client, make_user, monkeypatch,
                                            vocabulary):
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration
    from tests.i18n.test_spanish_pages import after_the_event

    loaded = Loaded(app, monkeypatch)
    walk = Walk(client)
    client.set_cookie(COOKIE, "es")
    with app.app_context():
        events = db.session.scalars(select(Event).order_by(Event.starts_at)).all()
        past, upcoming = events[0], events[-1]
        past_id, next_id, past_slug, next_slug = past.id, upcoming.id, past.slug, upcoming.slug
        series_slug = upcoming.series.slug
        org_slug = upcoming.sponsors[0].organization.slug
        org_id = upcoming.sponsors[0].organization.id
        person_id = upcoming.agenda_items[0].roles[0].person_id
        item_id = upcoming.agenda_items[0].id
        series_id = upcoming.series_id
    after_the_event(app, past_slug, next_slug)

    # --- a visitor: pages, registering, the waitlist, cancelling ----------------------
    walk.get("home", "/")
    walk.get("event", f"/events/{next_slug}")
    walk.get("past event", f"/events/{past_slug}")
    walk.get("series", f"/series/{series_slug}")
    walk.get("organization", f"/organizations/{org_slug}")
    walk.get("register", f"/events/{next_slug}/register")
    walk.post("register (refused)", f"/events/{next_slug}/register",
              {"name": "", "email": "raul@", "mode": ""})
    walk.get("register (past event: closed)", f"/events/{past_slug}/register")
    people = (("Raúl Benítez Manaut", "raul@example.org", "in_person"),
              ("Ana Covarrubias", "ana@example.org", "online"),
              ("Lucía Dammert", "lucia@example.org", "in_person"))
    for name, email, mode in people:
        client.post(f"/events/{next_slug}/register", data={
            "name": name, "email": email, "mode": mode, "reception": "yes",
            "affiliation": "El Colegio de México"})
    with app.app_context():
        event = db.session.get(Event, next_id)
        # The room is now full: the next in-person registrant waits.
        event.capacity_in_person = db.session.scalar(select(db.func.count()).where(
            Registration.event_id == next_id, Registration.mode == "in_person",
            Registration.status == "confirmed"))
        db.session.commit()
    client.post(f"/events/{next_slug}/register", data={
        "name": "Itzel Ramírez", "email": "itzel@example.org", "mode": "in_person",
        "reception": "no"})
    walk.get("register (room full)", f"/events/{next_slug}/register")
    walk.keep("check email", client.post(f"/events/{next_slug}/register", data={
        "name": "Raúl", "email": "raul@example.org", "mode": "in_person", "reception": "no"},
        follow_redirects=True))
    tokens = {}
    for message in _outbox(app):
        found = re.search(r"/registrations/([A-Za-z0-9_-]{20,})", message.body_text)
        if found and message.recipient not in tokens:
            tokens[message.recipient] = found.group(1)
    assert {"raul@example.org", "ana@example.org", "itzel@example.org"} <= set(tokens)
    walk.get("registration (in person)", f"/registrations/{tokens['raul@example.org']}")
    walk.get("registration (online, room full)", f"/registrations/{tokens['ana@example.org']}")
    walk.get("registration (waitlisted)", f"/registrations/{tokens['itzel@example.org']}")
    walk.get("cancel registration", f"/registrations/{tokens['lucia@example.org']}/cancel")
    client.post(f"/registrations/{tokens['lucia@example.org']}/cancel", data={})
    walk.get("registration (cancelled)", f"/registrations/{tokens['lucia@example.org']}")
    # Itzel took Lucía's seat; the next one waits again.
    client.post(f"/events/{next_slug}/register", data={
        "name": "Mónica Serrano", "email": "monica@example.org", "mode": "in_person",
        "reception": "no"})
    walk.get("not found", "/events/no-such-event", 404)
    walk.get("bad link", "/account/reset/not-a-token", 404)

    # --- an organizer (Spanish account), then an admin --------------------------------
    from roundtable.auth.models import User

    for user_id in (make_user(email="admin@example.org", name="Guadalupe Correa-Cabrera",
                              is_admin=True),
                    make_user(email="otra@example.org", name="Ana Barceló")):
        with app.app_context():
            db.session.get(User, user_id).language = "es"  # account emails follow it
            db.session.commit()
    walk.get("sign in", "/login")
    walk.post("sign in (refused)", "/login", {"email": "nadie@example.org", "password": "x"})
    walk.get("forgot", "/login/forgot")
    walk.keep("reset sent", client.post("/login/forgot", data={"email": "otra@example.org"},
                                        follow_redirects=True))
    walk.get("reset", _link(app, "password_reset", r"/account/reset/[^\s?]+"))

    client.post("/login", data={"email": "otra@example.org", "password": PASSWORD})
    client.set_cookie(COOKIE, "es")
    walk.get("not a manager", f"/manage/organizations/{org_id}/edit", 403)
    client.post("/logout")

    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    client.set_cookie(COOKIE, "es")
    manage = f"/manage/events/{next_id}"
    walk.get("dashboard", "/manage/")
    walk.get("manage event", manage)
    walk.get("manage past event", f"/manage/events/{past_id}")
    walk.get("new event", "/manage/events/new")
    walk.post("new event (refused)", "/manage/events/new", {"title": ""})
    from tests.managing import event_form

    walk.post("new event (in the past)", "/manage/events/new", event_form(
        starts_at="2020-11-21T16:00", ends_at="2020-11-21T17:30",
        registration_closes_at="", new_series_name="", slug="pasado"))
    made = client.post("/manage/events/new", data=event_form(
        starts_at="2020-11-21T16:00", ends_at="2020-11-21T17:30", confirm_past="y",
        registration_closes_at="", new_series_name="", slug="pasado"))
    archived = re.search(r"/manage/events/(\d+)", made.headers["Location"]).group(1)
    walk.post("publish a past event", f"/manage/events/{archived}/publish", {})
    walk.get("edit event", f"{manage}/edit")
    walk.get("preview", f"{manage}/preview")
    walk.get("co-organizers", f"{manage}/organizers")
    walk.get("series form", f"/manage/series/{series_id}/edit")
    walk.get("agenda", f"{manage}/agenda")
    walk.get("agenda item", f"{manage}/agenda/{item_id}/edit")
    walk.get("new agenda item", f"{manage}/agenda/new")
    walk.get("people", "/manage/people")
    walk.get("person", f"/manage/people/{person_id}/edit")
    walk.get("new person", "/manage/people/new")
    walk.get("sponsors", f"{manage}/sponsors")
    walk.get("organizations", "/manage/organizations")
    walk.get("organization form", f"/manage/organizations/{org_id}/edit")
    walk.get("new organization", "/manage/organizations/new")
    walk.get("managers", f"/manage/organizations/{org_id}/managers")
    walk.get("organizers", "/manage/organizers")
    client.post("/manage/organizers", data={"email": "nuevo@example.org", "action": "invite"})
    walk.get("account", "/account")
    client.post("/account/email", data={"email_password": PASSWORD, "new_email": "gcc@example.org"})
    walk.get("confirm email", _link(app, "email_confirmation", r"/account/confirm-email/[^\s?]+"))
    walk.get("api reference", "/api/v1/docs")
    walk.get("api tokens", "/account/api-tokens")
    walk.post("api token made", "/account/api-tokens", {
        "name": "Impresora de gafetes", "scopes": ["registrations:read", "checkin"],
        "expires": "90"})
    walk.post("api token (refused)", "/account/api-tokens", {"name": "", "expires": "90"})

    # Webhooks: an endpoint whose receiver answered 410, which disables it.
    from roundtable.webhooks import delivery, urls

    monkeypatch.setattr(urls, "resolve", lambda host, port: ["93.184.216.34"])
    walk.get("webhooks", "/manage/webhooks")
    client.post("/manage/webhooks", data={
        "url": "https://hooks.example.org/roundtable", "event_id": str(next_id),
        "kinds": ["registration.created", "event.updated"]})
    walk.post("webhooks (refused)", "/manage/webhooks", {"url": "", "event_id": "0"})
    from roundtable.webhooks.models import WebhookEndpoint

    with app.app_context():
        endpoint_id = db.session.scalars(select(WebhookEndpoint.id)).one()
    client.post(f"/manage/webhooks/{endpoint_id}/test")

    class Gone:
        status_code = 410
        text = ""

    monkeypatch.setattr(delivery, "post", lambda endpoint, d: Gone())
    with app.app_context():
        delivery.deliver_due()
    walk.get("webhook endpoint (disabled)", f"/manage/webhooks/{endpoint_id}")

    # Registrations, the door, badges.
    walk.get("registrations", f"{manage}/registrations")
    with app.app_context():
        ids = dict(db.session.execute(select(Registration.email, Registration.id).where(
            Registration.event_id == next_id)).all())
        from roundtable.registration.checkin import checkin_code

        code = checkin_code(db.session.get(Registration, ids["raul@example.org"]))
    walk.get("correct registration",
             f"{manage}/registrations/{ids['ana@example.org']}/edit")
    walk.keep("confirm from the waitlist (full)", client.post(
        f"{manage}/registrations/{ids['monica@example.org']}/confirm", data={}))
    walk.get("door", f"{manage}/checkin")
    walk.get("door (search)", f"{manage}/checkin?q=Ra%C3%BAl")
    walk.get("door (offline copy)", f"{manage}/checkin/offline")
    walk.keep("door (early check-in asked)", client.post(
        f"{manage}/checkin/{ids['raul@example.org']}", data={}))
    walk.get("scanned code", f"/checkin/scan/{code}")
    walk.get("walk-in", f"{manage}/walk-in")
    walk.post("walk-in (refused)", f"{manage}/walk-in", {"name": "", "email": "x"})
    badges = client.get(f"{manage}/badges.pdf?paper=a4")
    assert badges.status_code == 200 and badges.mimetype == "application/pdf"
    import io

    from pypdf import PdfReader

    badge_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(badges.data)).pages)
    badge_text = " ".join(badge_text.replace("-\n", "-").split())  # names wrap on a badge

    # After the event: attendance (with Zoom's live panel), recap, follow-up messages.
    walk.get("attendance", f"/manage/events/{past_id}/attendance")
    from roundtable.attendance.models import OnlineAttendee

    with app.app_context():
        attendee_id = db.session.scalars(select(OnlineAttendee.id).where(
            OnlineAttendee.event_id == past_id)).first()
    walk.get("zoom participant", f"/manage/events/{past_id}/attendance/online/{attendee_id}")
    walk.get("zoom participant (search)",
             f"/manage/events/{past_id}/attendance/online/{attendee_id}?q=Ram%C3%ADrez")
    walk.get("attendance (upcoming)", f"{manage}/attendance")
    walk.get("after the event", f"/manage/events/{past_id}/after")
    walk.get("door of the past event", f"/manage/events/{past_id}/checkin")
    walk.get("message", f"{manage}/message")
    walk.get("thank-you draft", f"/manage/events/{past_id}/message?draft=thanks")
    walk.get("no-show draft", f"/manage/events/{past_id}/message?draft=no_show")
    walk.post("message preview", f"{manage}/message", {
        "audience": "confirmed", "subject_es": "Estacionamiento",
        "body_es": "Habrá estacionamiento en el edificio norte. {zoom_link}",
        "action": "preview"})
    client.post(f"{manage}/message", data={
        "audience": "online", "subject_es": "Enlace", "body_es": "Aquí está: {zoom_link}",
        "action": "send"})
    walk.post("message (refused)", f"{manage}/message", {"audience": "", "action": "send"})
    # Cancel the event: its page, and the registration page, of a cancelled event.
    walk.get("cancel event", f"{manage}/cancel")
    client.post(f"{manage}/cancel", data={"reason": "Por una tormenta.", "reason_es":
                                          "Por una tormenta.", "confirm": "y"})
    client.post("/logout")
    client.set_cookie(COOKIE, "es")
    walk.get("cancelled event", f"/events/{next_slug}")
    walk.get("registration (event cancelled)", f"/registrations/{tokens['raul@example.org']}")
    walk.get("register (event cancelled)", f"/events/{next_slug}/register")
    walk.get("invitation", _link(app, "account_invitation", r"/account/invitation/[^\s?]+"))

    # --- every template was rendered --------------------------------------------------
    missing = all_templates() - loaded.names
    assert not missing, f"templates no page or email of this test rendered: {sorted(missing)}"

    # --- no English on any page, in any email, on the badges --------------------------
    data = content(app)
    leaks = {}
    for label, page in walk.pages.items():
        if found := english_in(visible_text(page), data, vocabulary):
            leaks[label] = found
    emails = _outbox(app)
    assert {m.kind for m in emails} >= {
        "registration_confirmed", "registration_waitlisted", "registration_cancelled",
        "password_reset", "email_confirmation", "account_invitation", "organizer_message",
        "event_cancelled"}
    for message in emails:
        for part in (message.subject, message.body_text,
                     visible_text(message.body_html or "")):
            if found := english_in(part, data, vocabulary):
                leaks.setdefault(f"email {message.kind}", set()).update(found)
    if found := english_in(badge_text, data, vocabulary):
        leaks["badges"] = found
    assert not leaks, "\n".join(f"{label}: {sorted(words)}" for label, words in leaks.items())


@pytest.mark.parametrize("english", [
    "(full: switching is not possible)",
    "Raúl Benítez is already registered with that email.",
    "Ana Barceló is now an admin.",
    "The part after the @-sign is not valid.",
    "Please select one of these options.",
    "**In person** en University of Arizona",
    "Los organizadores cambiaron that it is back on: the cancellation is withdrawn.",
])
def test_the_detector_finds_what_the_review_found(vocabulary, english):
    """The English issue 24 found on Spanish pages would have failed this test."""
    assert english_in(english, ["Raúl Benítez", "Ana Barceló"], vocabulary)


@pytest.mark.parametrize("spanish", [
    "Su registro se completó. Lamentamos que no haya podido acompañarnos.",
    "el jueves 21 de noviembre de 2024, 16:00–17:30, hora de Arizona (UTC−7)",
    "Agregar su registro a su calendario · Registrar llegada · Código de entrada",
    "Sí, es un evento ya realizado (para el archivo). Escriba a Ana (ana@example.org).",
])
def test_the_detector_reads_spanish_as_spanish(vocabulary, spanish):
    assert not english_in(spanish, ["Ana"], vocabulary)


def test_every_kind_of_email_with_this_detector(app, demo, vocabulary):
    """The emails of test_every_email_in_spanish.py, every kind, read by this detector."""
    from tests.i18n.test_every_email_in_spanish import KINDS, _produce_every_email

    _produce_every_email(app)
    data = content(app)
    emails = _outbox(app)
    assert KINDS <= {m.kind for m in emails}
    leaks = {}
    for message in emails:
        for part in (message.subject, message.body_text,
                     visible_text(message.body_html or "")):
            if found := english_in(part, data, vocabulary):
                leaks.setdefault(message.kind, set()).update(found)
    assert not leaks, "\n".join(f"{kind}: {sorted(words)}" for kind, words in leaks.items())
