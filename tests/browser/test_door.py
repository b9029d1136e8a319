"""The door on a 390 px phone: the room's people only, search and names in view, no scrolling."""


import pytest

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration import services
from tests.browser.conftest import sign_in_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PEOPLE = [
    ("Raúl Benítez Manaut", "raul@example.org", "in_person"),
    ("ángela Zúñiga", "angela@example.org", "in_person"),
    ("Barceló Durazo, Rafael", "rafael@example.org", "in_person"),
    ("Guadalupe Correa-Cabrera", "gcc@example.org", "online"),
]


@pytest.fixture
def door_event(live_server):
    """The model case's long title, a hybrid room of 3 and one online registrant."""

    event_id = live_server.make_event(live_server.make_organizer(), capacity_in_person=3)
    with live_server.app.app_context():
        event = db.session.get(Event, event_id)
        for name, email, mode in PEOPLE:
            services.register(event, name=name, email=email, mode=mode)
        db.session.commit()
        return event.id


def test_phone_door_shows_search_and_first_names_without_scrolling(
        live_server, browser, door_event, tmp_path):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True,
                                  device_scale_factor=2, has_touch=True)
    page = context.new_page()
    try:
        sign_in_page(page, live_server)
        page.goto(live_server.url(f"/manage/events/{door_event}/checkin"))
        page.screenshot(path=str(tmp_path / "door-390.png"))

        names = page.locator(".checkin-row:visible .who strong").all_inner_texts()
        assert names == ["ángela Zúñiga", "Barceló Durazo, Rafael", "Raúl Benítez Manaut"]
        assert page.locator("[data-arrived]").inner_text() == "0"
        assert page.locator("[data-expected]").inner_text() == "3"

        assert page.evaluate("window.scrollY") == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        search = page.get_by_placeholder("Search by name or email").bounding_box()
        # The search box and the first names sit in the first screen, below the event header.
        assert search["y"] >= 0 and search["y"] + search["height"] <= PHONE["height"]
        assert search["x"] >= 0 and search["x"] + search["width"] <= PHONE["width"]
        for row in page.locator(".checkin-row .who strong").all()[:3]:
            box = row.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box

        # Accents and case do not matter, as on the server.
        page.get_by_placeholder("Search by name or email").fill("BARCELO")
        visible = page.locator(".checkin-row:visible .who strong").all_inner_texts()
        assert visible == ["Barceló Durazo, Rafael"]
        # The search as you type finds everyone registered, with a plain status.
        page.get_by_placeholder("Search by name or email").fill("correa")
        row = page.locator(".checkin-row:visible")
        assert row.locator(".who strong").all_inner_texts() == ["Guadalupe Correa-Cabrera"]
        assert "Registered online" in row.inner_text()
        assert row.get_by_role("button", name="Admit").is_visible()
    finally:
        context.close()


def test_anyone_who_arrives_can_be_let_in_and_questions_come_first(
        live_server, page, sign_in, door_event):
    from playwright.sync_api import expect

    with live_server.app.app_context():
        event = db.session.get(Event, door_event)
        services.register(event, name="Zoe Waiting", email="zoe@example.org", mode="in_person")
        db.session.commit()
    sign_in()
    page.goto(live_server.url(f"/manage/events/{door_event}/checkin"))
    page.locator("[data-door].door-live").wait_for(state="attached")
    page.get_by_placeholder("Search by name or email").fill("zoe")
    row = page.locator(".checkin-row", has_text="Zoe Waiting")
    expect(row).to_contain_text("On the in-person waitlist, number 1")
    expect(row).to_contain_text("Over capacity by 1")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    row.get_by_role("button", name="Admit").click()  # "no": nothing happens
    row.get_by_role("button", name="Admit").click()  # "yes"
    assert asked[0].startswith("Over capacity by 1 — admit anyway? This event is on ")
    expect(row).to_contain_text("Checked in at")
    expect(page.locator("[data-door-warnings] .flash-warning")).to_have_text(
        "Over capacity by 1: 4 seats taken of 3.")
    expect(page.locator("[data-arrived]")).to_have_text("1")

    # The desktop Confirm that raises a capacity asks first, too.
    with live_server.app.app_context():
        event = db.session.get(Event, door_event)
        services.register(event, name="Yann Second", email="yann@example.org",
                          mode="in_person")
        db.session.commit()
    page.goto(live_server.url(f"/manage/events/{door_event}/registrations"))
    yann = page.locator("tr", has_text="Yann Second")
    yann.get_by_role("button", name="Confirm").click()
    assert asked[-1] == ("The in-person audience is full: confirming Yann Second raises its "
                         "capacity from 3 to 4. Confirm?")
    expect(page.locator(".flash-success")).to_contain_text("Yann Second is confirmed.")
    # Zoe is checked in: no Cancel button until her check-in is undone.
    zoe = page.locator("tr", has_text="Zoe Waiting")
    expect(zoe).to_contain_text("Checked in: undo the check-in at the door to cancel.")
    assert zoe.get_by_role("button", name="Cancel").count() == 0
