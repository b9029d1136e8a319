"""The attendee's pages on a phone: nothing wider than a 320 px screen, the Register button
and the seats left on the event page's first screen, scarcity only when it is news."""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db

pytestmark = pytest.mark.browser

LONG_EMAIL = ("guadalupe.correa-cabrera.investigadora-principal"
              "@universidad-nacional-autonoma-de-mexico.edu.mx")
LONG_URL = ("https://arizona.zoom.us/rec/share/9tUuKqLr2_very-long-recording-link-"
            "XyZ0123456789abcdefghijklmnopqrstuvwxyz?startTime=1732230000000")
TITLE = "3rd Annual U.S.–Mexico Defense & Security Roundtable"


@pytest.fixture
def tokens(live_server):
    """An upcoming 5-seat event with long texts, a past one with a recording; their links."""
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event
    from roundtable.recap.models import EventMaterial, EventRecording
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=10)

    def event(slug, start, **values):
        item = AgendaItem(kind="panel", title="Panel Discussion: migración, seguridad y "
                          "cooperación binacional en la frontera", starts_at=start,
                          ends_at=start + timedelta(hours=1))
        item.roles.append(AgendaRole(role="panelist", person=Person(
            honorific="Dr.", name="Raúl Benítez Manaut", position="Investigador titular",
            affiliation="Centro de Investigaciones sobre América del Norte, UNAM",
            bio=f"Writes at {LONG_URL}")))
        return Event(title=TITLE, slug=slug, format="hybrid", status="published",
                     starts_at=start, ends_at=start + timedelta(hours=1, minutes=30),
                     timezone="America/Phoenix", venue_name="Student Union Memorial Center",
                     venue_room="Grand Ballroom", capacity_in_person=5, capacity_online=100,
                     venue_address="1303 E University Blvd, Tucson, AZ 85719",
                     summary="Defense and security cooperation between the United States "
                     "and Mexico, in Tucson and on Zoom.",
                     description=f"The **third annual** roundtable.\n\n- One\n- Two\n\n{LONG_URL}",
                     contact_email=LONG_EMAIL, agenda_items=[item],
                     zoom_join_url="https://zoom.us/j/99911122233", **values)

    links = {}
    with live_server.app.app_context():
        upcoming = event("rt", starts)
        past = event("rt-2024", starts - timedelta(days=400))
        db.session.add_all([upcoming, past])
        db.session.flush()
        db.session.add(EventRecording(event_id=past.id, url=LONG_URL, passcode="Qx7$kP2!"))
        db.session.add(EventMaterial(event_id=past.id, title="Presentación del panel "
                                     "(diapositivas, versión completa)", url=LONG_URL))
        for key, ev, mode, status in (("confirmed", upcoming, "in_person", "confirmed"),
                                      ("waitlisted", upcoming, "online", "waitlisted"),
                                      ("past", past, "in_person", "confirmed")):
            registration = Registration(event=ev, name="Guadalupe Correa-Cabrera",
                                        email=f"{key}.{LONG_EMAIL}", mode=mode, status=status)
            db.session.add(registration)
            links[key] = issue_token(registration)
        db.session.commit()
    return links


def _pages(tokens) -> list[str]:
    pages = ["/events/rt", "/events/rt/register", "/events/rt-2024"]
    for token in tokens.values():
        pages += [f"/registrations/{token}", f"/registrations/{token}/cancel"]
    return pages


def _overflow(page) -> list[str]:
    """Elements whose right edge passes the screen's, and the document's own width."""
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 0.5;
      }).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40));
      if (document.documentElement.scrollWidth > width) wide.push('document ' +
        document.documentElement.scrollWidth + ' > ' + width);
      return wide;
    }""")


@pytest.mark.parametrize("width,height", [(320, 568), (390, 844)])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_nothing_overflows_a_phone(live_server, browser, axe, tokens, width, height, lang):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="en-US", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path in _pages(tokens):
            page.goto(live_server.url(f"{path}?lang={lang}"))
            wide = _overflow(page)
            assert wide == [], f"{path} at {width} px: " + " | ".join(wide)
        # The register form's errors and the waitlist line must fit too.
        page.goto(live_server.url(f"/events/rt/register?lang={lang}"))
        page.locator("form button[type=submit].primary").click()
        page.wait_for_load_state()
        assert _overflow(page) == [], ("register errors", width)
        # The page right after registering (their registration), with a long address in it.
        page.fill("input[name=name]", "Guadalupe Correa-Cabrera")
        page.fill("input[name=email]", f"{width}.{lang}.{LONG_EMAIL}")
        page.check("input[name=mode][value=online]")
        page.locator("form button[type=submit].primary").click()
        page.wait_for_url("**/registrations/**")
        wide = _overflow(page)
        assert wide == [], f"after registering at {width} px: " + " | ".join(wide)
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(320, 568), (390, 844)])
def test_register_and_seats_are_on_the_first_screen(live_server, browser, axe, tokens,
                                                    width, height):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="en-US", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server.url("/events/rt"))
        button = page.locator(".register-cta a.button").bounding_box()
        seats = page.locator(".availability").bounding_box()
        assert button["y"] + button["height"] <= height, button
        assert seats["y"] + seats["height"] <= height, seats
        assert button["height"] >= 44  # a thumb's target
    finally:
        context.close()


def test_scarcity_is_shown_only_when_it_is_news(live_server, page, tokens):
    from roundtable.events.models import Event
    from roundtable.registration.models import Registration

    page.goto(live_server.url("/events/rt"))
    # One of five seats taken: "4 seats left", not "Only".
    assert page.locator(".availability").inner_text().count("Only") == 0
    assert "In person: 4 seats left" in page.locator(".availability").inner_text()
    with live_server.app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "rt"))
        for n in range(3):
            db.session.add(Registration(event=event, name=f"R {n}", email=f"r{n}@example.org",
                                        mode="in_person", status="confirmed",
                                        manage_token_hash=f"{n:064d}", token_nonce="n"))
        db.session.commit()
    page.goto(live_server.url("/events/rt"))
    assert "In person: Only 1 seat left" in page.locator(".availability").inner_text()
