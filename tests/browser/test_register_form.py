"""The register form in a browser: the reception question follows the mode, errors take focus,
the layout holds on a 390 px phone, and axe finds what it should."""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db
from tests.browser.a11y import violations_of

pytestmark = pytest.mark.browser


@pytest.fixture
def event(live_server):
    """A published hybrid event with a reception after the talks."""
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event

    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=10)
    with live_server.app.app_context():
        event = Event(title="3rd Annual U.S.–Mexico Defense & Security Roundtable", slug="rt",
                      format="hybrid", status="published", starts_at=starts,
                      ends_at=starts + timedelta(hours=3), timezone="America/Phoenix",
                      venue_name="Student Union Memorial Center", capacity_in_person=80)
        event.agenda_items.append(AgendaItem(
            kind="reception", title="Reception", starts_at=starts + timedelta(hours=2),
            ends_at=starts + timedelta(hours=3), in_person_only=True))
        db.session.add(event)
        db.session.commit()
        return event.id


def _reception(page):
    return page.locator("fieldset[data-for-mode=in_person]")


def _assert_reception_inside_its_box(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = _reception(page).bounding_box()
    parts = _reception(page).locator("legend, p.hint, label.choice").all()
    assert len(parts) == 4  # legend, hint, Yes, No
    for part in parts:
        inner = part.bounding_box()
        assert inner["x"] >= box["x"] - 0.5
        assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5
        assert inner["y"] >= box["y"] - 0.5
        assert inner["y"] + inner["height"] <= box["y"] + box["height"] + 0.5
    assert box["x"] + box["width"] <= width


def test_reception_question_follows_the_mode(live_server, page, event):
    page.goto(live_server.url("/events/rt/register"))
    assert page.get_by_text("80 seats left").is_visible()
    assert _reception(page).is_visible()
    _assert_reception_inside_its_box(page, 1280)
    page.get_by_label("Online via Zoom").check()
    assert _reception(page).is_hidden()
    page.get_by_label("In person").check()
    assert _reception(page).is_visible()
    page.get_by_label("Online via Zoom").check()
    page.get_by_label("Full name").fill("Rafael Barceló Durazo")
    page.get_by_label("Email").fill("rafael@example.org")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/registrations/**")
    assert page.locator("#status").inner_text() == "Confirmed"
    assert "Reception" not in page.locator("dl.facts").inner_text()


def test_failed_submit_focuses_the_first_invalid_field(live_server, page, event):
    page.goto(live_server.url("/events/rt/register"))
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector(".has-error")
    assert page.evaluate("document.activeElement.id") == "name"
    assert page.locator("#name").get_attribute("aria-describedby") == "name-error"
    assert page.locator("#name-error").inner_text() == "Please give your name."
    assert page.locator("#mode-group").get_attribute("aria-describedby") == "mode-error"

    page.get_by_label("Full name").fill("Raúl Benítez Manaut")
    page.get_by_label("Email").fill("raul@example.org")
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector("#mode-error")
    # Only the mode is missing now: focus lands on its first button, which names the error.
    focused = page.evaluate("[document.activeElement.name, document.activeElement.type]")
    assert focused == ["mode", "radio"]
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert "mode-error" in described.split()
    assert page.locator("#mode-error").inner_text() == "Please choose how."
    assert page.get_by_label("Full name").input_value() == "Raúl Benítez Manaut"


def test_register_form_fits_a_390px_phone(live_server, browser, axe, event):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url("/events/rt/register"))
    _assert_reception_inside_its_box(page, 390)
    context.close()


def test_the_accessibility_check_finds_real_problems(browser):
    # Not through the ``page`` fixture: this page is meant to fail the rules.
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="en"><body><main><img src="x.png">'
                     '<input type="text"></main></body></html>')
    found = " ".join(violations_of(page))
    assert "image-alt" in found and "label" in found
    context.close()
