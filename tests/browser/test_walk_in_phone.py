"""A walk-in without an email, added at the door on a 390 px phone (issue 23, item 12).

The form says the email is optional and what it brings; a name like someone already
registered is asked about first (the server's rapidfuzz check while online); the
person lands in the room with no address, and axe finds nothing on any state.
"""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.registration.models import Registration
from tests.browser.test_door_offline import PHONE, _phone, _row, door_today  # noqa: F401

pytestmark = pytest.mark.browser


def _walk_ins(live_server):
    with live_server.app.app_context():
        return [(r.name, r.email, r.affiliation, r.checked_in_at is not None)
                for r in db.session.scalars(select(Registration).where(
                    Registration.is_walk_in.is_(True)).order_by(Registration.id))]


def _fill_walk_in(page, name, affiliation="", label="Email (optional)"):
    form = page.locator("[data-door-walk-in]")
    if not form.is_visible():
        page.locator(".door-walk-in summary").click()
    form.locator("input[name=name]").fill(name)
    page.get_by_label(label).fill("")
    form.locator("input[name=affiliation]").fill(affiliation)
    form.locator("button[type=submit]").click()


def test_a_walk_in_without_an_email_on_a_phone(live_server, browser, axe, door_today):  # noqa: F811
    context, page = _phone(browser, live_server, door_today)
    asked = []
    try:
        page.locator(".door-walk-in summary").click()
        email = page.get_by_label("Email (optional)")
        expect(email).to_be_visible()
        assert email.get_attribute("required") is None
        hint = page.locator("#walk-in-email-hint")
        expect(hint).to_contain_text("the follow-up after it (thanks, recording, materials)")
        assert email.get_attribute("aria-describedby") == "walk-in-email-hint"
        # Nothing passes the phone's right edge with the form open.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Fields as the other forms have them: the label above a box across the form, in
        # text a phone does not zoom into (16 px and more), not a small box beside it.
        boxes = page.evaluate("""() => [...document.querySelectorAll(
            '[data-door-walk-in] input:not([type=hidden])')].map(i => {
              const box = i.getBoundingClientRect(), form = i.form.getBoundingClientRect();
              const label = document.querySelector(`label[for="${i.id}"]`).getBoundingClientRect();
              return {name: i.name, share: box.width / form.width, below: box.top >= label.bottom,
                      font: parseFloat(getComputedStyle(i).fontSize)};
            })""")
        assert all(b["share"] > 0.9 and b["below"] and b["font"] >= 16 for b in boxes), boxes
        axe.check(page)

        # A new name: added at once, no email, checked in, counted.
        _fill_walk_in(page, "Luis Ramírez", "UNAM")
        expect(_row(page, "Luis Ramírez")).to_contain_text("Walk-in")
        expect(page.locator("[data-walk-ins]")).to_have_text("1")
        # Sent, and the list read back from the server ("not yet sent" until then).
        expect(_row(page, "Luis Ramírez")).to_contain_text("Checked in at")
        assert _walk_ins(live_server) == [("Luis Ramírez", None, "UNAM", True)]
        axe.check(page)

        # A name like a registrant's: asked first. "Cancel" shows them in the list.
        def answer(dialog, accept):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", lambda d: answer(d, False))
        _fill_walk_in(page, "Raul Benitez")
        expect(page.get_by_placeholder("Search by name or email")).to_have_value("Raul Benitez")
        expect(_row(page, "Raúl Benítez Manaut")).to_be_visible()
        assert "Raúl Benítez Manaut" in asked[0] and "similar name" in asked[0]
        assert len(_walk_ins(live_server)) == 1
        axe.check(page)

        # "OK": someone else with that name, added.
        page.once("dialog", lambda d: answer(d, True))
        _fill_walk_in(page, "Raul Benitez")
        page.get_by_placeholder("Search by name or email").fill("")
        expect(_row(page, "Raul Benitez")).to_contain_text("Walk-in")
        expect(_row(page, "Raul Benitez")).to_contain_text("Checked in at")
        assert [w[:2] for w in _walk_ins(live_server)] == [
            ("Luis Ramírez", None), ("Raul Benitez", None)]
        axe.check(page)
    finally:
        context.close()


def test_the_desk_walk_in_page_on_a_phone_in_spanish(live_server, browser, axe, door_today):  # noqa: F811
    """Without the door's script: the page lists the similar names and asks, in Spanish."""
    context, page = _phone(browser, live_server, door_today)
    try:
        page.goto(live_server.url(f"/manage/events/{door_today}/walk-in?lang=es"))
        email = page.get_by_label("Correo electrónico (opcional)")
        expect(email).to_be_visible()
        expect(page.locator("#email-hint")).to_contain_text("seguimiento posterior")
        page.get_by_label("Nombre completo").fill("Raul Benitez")
        page.get_by_role("button", name="Registrar a la persona y su llegada").click()
        expect(page.get_by_role("heading", name="Ya en la lista con un nombre parecido")
               ).to_be_visible()
        expect(page.locator(".card .checkin-row")).to_contain_text("Raúl Benítez Manaut")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_role("button", name="Es otra persona: agregar a Raul Benitez").click()
        expect(page.locator(".flash-success")).to_contain_text(
            "Raul Benitez quedó registrado y con llegada registrada, sin correo electrónico")
        assert _walk_ins(live_server) == [("Raul Benitez", None, None, True)]
    finally:
        context.close()


def test_the_same_walk_in_without_an_email_on_two_phones_offline_is_kept_once(
        live_server, browser, axe, door_today):  # noqa: F811
    first, a = _phone(browser, live_server, door_today)
    second, b = _phone(browser, live_server, door_today)
    try:
        first.set_offline(True)
        second.set_offline(True)
        for page in (a, b):
            page.locator("[data-door-offline]").wait_for(state="visible")
            _fill_walk_in(page, "Luis Ramírez")  # neither phone knows of the other's
            expect(_row(page, "Luis Ramírez")).to_contain_text("not yet sent")
            expect(page.locator("[data-door-offline]")).to_contain_text(
                "Waiting to be sent: 1.")
        first.set_offline(False)
        a.locator("[data-door-offline]").wait_for(state="hidden")
        expect(_row(a, "Luis Ramírez")).to_contain_text("Checked in at")
        second.set_offline(False)
        conflicts = b.locator("[data-door-conflicts]")
        conflicts.wait_for(state="visible")
        expect(conflicts).to_contain_text("Luis Ramírez was already added at the door (")
        expect(conflicts).to_contain_text("kept once. If they are two people")
        b.locator("[data-door-offline]").wait_for(state="hidden")
        expect(b.locator("[data-walk-ins]")).to_have_text("1")
        axe.check(b)
        assert _walk_ins(live_server) == [("Luis Ramírez", None, None, True)]
        # The second phone now knows Luis: adding the name again asks first.
        asked = []
        b.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        _fill_walk_in(b, "Luis Ramirez")
        expect(b.get_by_placeholder("Search by name or email")).to_have_value("Luis Ramirez")
        assert asked and "Luis Ramírez" in asked[0]
        assert len(_walk_ins(live_server)) == 1
    finally:
        first.close()
        second.close()
