"""The public read-only API: what it shows, what it never shows, paging, validators, errors."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db


def _event(app, edition) -> Event:
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.edition == edition))
        event.series  # noqa: B018  (loaded before the session closes)
        db.session.expunge(event)
        return event


def test_root_links_everything(client):
    body = client.get("/api/v1/").get_json()
    assert body["events"] == "http://roundtable.test/api/v1/events"
    assert body["openapi"].endswith("/api/v1/openapi.json")


def test_event_detail_has_schedule_venue_seats_agenda_sponsors(app, client, demo):
    event = _event(app, 4)
    response = client.get(f"/api/v1/events/{event.slug}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["title"].startswith("4th Annual") and data["format"] == "hybrid"
    assert data["starts_at"].endswith("-07:00") and data["timezone"] == "America/Phoenix"
    assert data["venue"]["address"] == "1303 E University Blvd, Tucson, AZ 85719"
    assert {a["mode"] for a in data["audiences"]} == {"in_person", "online"}
    assert data["registration"]["state"] == "open" and data["registration"]["message"] is None
    people = [p for item in data["agenda"] for p in item["people"]]
    assert any(p["name"] == "Raúl Benítez Manaut" and p["role"] for p in people)
    assert data["organizations"] and all(o["role"] == "co_sponsor"
                                          for o in data["organizations"])
    assert data["series"]["slug"]


def test_no_secrets_drafts_or_emails(app, client, demo, make_event):
    event = _event(app, 4)
    make_event(slug="secret-draft", status="draft", contact_email="ana@example.org")
    texts = [client.get(f"/api/v1/events/{event.slug}").get_data(as_text=True),
             client.get("/api/v1/events?limit=100").get_data(as_text=True)]
    for text in texts:
        for secret in (event.zoom_join_url, event.zoom_meeting_id, event.zoom_passcode):
            assert secret not in text
        assert "zoom.us" not in text and "@" not in text.replace('"@', "")
        assert "secret-draft" not in text
    assert client.get("/api/v1/events/secret-draft").status_code == 404


def test_spanish_with_lang(app, client, demo):
    event = _event(app, 4)
    data = client.get(f"/api/v1/events/{event.slug}?lang=es").get_json()
    assert {a["label"] for a in data["audiences"]} == {"Presencial", "En línea por Zoom"}
    assert data["format_label"] == "Híbrido"
    # The cookie or Accept-Language never change an API answer.
    english = client.get(f"/api/v1/events/{event.slug}",
                         headers={"Accept-Language": "es"}).get_json()
    assert english["format_label"] == "Hybrid"


def test_paging_follows_next_links_in_a_stable_order(app, client, make_event):
    for n in range(5):
        make_event(slug=f"same-time-{n}", starts_in=timedelta(days=3))
    make_event(slug="later", starts_in=timedelta(days=9))
    seen, url = [], "/api/v1/events?limit=2"
    while url:
        body = client.get(url.removeprefix("http://roundtable.test")).get_json()
        seen += [e["slug"] for e in body["data"]]
        url = body["links"]["next"]
    assert seen == [f"same-time-{n}" for n in range(5)] + ["later"]


def test_filters(app, client, demo, make_event):
    event = _event(app, 3)
    series = client.get(f"/api/v1/events?series={event.series.slug}").get_json()["data"]
    assert {e["edition"] for e in series} == {3, 4}
    day = event.starts_at.date().isoformat()
    on_day = client.get(f"/api/v1/events?from={day}&to={day}").get_json()["data"]
    assert [e["slug"] for e in on_day] == [event.slug]
    org = client.get("/api/v1/events?organization=university-of-arizona").get_json()["data"]
    assert len(org) == 2
    assert client.get("/api/v1/events?organization=nobody").get_json()["data"] == []


def test_bad_input_is_a_json_error_with_a_code(client):
    response = client.get("/api/v1/events?from=yesterday&limit=500")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input" and set(error["fields"]) == {"from", "limit"}
    bad = client.get("/api/v1/events?cursor=bm90LWEtY3Vyc29y").get_json()["error"]
    assert bad["code"] == "invalid_cursor"
    assert client.get("/api/v1/nothing-here").get_json()["error"]["code"] == "not_found"
    wrong = client.post("/api/v1/events")
    assert wrong.status_code == 405 and wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_event_etag_304_and_seat_change(app, client, make_event):
    from roundtable.registration.services import register
    from tests.dbutil import recorded_statements

    event_id = make_event(slug="watched", capacity_in_person=10)
    first = client.get("/api/v1/events/watched")
    etag = first.headers["ETag"]
    assert "Set-Cookie" not in first.headers and "Cookie" not in first.headers.get("Vary", "")
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        again = client.get("/api/v1/events/watched", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    with app.app_context():
        register(db.session.get(Event, event_id), name="Raúl", email="r@example.org",
                 mode="in_person")
        db.session.commit()
    changed = client.get("/api/v1/events/watched", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    seats = {a["mode"]: a["seats_left"] for a in changed.get_json()["audiences"]}
    assert seats["in_person"] == 9


def test_list_etag_moves_with_content(app, client, make_event):
    event_id = make_event(slug="listed")
    etag = client.get("/api/v1/events").headers["ETag"]
    assert client.get("/api/v1/events", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/events?lang=es",
                      headers={"If-None-Match": etag}).status_code == 200
    with app.app_context():
        db.session.get(Event, event_id).title = "Renamed — Barceló Durazo"
        db.session.commit()
    response = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.get_json()["data"][0]["title"] == "Renamed — Barceló Durazo"


def test_last_modified_answers_if_modified_since(app, client, make_event):
    from roundtable.db_types import utcnow

    event_id = make_event(slug="stamped")
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.updated_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    first = client.get("/api/v1/events/stamped")
    stamp = first.headers["Last-Modified"]
    again = client.get("/api/v1/events/stamped", headers={"If-Modified-Since": stamp})
    assert again.status_code == 304


def test_series_and_organizations(app, client, demo):
    series = client.get("/api/v1/series").get_json()["data"]
    assert series and series[0]["events_url"].startswith("http://roundtable.test/api/v1/events")
    one = client.get(f"/api/v1/series/{series[0]['slug']}").get_json()
    assert one["name"] == series[0]["name"]
    orgs = client.get("/api/v1/organizations?limit=1").get_json()
    assert len(orgs["data"]) == 1 and orgs["links"]["next"]
    org = client.get("/api/v1/organizations/university-of-arizona").get_json()
    assert org["name"] == "University of Arizona"
    assert client.get("/api/v1/series/nope").get_json()["error"]["code"] == "not_found"


def test_docs_page_lists_operations(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /api/v1/events/{slug}" in html and "openapi.json" in html
    assert "<script>" not in html


def test_committed_openapi_document_matches_the_code(client):
    from pathlib import Path

    committed = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())
    generated = client.get("/api/v1/openapi.json").get_json()
    assert generated["openapi"] == "3.1.0"
    assert committed == generated, (
        "docs/openapi.json is out of date: run "
        "`.venv/bin/flask --app app openapi write docs/openapi.json`")


def _cursor(values) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


EVENT_CURSORS = [
    ["2030-01-01T00:00:00", 1],  # a naive time for a UTC column
    ["0001-01-01T00:00:00+05:00", 1],  # year 0 in UTC
    ["2030-01-01T00:00:00+00:00", 10**30],  # beyond PostgreSQL's integer
    ["2030-01-01T00:00:00+00:00", -10**30],
    ["2030-01-01T00:00:00+00:00", True],
]
ID_CURSORS = [[10**30], [-10**30], [2**31], [True]]


@pytest.mark.parametrize(("path", "values"), [
    *(("/api/v1/events", v) for v in EVENT_CURSORS),
    *((p, v) for p in ("/api/v1/series", "/api/v1/organizations") for v in ID_CURSORS),
])
def test_a_forged_cursor_is_refused_not_a_500(client, path, values):
    """Cursors are base64 JSON any client can write: out of range, each was a 500."""
    response = client.get(path, query_string={"cursor": _cursor(values)})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_cursor"


def test_rate_limit_per_address(app_config):
    from roundtable.extensions import limiter
    from tests.conftest import running_app

    with running_app({**app_config, "RATELIMIT_ENABLED": True,
                      "API_PUBLIC_RATE_LIMIT": "3 per minute"}) as limited:
        client = limited.test_client(use_cookies=False)
        limiter.reset()  # counters kept in this process by earlier tests do not count here
        one = {"REMOTE_ADDR": "198.51.100.7"}
        answers = [client.get(path, environ_base=one) for path in
                   ("/api/v1/", "/api/v1/series", "/api/v1/organizations", "/api/v1/events")]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        refused = answers[-1]
        assert refused.get_json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 61  # the window, rounded up
        assert refused.headers["Cache-Control"] == "no-store"
        # Another address has its own count.
        assert client.get("/api/v1/", environ_base={"REMOTE_ADDR": "198.51.100.8"}
                          ).status_code == 200
        spanish = client.get("/api/v1/?lang=es", environ_base=one).get_json()
        assert spanish["error"]["message"] == (
            "Demasiadas solicitudes. Espere un minuto e inténtelo de nuevo.")
