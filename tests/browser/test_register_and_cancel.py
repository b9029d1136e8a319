"""Attendees register and cancel in a real browser; the door checks them in with one tap."""


import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def event(live_server):
    """A published hybrid event with one seat in the room, organized by the default organizer."""
    return live_server.make_event(
        live_server.make_organizer(), title="4th Annual U.S.–Mexico Defense & Security Roundtable",
        capacity_in_person=1, zoom_join_url="https://zoom.us/j/85512345678?pwd=abc",
        zoom_passcode="frontera4")


def _register(page, live_server, name, email, mode):
    page.goto(live_server.url("/events/rt"))
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.locator(f"input[name=mode][value={mode}]").check()
    page.get_by_role("button", name="Register").click()
    return page.url


def test_register_wait_cancel_and_get_promoted(live_server, page, browser, event):
    first_url = _register(page, live_server, "Raúl Benítez Manaut", "raul@example.org",
                          "in_person")
    assert "/registrations/" in first_url
    assert page.locator("#status").inner_text() == "Confirmed"
    assert page.get_by_text("Raúl Benítez Manaut").is_visible()
    assert page.get_by_alt_text("Check-in code for Raúl Benítez Manaut").is_visible()

    other = browser.new_context().new_page()
    second_url = _register(other, live_server, "Guadalupe Correa-Cabrera", "gcc@example.org",
                           "in_person")
    assert other.locator("#status").inner_text() == "Waitlisted"
    assert other.get_by_text("number 1 on the in-person waitlist").is_visible()
    assert "zoom.us" not in other.content()

    page.get_by_role("link", name="Cancel my registration…").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    assert page.locator("#status").inner_text() == "Cancelled"

    other.goto(second_url)
    assert other.locator("#status").inner_text() == "Confirmed"
    other.context.close()


def test_online_registrant_sees_zoom_and_can_switch(live_server, page, event):
    _register(page, live_server, "Rafael Barceló Durazo", "rafael@example.org", "online")
    assert page.get_by_role("link", name="https://zoom.us/j/85512345678?pwd=abc").is_visible()
    page.locator("input[name=mode][value=in_person]").check()
    page.get_by_role("button", name="Switch").click()
    assert page.get_by_text("You are now registered in person").is_visible()
    assert "zoom.us/j" not in page.content()


def test_door_check_in_filters_as_you_type_and_checks_in_without_reload(
        live_server, page, sign_in, event, browser):
    attendee = browser.new_context().new_page()
    _register(attendee, live_server, "Raúl Benítez Manaut", "raul@example.org", "in_person")
    _register(attendee, live_server, "Guadalupe Correa-Cabrera", "gcc@example.org", "online")
    attendee.context.close()

    sign_in()
    page.goto(live_server.url(f"/manage/events/{event}/checkin"))
    page.get_by_placeholder("Search by name or email").fill("raul")
    rows = page.locator(".checkin-row")
    assert rows.filter(has_text="Raúl Benítez Manaut").is_visible()
    assert rows.filter(has_text="Guadalupe").is_hidden()
    # The event is days away: the door asks before an early check-in (say yes).
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Check in").click()
    page.get_by_role("button", name="Undo").wait_for()
    assert asked
    assert page.locator("[data-arrived]").inner_text() == "1"
    assert page.get_by_placeholder("Search by name or email").input_value() == "raul"
    page.get_by_role("button", name="Undo").click()
    page.get_by_role("button", name="Check in").wait_for()
    assert page.locator("[data-arrived]").inner_text() == "0"
