"""Who may reach every management route, and CSRF on every form, driven from the URL map.

Routes are read from the application, so a route added later is covered without
touching this file; a new kind of URL parameter needs one line in ``_ids``.
"""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable import create_app
from roundtable.extensions import db
from tests.conftest import PASSWORD, csrf_token_from


def _rules(prefix: str = "", method: str | None = None):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return sorted(
        (r.rule, m, r.endpoint)
        for r in rules
        if r.rule.startswith(prefix)
        for m in sorted(r.methods - {"HEAD", "OPTIONS"})
        if method is None or m == method
    )


MANAGE_ROUTES = _rules("/manage")
# The door's service worker is a static script served under /manage/ only so that its
# scope may cover the door page; it carries no data, so anyone may fetch it.
PUBLIC_UNDER_MANAGE = {"registration.door_service_worker"}
# Routes that read a JSON body: the matrix sends them a valid, empty one.
JSON_BODIES = {"registration.door_sync_actions": {"actions": []}}
# Zoom's webhook has no form: Zoom signs each delivery instead, and an unsigned one is
# refused with 401 (tests/zoom/test_webhook.py).
SIGNED_NOT_CSRF = {"zoom.zoom_webhook"}
# The organizer API authenticates by bearer token only (never a cookie): no CSRF there
# (tests/api/test_organizer.py: test_no_csrf_for_token_requests, session never authenticates).
POST_ROUTES = [r for r in _rules(method="POST") if r[2] not in SIGNED_NOT_CSRF
               and not r[2].startswith("api_organizer.")]


def _world(app, organizer_id: int) -> dict:
    """Create one event of ``organizer_id`` with something in every list; return the ids."""
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.auth.models import User
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import EventSponsor, Organization
    from roundtable.registration.models import Registration

    n = datetime.now(UTC).strftime("%H%M%S%f")
    starts = datetime(2030, 11, 21, 23, 0, tzinfo=UTC)
    with app.app_context():
        organizer = db.session.get(User, organizer_id)
        co = User(email=f"co{n}@example.org", name="Co Organizer", password_hash="x")
        person = Person(name="Raúl Benítez Manaut", managers=[organizer])
        event = Event(
            title="Permissions", slug=f"permissions-{n}", format="hybrid", status="published",
            starts_at=starts, ends_at=starts + timedelta(minutes=90), timezone="America/Phoenix",
            venue_name="Student Union", zoom_join_url="https://zoom.us/j/123456789",
            organizers=[organizer, co],
        )
        event.sponsors.append(EventSponsor(
            organization=Organization(name="Sponsor", slug=f"sponsor-{n}"), role="host"))
        item = AgendaItem(kind="panel", title="Panel", starts_at=starts,
                          ends_at=starts + timedelta(minutes=30))
        item.roles.append(AgendaRole(person=person, role="panelist"))
        event.agenda_items.append(item)
        registration = Registration(
            event=event, name="Guest", email=f"guest{n}@example.org", mode="online",
            status="confirmed", manage_token_hash=f"h{n}".ljust(64, "0"), token_nonce="n")
        unused_org = Organization(name="Unused", slug=f"unused-{n}", managers=[organizer, co])
        series = EventSeries(name="Series", slug=f"series-{n}", managers=[organizer, co])
        from roundtable.webhooks.models import WebhookEndpoint

        endpoint = WebhookEndpoint(user=organizer, url="https://93.184.216.34/hook",
                                   kinds="registration.created", secret="whsec_x")
        db.session.add_all([event, unused_org, registration, series, endpoint])
        db.session.flush()
        from roundtable.attendance.models import OnlineAttendee

        # A Zoom participant: their matching page is the event's organizers' too.
        attendee = OnlineAttendee(event_id=event.id, identity=f"email:zoom{n}@example.org",
                                  name="Zoom Guest", email=f"zoom{n}@example.org",
                                  first_join_at=starts, last_leave_at=starts)
        db.session.add(attendee)
        db.session.commit()
        return {
            "event_id": event.id, "sponsor_id": event.sponsors[0].id, "item_id": item.id,
            "role_id": item.roles[0].id, "user_id": co.id, "organization_id": unused_org.id,
            "person_id": person.id, "registration_id": registration.id,
            "kind": "organizations", "record_id": unused_org.id, "series_id": series.id,
            "endpoint_id": endpoint.id, "attendee_id": attendee.id,
        }


def _url(app, rule: str, endpoint: str, ids: dict) -> tuple[str, bool]:
    """Return the URL for ``endpoint`` and whether every parameter was a known id."""
    arguments = next(r.arguments for r in app.url_map.iter_rules() if r.rule == rule
                     and r.endpoint == endpoint)
    values = {a: ids.get(a, 999999) for a in arguments}
    string_args = [a for a in arguments if a not in ids]
    with app.test_request_context():
        from flask import url_for
        from werkzeug.routing import IntegerConverter

        for a in string_args:
            converter = next(r for r in app.url_map.iter_rules() if r.rule == rule)._converters[a]
            values[a] = 999999 if isinstance(converter, IntegerConverter) else "unknown"
        return url_for(endpoint, **values), not string_args


