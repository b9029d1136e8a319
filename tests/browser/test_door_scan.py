"""Scanning at the door: a QR code shown to the phone's camera, and a scanner that types
the code and Enter; a scan shows the person, their status and one big button."""


import pytest
import segno
from playwright.sync_api import expect

from roundtable.extensions import db
from roundtable.registration.checkin import scan_url
from roundtable.registration.models import Registration
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


@pytest.fixture
def door_now(live_server):
    """An event under way with a room of 1, full: Raúl in it, Zoe on its waitlist."""
    event_id = live_server.make_event_under_way(
        live_server.make_organizer(), capacity_in_person=1,
        people=[("Raúl Benítez Manaut", "raul@example.org"),
                ("Zoe Waiting", "zoe@example.org")])
    with live_server.app.app_context():
        codes = {}
        with live_server.app.test_request_context():
            for registration in db.session.query(Registration):
                codes[registration.email] = scan_url(registration)
        return event_id, codes


def _y4m_of_qr(text: str, path) -> None:
    """A one-frame YUV4MPEG2 video of the QR code, as Chromium's fake camera plays it."""
    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    scale = min(WIDTH, HEIGHT) // (len(matrix) + 8)
    size = len(matrix) * scale
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + y * scale + dy) * WIDTH + left + x * scale
                    luma[start:start + scale] = b"\x10" * scale
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        video.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def _sign_in_at_the_door(page, live_server, event_id):
    page.goto(live_server.url("/login"))
    page.get_by_label("Email").fill("organizer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/manage/**")
    page.goto(live_server.url(f"/manage/events/{event_id}/checkin"))
    page.locator("[data-door].door-live").wait_for(state="attached")
    page.locator("[data-door-list] [data-person]").first.wait_for()


def test_the_camera_reads_a_door_qr_code_and_one_button_checks_in(
        live_server, browser, axe, door_now, tmp_path):
    event_id, codes = door_now
    video = tmp_path / "qr.y4m"
    _y4m_of_qr(codes["raul@example.org"], video)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"])
    context = camera_browser.new_context(viewport={"width": 390, "height": 844},
                                         locale="en-US", permissions=["camera"])
    axe.watch(context)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        _sign_in_at_the_door(page, live_server, event_id)
        # Chromium on Linux has no BarcodeDetector: the shipped decoder (jsQR) reads the frames.
        assert page.evaluate("'BarcodeDetector' in window") is False
        assert page.evaluate("typeof window.jsQR") == "function"
        page.get_by_role("button", name="Scan a QR code with the camera").click()
        result = page.locator("[data-door-scan]")
        expect(result.locator("[data-scan-name]")).to_have_text("Raúl Benítez Manaut",
                                                                 timeout=15_000)
        expect(result.locator("[data-scan-status]")).to_have_text("Registered in person")
        button = result.get_by_role("button", name="Check in")
        box = button.bounding_box()
        assert box["height"] >= 60 and box["width"] >= 300  # big enough for a thumb
        assert page.locator("[data-door-video]").is_hidden()  # the camera stops after a read
        axe.check(page)
        button.click()
        expect(result.locator("[data-scan-status]")).to_contain_text("Checked in")
        with live_server.app.app_context():
            raul = db.session.query(Registration).filter_by(email="raul@example.org").one()
            for _ in range(50):
                db.session.expire_all()
                if raul.checked_in_at:
                    break
                page.wait_for_timeout(100)
            assert raul.checked_in_at is not None
    finally:
        context.close()
        camera_browser.close()


def test_a_scanner_types_the_code_and_enter(live_server, page, axe, door_now):
    event_id, codes = door_now
    _sign_in_at_the_door(page, live_server, event_id)
    search = page.get_by_placeholder("Search by name or email")
    # A hardware scanner is a keyboard: the QR's text, then Enter.
    search.type(codes["zoe@example.org"])
    search.press("Enter")
    result = page.locator("[data-door-scan]")
    expect(result.locator("[data-scan-name]")).to_have_text("Zoe Waiting")
    expect(result.locator("[data-scan-status]")).to_have_text(
        "On the in-person waitlist, number 1 · Over capacity by 1")
    assert search.input_value() == ""
    axe.check(page)
    page.once("dialog", lambda dialog: (
        dialog.message == "Over capacity by 1 — admit anyway?" and dialog.accept()))
    result.get_by_role("button", name="Admit").click()
    expect(result.locator("[data-scan-status]")).to_contain_text("Admitted")
    # A code from elsewhere says so.
    search.type(codes["zoe@example.org"][:-3] + "abc")
    search.press("Enter")
    expect(result.locator("[data-scan-name]")).to_have_text(
        "This code is not one of this event’s registrations.")
