"""Every page in Spanish: no English UI text remains (public, attendee, organizer, admin).

The demo is loaded, two people register in Spanish, and an admin crawls every
page it can reach; pages only a registrant or a form error shows are added.
The detector removes the stored content (names, titles, addresses, which are
data, not UI) and then looks for common English UI words.
"""

import html as htmllib
import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.i18n import COOKIE
from roundtable.mail.models import OutboxMessage
from tests.conftest import PASSWORD

ENGLISH = set("""
the and you your our for with this that these those are were is was will not
add edit save delete remove cancel back new create update change register registration
registrations sign password account email name event events agenda speaker speakers
sponsor sponsors organizer organizers people person organization organizations series
seat seats left available full waitlist waitlisted confirmed cancelled draft published
past upcoming preview publish unpublish copy message messages send sent subject search
filter check download subscribe calendar manage details overview when where what how
please enter choose time times zone date starts ends venue address room online only
reception yes attend attending status mode actions role title summary description
about contact questions join link page items item none nothing anyone nobody
field required must cannot already sorry invalid annual
""".split())
FORMS = re.compile(r"(?s)(<form\b[^>]*>)(.*?)</form>")
BROWSER_RULES = re.compile(r'\srequired\b|type="(?:email|url|number)"|\spattern=|\smin=|\smax=')
# /api/: JSON, and the API reference page, whose paths, field names and descriptions come
# from the OpenAPI document (identifiers in English); only its frame is translated.
SKIP = re.compile(
    r"\.(ics|csv|xlsx|png|svg)$|/logout|/calendar|/static/|/api/|mailto:|webcal:")
ATTRS = re.compile(r'\s(?:aria-label|placeholder|title|alt|data-confirm)="([^"]*)"')
# Names of products and of places from the tz database (the time zone list), not UI text.
NAMES = ("Google Calendar", "Apple Calendar", "Outlook.com", "Thunderbird")


def stored_text(app) -> list[str]:
    """Every string stored in the database: data, which pages show as typed."""
    values = set()
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            model = mapper.class_
            columns = [c.key for c in sa_inspect(model).column_attrs]
            for row in db.session.scalars(select(model)):
                for key in columns:
                    value = getattr(row, key)
                    if isinstance(value, str) and len(value) > 2:
                        values.add(value)
                        values.update(p for p in value.split("\n\n") if len(p) > 2)
                        # Markdown (summaries) shows as lines and runs between its marks.
                        values.update(p for p in re.split(r"\n+|\*+", value) if len(p) > 2)
    return sorted(values, key=len, reverse=True)


def visible_text(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|datalist)\b.*?</\1>", " ", page)
    # A field marked as English holds English text by design (a message's English version).
    page = re.sub(r'(?s)<textarea\b[^>]*\blang="en"[^>]*>.*?</textarea>', " ", page)
    page = re.sub(r'<input\b[^>]*\blang="en"[^>]*>', " ", page)
    for name in NAMES:
        page = page.replace(name, " ")
    attributes = " ".join(ATTRS.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return htmllib.unescape(f"{text} {attributes}")


def english_words(page: str, data: list[str]) -> set[str]:
    text = visible_text(page)
    for value in data:
        text = text.replace(value, " ")
    text = re.sub(r"(?:https?|mailto):\S+", " ", text)  # addresses are not words
    text = text.replace("{zoom_link}", " ")  # the placeholder organizers type, in any language
    words = set(re.findall(r"[A-Za-z][a-z]+", text))
    return {w for w in words if w.lower() in ENGLISH}


def crawl(client, starts: list[str], limit: int = 400) -> dict[str, str]:
    seen, pages, queue = set(), {}, list(starts)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        pages[path] = page
        for href in re.findall(r'href="([^"#]+)', page):
            href = htmllib.unescape(href)
            target = urljoin(path, href)
            if target.startswith("/") and "lang=" not in target:
                queue.append(target)
    return pages


def after_the_event(app, past_slug: str, next_slug: str) -> None:
    """Give the pages of recap and attendance something to show: a recording and materials
    (public on the past event, private on the next one, whose registrants see them), and a
    Zoom report for the past event with one participant nobody registered as."""
    from roundtable.attendance import services as attendance
    from roundtable.attendance import zoom
    from roundtable.events.models import Event
    from roundtable.recap import services as recap

    with app.app_context():
        past = db.session.scalar(select(Event).where(Event.slug == past_slug))
        upcoming = db.session.scalar(select(Event).where(Event.slug == next_slug))
        recap.save_recording(past, "https://example.org/rec/2024", "Xk42q9", True)
        recap.add_material(past, "Slides", "https://example.org/slides.pdf", True)
        recap.save_recording(upcoming, "https://example.org/rec/next", "Pq81z7", False)
        recap.add_material(upcoming, "Briefing", "https://example.org/brief.pdf", False)
        start = past.local_start

        def stamp(minutes: int) -> str:
            return (start.replace(tzinfo=None) + timedelta(minutes=minutes)).strftime(
                "%m/%d/%Y %I:%M:%S %p")

        csv = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
               f"Itzel Ramírez,itzel@example.org,{stamp(2)},{stamp(80)},78,Yes\n")
        attendance.import_report(past, zoom.parse(csv.encode(), past.timezone))
        db.session.commit()


