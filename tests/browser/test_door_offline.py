"""The door without Wi-Fi: two phones check people in offline, reconnect, and the server
has each check-in once, with the conflict shown on the phone that came second."""


import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.registration.models import DoorAction, Registration
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def door_today(live_server):
    """An event under way (no question about the day), a room of 3 with 2 registered."""
    return live_server.make_event_under_way(
        live_server.make_organizer(), capacity_in_person=3,
        people=[("Raúl Benítez Manaut", "raul@example.org"),
                ("Barceló Durazo, Rafael", "rafael@example.org")])


def _phone(browser, live_server, event_id):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url("/login"))
    page.get_by_label("Email").fill("organizer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/manage/**")
    page.goto(live_server.url(f"/manage/events/{event_id}/checkin"))
    # The list is on the device and the service worker controls the page.
    page.locator("[data-door].door-live").wait_for(state="attached")
    page.evaluate("navigator.serviceWorker.ready")
    for _ in range(100):  # the script caches the empty door page and its files for offline use
        if page.evaluate("() => caches.open('roundtable-door').then(c => c.keys())"
                         ".then(k => k.length >= 3)"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the door page was not cached for offline use")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
    return context, page


def _row(page, name):
    return page.locator(".checkin-row", has=page.locator("strong", has_text=name))


def _stored(page) -> list[dict]:
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('roundtable-door');
        open.onsuccess = () => {
          const get = open.result.transaction('lists').objectStore('lists').getAll();
          get.onsuccess = () => { open.result.close(); resolve(get.result); };
          get.onerror = () => reject(get.error);
        };
    })""")


def _walk_in(page, name, email):
    page.get_by_text("Add a walk-in").click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email (optional)").fill(email)
    page.get_by_role("button", name="Register and check in").click()


def test_two_phones_offline_check_in_once_with_the_conflict_shown(
        live_server, browser, axe, door_today):
    first, a = _phone(browser, live_server, door_today)
    second, b = _phone(browser, live_server, door_today)
    try:
        # The device keeps names, affiliation, status and the code's hash: no email.
        stored = _stored(a)
        assert len(stored) == 1
        assert {key for person in stored[0]["people"] for key in person} == {
            "id", "name", "affiliation", "status", "action", "question", "rule", "expected",
            "walk_in", "checked_in", "code_hash"}
        assert "raul@example.org" not in str(stored)

        first.set_offline(True)
        second.set_offline(True)
        for page in (a, b):
            banner = page.locator("[data-door-offline]")
            banner.wait_for(state="visible")
            assert "Offline" in banner.inner_text()

        _row(a, "Raúl Benítez Manaut").get_by_role("button", name="Check in").click()
        _row(b, "Raúl Benítez Manaut").get_by_role("button", name="Check in").click()
        _walk_in(a, "María Fernández", "maria@example.org")
        _walk_in(b, "María Fernández", "MARIA@example.org")
        for page in (a, b):
            expect(page.locator("[data-door-offline]")).to_contain_text("Waiting to be sent: 2.")
            axe.check(page)  # the offline state, the queued rows, the open walk-in form
            expect(page.locator("[data-arrived]")).to_have_text("2")
            expect(page.locator("[data-walk-ins]")).to_have_text("1")
        # Offline search finds the room's people from the device.
        b.get_by_placeholder("Search by name or email").fill("barcelo")
        expect(b.locator(".checkin-row .who strong")).to_have_text(["Barceló Durazo, Rafael"])

        # The door opens again with the network down: the service worker and the device.
        b.reload()
        expect(_row(b, "Raúl Benítez Manaut")).to_contain_text("not yet sent")
        expect(b.locator("[data-door-offline]")).to_contain_text("Waiting to be sent: 2.")

        first.set_offline(False)
        a.locator("[data-door-offline]").wait_for(state="hidden")
        expect(_row(a, "Raúl Benítez Manaut")).to_contain_text("Checked in at")
        second.set_offline(False)
        conflicts = b.locator("[data-door-conflicts]")
        conflicts.wait_for(state="visible")
        b.wait_for_function(
            "() => document.querySelectorAll('[data-door-conflicts] li').length === 2")
        text = conflicts.inner_text()
        assert "Raúl Benítez Manaut was already checked in" in text
        assert "María Fernández was already added at the door: kept once." in text
        b.locator("[data-door-offline]").wait_for(state="hidden")
        axe.check(b)  # the conflicts shown

        with live_server.app.app_context():
            raul = db.session.scalar(select(Registration).where(
                Registration.email == "raul@example.org"))
            assert raul.checked_in_at is not None
            applied = db.session.scalar(select(func.count()).select_from(DoorAction).where(
                DoorAction.registration_id == raul.id, DoorAction.outcome == "applied"))
            assert applied == 1
            assert db.session.scalar(select(func.count()).where(
                Registration.email == "maria@example.org")) == 1

        # Signing out clears the device.
        a.get_by_role("button", name="Sign out").click()
        a.wait_for_url(live_server.url("/"))
        assert "roundtable-door" not in [d["name"] for d in a.evaluate("indexedDB.databases()")]
    finally:
        first.close()
        second.close()
