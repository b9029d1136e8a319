"""The EN | ES switch in a browser: same page, Spanish remembered, registration in Spanish.

The ``page`` fixture runs axe on every page load, so the switch itself is checked
for accessibility in both languages.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from roundtable.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def event(live_server):
    from roundtable.events.models import Event

    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=10)
    with live_server.app.app_context():
        db.session.add(Event(
            title="3rd Annual U.S.–Mexico Defense & Security Roundtable", slug="rt",
            title_es="3.ª Mesa Redonda Anual México–Estados Unidos", format="hybrid",
            status="published", starts_at=starts, ends_at=starts + timedelta(hours=2),
            timezone="America/Phoenix", venue_name="Student Union Memorial Center",
            zoom_join_url="https://zoom.us/j/85512345678"))
        db.session.commit()


def test_switch_keeps_the_page_and_registers_in_spanish(live_server, page, event):
    page.goto(live_server.url("/events/rt/register"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="ES (Español)").click()
    page.wait_for_url("**/events/rt/register?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Registrarse"
    # The cookie remembers the choice: the event page, without ?lang=, is Spanish too.
    page.goto(live_server.url("/events/rt"))
    assert page.locator("h1").inner_text() == "3.ª Mesa Redonda Anual México–Estados Unidos"
    assert page.get_by_role("link", name="ES (Español)").get_attribute("aria-current") == "true"
    page.goto(live_server.url("/events/rt/register"))
    page.get_by_label("Nombre completo").fill("Raúl Benítez Manaut")
    page.get_by_label("Correo electrónico").fill("raul@example.org")
    page.get_by_label("En línea por Zoom").check()
    page.get_by_role("button", name="Registrarse").click()
    page.wait_for_url("**/registrations/*")
    assert "Su registro se completó." in page.locator("main").inner_text()

    from roundtable.registration.models import Registration

    with live_server.app.app_context():
        assert db.session.scalar(select(Registration.language)) == "es"