def _sign_in(client, user_id: int) -> None:
    # Straight into the session: the sign-in form itself is tested in tests/auth.
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:1"  # a new account's session id
        session["_fresh"] = True


@pytest.fixture
def people(app):
    """Three organizers, with a cheap password hash: this file signs in hundreds of times."""
    from werkzeug.security import generate_password_hash

    from roundtable.auth.models import User

    cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    with app.app_context():
        users = {
            who: User(email=f"{who}@example.org", name=who, password_hash=cheap,
                      is_admin=who == "admin")
            for who in ("organizer", "other", "admin")
        }
        db.session.add_all(users.values())
        db.session.commit()
        return {who: user.id for who, user in users.items()}


@pytest.mark.parametrize(("rule", "method", "endpoint"), MANAGE_ROUTES,
                         ids=[f"{m} {r}" for r, m, _ in MANAGE_ROUTES])
def test_permission_matrix(app, people, rule, method, endpoint):
    # An event's pages, and what belongs to one organizer (webhook endpoints): 404 to others.
    event_scoped = "<int:event_id>" in rule or "<int:endpoint_id>" in rule
    # A shared record's own pages are for its managers (and admins) only.
    record_scoped = any(f"<int:{p}>" in rule for p in ("organization_id", "person_id",
                                                          "record_id", "series_id"))

    def call(who: str | None):
        client = app.test_client()
        if who:
            _sign_in(client, people[who])
        url, known = _url(app, rule, endpoint, _world(app, people["organizer"]))
        return client.open(url, method=method, json=JSON_BODIES.get(endpoint)), known

    if endpoint in PUBLIC_UNDER_MANAGE:
        anonymous, _ = call(None)
        organizer, _ = call("organizer")
        assert anonymous.status_code == 200 and anonymous.mimetype == "text/javascript"
        # The same bytes whoever asks: nothing in it depends on who is signed in.
        assert anonymous.get_data() == organizer.get_data()
        return
    response, _ = call(None)
    assert response.status_code == 302 and "/login" in response.location, "anonymous"

    admin_only = endpoint.startswith("auth.")  # managing accounts
    response, _ = call("other")
    if event_scoped or admin_only:
        assert response.status_code == 404, "another organizer must get 404"
    elif record_scoped:
        # A shared record is no secret: another organizer is told who manages it (403).
        assert response.status_code == 403, "another organizer must get 403"
        assert "You do not manage this record" in response.get_data(as_text=True)
    else:
        assert response.status_code < 400, "any organizer may use shared records"

    for who in ("admin",) if admin_only else ("organizer", "admin"):
        response, known = call(who)
        if known:
            assert response.status_code < 400, f"{who} got {response.status_code}"


def test_every_management_route_is_covered():
    endpoints = {e for _, _, e in MANAGE_ROUTES}
    for expected in ("events.dashboard", "events.new_event", "events.edit_event",
                     "events.publish_event", "orgs.event_sponsors", "agenda.manage_agenda",
                     "agenda.manage_people", "orgs.manage_organizations", "events.organizers",
                     "auth.organizers", "auth.change_organizer"):
        assert expected in endpoints


@pytest.fixture
def csrf_client(csrf_app):
    from werkzeug.security import generate_password_hash

    from roundtable.auth.models import User

    with csrf_app.app_context():
        user = User(email="csrf@example.org", name="Barceló Durazo", is_admin=True,
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD,
                                            "csrf_token": token})
    assert response.status_code == 302
    return client, user_id


@pytest.mark.parametrize(("rule", "method", "endpoint"), POST_ROUTES,
                         ids=[r for r, _, _ in POST_ROUTES])
def test_post_without_csrf_token_is_refused_with_a_page(csrf_app, csrf_client, rule, method,
                                                        endpoint):
    client, user_id = csrf_client
    url, _ = _url(csrf_app, rule, endpoint, _world(csrf_app, user_id))
    response = client.post(url, data={"title": "Changed", "reason": "x", "name": "x"})
    if rule.startswith("/api/"):
        # The JSON API is CSRF-exempt (issue 25) because it authenticates by bearer token
        # only: the signed-in session cookie sent here must not count, so nothing happens.
        assert response.status_code == 401, response.get_data(as_text=True)
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        return
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Your form expired" in html and "Traceback" not in html


def test_forms_carry_a_csrf_token_and_it_works(csrf_app, csrf_client):
    client, user_id = csrf_client
    ids = _world(csrf_app, user_id)
    page = client.get(f"/manage/events/{ids['event_id']}/cancel").get_data(as_text=True)
    response = client.post(f"/manage/events/{ids['event_id']}/cancel",
                           data={"reason": "Storm", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302


def test_stale_csrf_token_gets_the_same_clear_page(csrf_app, csrf_client):
    client, user_id = csrf_client
    ids = _world(csrf_app, user_id)
    response = client.post(f"/manage/events/{ids['event_id']}/cancel",
                           data={"reason": "Storm", "csrf_token": "stale.token.value"})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    with csrf_app.app_context():
        from roundtable.events.models import Event

        assert db.session.get(Event, ids["event_id"]).status == "published"
