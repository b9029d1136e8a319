"""Dates and times on a Spanish page in an English browser: day first and 24-hour.

The browser runs with locale en-US (the ``page`` fixture), where ``type="date"`` and
``type="datetime-local"`` would show 11/21/2030 and 4:00 PM. The event form's fields
(roundtable/fields.py) follow the page instead: 21/11/2030 and 16:00, a refused date is
explained in Spanish and kept as typed, and axe finds nothing (the fixture checks every
page load).
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_event_form_in_spanish_is_day_first_and_24_hour(live_server, page, sign_in):
    live_server.make_organizer()
    sign_in()
    page.goto(live_server.url("/manage/events/new?lang=es"))
    assert page.locator("html").get_attribute("lang") == "es"
    starts = page.get_by_label("Inicio", exact=True)
    starts_time = page.get_by_label("Inicio: hora (formato de 24 horas, como 16:00)")
    # Plain text boxes: the browser adds no picker of its own, in its own order.
    assert starts.get_attribute("type") == "text" and starts_time.get_attribute("type") == "text"
    assert starts.get_attribute("placeholder") == "dd/mm/aaaa"
    expect(page.locator("#starts_at-format")).to_have_text(
        "Fecha como dd/mm/aaaa (por ejemplo, 21/11/2030); hora en formato de 24 horas (16:00).")
    assert "starts_at-format" in starts.get_attribute("aria-describedby")

    page.fill("#title", "Mesa redonda sobre seguridad fronteriza")
    page.select_option("#format", "in_person")
    page.fill("#venue_name", "Universidad de Arizona")
    # A month-first date is not a Spanish one: refused in Spanish, kept as typed.
    starts.fill("11/21/2030")
    starts_time.fill("16:00")
    page.fill("#ends_at", "21/11/2030")
    page.fill("#ends_at-time", "17:30")
    page.locator("form button.primary[type=submit]").first.click()
    expect(page.locator("#starts_at-error")).to_have_text(
        "Escriba la fecha como dd/mm/aaaa, por ejemplo, 21/11/2030.")
    expect(page.get_by_label("Inicio", exact=True)).to_have_value("11/21/2030")
    expect(page.locator("#ends_at-time")).to_have_value("17:30")

    page.get_by_label("Inicio", exact=True).fill("21/11/2030")
    page.locator("form button.primary[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/manage/events/\d+$"))
    page.goto(page.url + "/edit")
    expect(page.get_by_label("Inicio", exact=True)).to_have_value("21/11/2030")
    expect(page.get_by_label("Inicio: hora (formato de 24 horas, como 16:00)")).to_have_value(
        "16:00")
    expect(page.locator("#ends_at-time")).to_have_value("17:30")
    # What a reader sees in the boxes is what is in them: no "PM" anywhere on the form.
    assert "PM" not in page.locator("form").first.inner_text()
