"""Spanish on a 390 px phone: longer words never push anything past the screen's edge.

The demo (its Spanish content, a past edition with attendance, the next one with
registrants) is loaded; every page an attendee or an organizer uses is opened in
Spanish at 390 px. Nothing may reach past the right edge outside a container that
scrolls on purpose; the door's buttons keep their label on one line inside their
card; a time range ("16:00–17:30") never breaks at its dash, nor a heading's word in two;
the attendance chart's labels never overlap.
"""

import re

import pytest
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from tests.i18n.test_spanish_pages import after_the_event

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Elements past the viewport's edges, outside any container that scrolls or clips on purpose.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || el.matches('.skip')) continue;
    if ((box.right > width + 0.5 || box.left < -0.5) && !clipped(el)) {
      bad.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(box.right)}px `
               + (el.textContent || '').trim().slice(0, 40));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, bad: bad.slice(0, 8)};
}"""

# The matches of a pattern, in the text under the elements a selector finds, that are
# broken over two lines (a JavaScript function the checks below share).
SPLIT_MATCHES = """(selector, pattern) => {
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(pattern)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) found.push(match[0]);
      }
    }
  }
  return found;
}"""

# Time ranges ("16:00–17:30") broken over two lines.
BROKEN_RANGES = f"""() => ({SPLIT_MATCHES})(
  'body', /\\d{{1,2}}:\\d{{2}}\\s?[–-]\\s?\\d{{1,2}}:\\d{{2}}/g)"""

# Buttons whose label wraps, spills out of the button, or that reach past their card (the
# door's list as the server renders it and as door.js draws it again).
DOOR_BUTTONS = """() => {
  const bad = [];
  for (const button of document.querySelectorAll(
      '.door button, .checkin-row button, [data-door-form] button')) {
    const range = document.createRange();
    range.selectNodeContents(button);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    const card = button.closest('li') || button.parentElement;
    const b = button.getBoundingClientRect(), c = card.getBoundingClientRect();
    if (tops.size > 1 || b.right > c.right + 0.5 || button.scrollWidth > button.clientWidth + 1)
      bad.push(button.textContent.trim());
  }
  return bad;
}"""

# Headings and figures' labels whose words are cut in two ("Presenci" / "al",
# "Particip" / "antes"): each word's letters on one line; a chart key's swatch by its name.
BROKEN_WORDS = f"""() => [
  ...[...document.querySelectorAll('.chart-key')]
    .filter(key => key.getClientRects().length > 1).map(key => key.textContent.trim()),
  ...({SPLIT_MATCHES})('main h1, main h2, main h3, main dt', /[\\p{{L}}\\p{{N}}]{{2,}}/gu),
]"""

# Chart labels that overlap their neighbours.
CHART_LABELS = """() => {
  const bad = [];
  for (const svg of document.querySelectorAll('svg.chart-svg')) {
    const boxes = [...svg.querySelectorAll('text.chart-label')].map(t => t.getBoundingClientRect());
    for (let i = 1; i < boxes.length; i++) {
      if (boxes[i].left < boxes[i - 1].right - 0.5) bad.push(i);
    }
  }
  return bad;
}"""


@pytest.fixture
def demo(live_server):
    from roundtable.demo import load_demo

    live_server.make_organizer(email="admin@example.org", is_admin=True)
    app = live_server.app
    with app.app_context():
        load_demo()
        db.session.commit()
        events = db.session.scalars(select(Event).order_by(Event.starts_at)).all()
        past = next(e for e in events if e.is_past)
        upcoming = next(e for e in events if not e.is_past)
        slugs = {"past": past.slug, "next": upcoming.slug, "series": past.series.slug,
                 "past_id": past.id, "next_id": upcoming.id}
    with app.test_request_context():
        after_the_event(app, slugs["past"], slugs["next"])
    with app.app_context():
        from roundtable.registration import services

        event = db.session.get(Event, slugs["next_id"])
        for name, email in (("Raúl Benítez Manaut", "raul@example.org"),
                            ("Guadalupe Correa-Cabrera", "gcc@example.org")):
            services.register(event, name=name, email=email, mode="in_person",
                              language="es")
        db.session.commit()
    return slugs


def _check(page, url: str) -> list[str]:
    page.goto(url)
    if "/checkin" in url:  # the list door.js draws from door.json, not only the server's
        page.wait_for_selector("button[data-door-action]")
    problems = []
    layout = page.evaluate(OVERFLOW)
    if layout["scrollWidth"] > layout["width"] or layout["bad"]:
        problems.append(f"overflow {layout}")
    if broken := page.evaluate(BROKEN_RANGES):
        problems.append(f"time ranges broken at the dash: {broken}")
    if words := page.evaluate(BROKEN_WORDS):
        problems.append(f"words cut in two in a heading or label: {words}")
    if buttons := page.evaluate(DOOR_BUTTONS):
        problems.append(f"door buttons wrapped or past the card: {buttons}")
    if labels := page.evaluate(CHART_LABELS):
        problems.append(f"chart labels overlap: {labels}")
    return problems


def test_every_page_fits_a_phone_in_spanish(browser, axe, live_server, demo):
    context = browser.new_context(viewport=PHONE, locale="es-MX", is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url("/login?lang=es"))
    page.get_by_label("Correo electrónico").fill("admin@example.org")
    page.get_by_label("Contraseña").fill("correct horse battery")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/"))
    past, upcoming = demo["past_id"], demo["next_id"]
    paths = [
        "/", f"/events/{demo['past']}", f"/events/{demo['next']}",
        f"/events/{demo['next']}/register", f"/series/{demo['series']}",
        "/manage/", f"/manage/events/{upcoming}", f"/manage/events/{upcoming}/registrations",
        f"/manage/events/{upcoming}/checkin", f"/manage/events/{upcoming}/agenda",
        f"/manage/events/{past}", f"/manage/events/{past}/attendance",
        f"/manage/events/{past}/after", f"/manage/events/{past}/registrations",
    ]
    problems = {}
    for path in paths:
        found = _check(page, live_server.url(f"{path}{'&' if '?' in path else '?'}lang=es"))
        assert '<html lang="es">' in page.content()
        if found:
            problems[path] = found
    context.close()
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
