"""In Chromium: the JSON-LD block breaks no CSP rule, and the token and webhook pages work.

The ``page`` fixture runs axe on every page load (0 violations allowed).
"""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def event(live_server):
    from roundtable.events.models import Event

    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=10)
    with live_server.app.app_context():
        db.session.add(Event(
            title="4th Annual U.S.–Mexico Defense & Security Roundtable", slug="rt",
            format="hybrid", status="published", starts_at=starts,
            ends_at=starts + timedelta(hours=2), timezone="America/Phoenix",
            venue_name="Student Union Memorial Center",
            venue_address="1303 E University Blvd, Tucson, AZ 85719",
            zoom_join_url="https://zoom.us/j/85512345678"))
        db.session.commit()


def test_json_ld_is_read_and_the_csp_refuses_nothing(live_server, page, event):
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    response = page.goto(live_server.url("/events/rt"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    text = page.locator('script[type="application/ld+json"]').text_content()
    data = json.loads(text)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_make_and_revoke_a_token_then_add_a_webhook(live_server, page, sign_in):
    live_server.app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    live_server.make_organizer()
    sign_in()
    page.goto(live_server.url("/account/api-tokens"))
    page.get_by_label("Name", exact=True).fill("CRM sync — Barceló")
    page.get_by_label("Read registrations").check()
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").input_value()
    assert re.fullmatch(r"rt_[A-Za-z0-9_-]{40,}", token)
    page.goto(live_server.url("/account/api-tokens"))
    assert page.locator("#new-token").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url("**/account/api-tokens")
    assert "Revoked" in page.locator("table").inner_text()
    page.goto(live_server.url("/manage/webhooks"))
    page.get_by_label("Address (URL)").fill("http://127.0.0.1:9/hook")
    page.get_by_label("Someone registered").check()
    page.get_by_role("button", name="Add endpoint").click()
    assert page.locator("#new-secret").input_value().startswith("whsec_")
    page.get_by_role("link", name="http://127.0.0.1:9/hook").click()
    page.get_by_role("button", name="Send a test").click()
    assert "Waiting" in page.locator("table").inner_text()