def test_every_page_in_spanish_has_no_english_ui_text(app, demo, client, make_user, auth):
    client.set_cookie(COOKIE, "es")
    slug = "us-mexico-defense-security-roundtable-2024"
    upcoming = client.get("/").get_data(as_text=True)
    next_slug = re.search(r'href="/events/([a-z0-9-]+)"', upcoming).group(1)
    for mode, email in (("in_person", "raul@example.org"), ("online", "ana@example.org")):
        client.post(f"/events/{next_slug}/register",
                    data={"name": "Raúl Benítez Manaut", "email": email, "mode": mode,
                          "reception": "yes"})
    with app.app_context():
        bodies = list(db.session.scalars(select(OutboxMessage.body_text)))
    after_the_event(app, slug, next_slug)
    tokens = sorted(set(re.findall(r"/registrations/([A-Za-z0-9_-]{20,})", "\n".join(bodies))))
    assert len(tokens) == 2
    attendee = [f"/registrations/{t}" for t in tokens] + [
        f"/registrations/{t}/cancel" for t in tokens]
    public = crawl(client, ["/", f"/events/{slug}", f"/events/{next_slug}/register",
                            *attendee, "/login", "/login/forgot"])
    # Pages a visitor reaches only by submitting: a refused form, an existing registration.
    refused = client.post(f"/events/{next_slug}/register", data={"name": "", "email": "x"})
    public["register (refused)"] = refused.get_data(as_text=True)
    again = client.post(f"/events/{next_slug}/register", follow_redirects=True, data={
        "name": "Raúl", "email": "raul@example.org", "mode": "in_person", "reception": "no"})
    public["check email"] = again.get_data(as_text=True)
    public["sign-in refused"] = client.post("/login", data={
        "email": "nobody@example.org", "password": "wrong"}).get_data(as_text=True)

    admin = make_user(email="admin@example.org", is_admin=True)
    assert admin
    auth.login("admin@example.org", PASSWORD)
    client.set_cookie(COOKIE, "es")
    organizer = crawl(client, ["/manage", "/manage/organizations", "/manage/people",
                               "/account", "/organizers"])
    refused_event = client.post("/manage/events/new", data={"title": ""})
    organizer["event form (refused)"] = refused_event.get_data(as_text=True)

    assert len(public) >= 8 and len(organizer) >= 25, (sorted(public), sorted(organizer))
    # The pages of the work merged after issue 14 are crawled too, with something on them.
    visited = "\n".join(organizer)
    for page in ("/attendance", "/after", "/managers", "/series/"):
        assert page in visited, (page, sorted(organizer))
    assert any("Grabación y materiales" in page for page in public.values())
    assert any("Participantes de Zoom" in page and "Itzel" in page
               for page in organizer.values())
    assert any("Asistencia a lo largo de las ediciones" in page and "Resumen de la" in page
               for page in organizer.values())
    data = stored_text(app)
    leaks = {}
    for url, page in {**public, **organizer}.items():
        assert '<html lang="es">' in page, url
        found = english_words(page, data)
        if found:
            leaks[url] = sorted(found)
    assert not leaks, "\n".join(f"{url}: {words}" for url, words in leaks.items())
    # A browser checking a form itself answers in its own language ("Please select one of
    # these options."): every form with a rule the browser would enforce says novalidate,
    # and the server's Spanish message is shown instead.
    unguarded = {url for url, page in {**public, **organizer}.items()
                 for head, body in FORMS.findall(page)
                 if BROWSER_RULES.search(body) and "novalidate" not in head}
    assert not unguarded, sorted(unguarded)
