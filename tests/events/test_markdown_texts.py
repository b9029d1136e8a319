"""Descriptions and bios are the same safe Markdown as summaries and messages."""

from datetime import timedelta

import pytest

from roundtable.extensions import db
from roundtable.markdown import markdown_to_text, render_markdown
from tests.managing import sign_in

SOURCE = ("The **third annual** roundtable.\n\n- Security\n- Migration\n\n"
          "See [the program](https://example.org/p). <script>alert(1)</script>\n\n# Big")


@pytest.fixture
def event_slug(app, client, make_user, make_event):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import Organization

    organizer = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[organizer], slug="md", description=SOURCE,
                          starts_in=timedelta(days=5))
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.series = EventSeries(name="Roundtable", slug="rt-series", description=SOURCE)
        item = AgendaItem(kind="panel", title="Panel", description="A *lively* panel.",
                          starts_at=event.starts_at, ends_at=event.ends_at)
        from roundtable.auth.models import User

        person = Person(name="Raúl Benítez Manaut", bio="Professor at **UNAM**.")
        person.managers = [db.session.get(User, organizer)]
        item.roles.append(AgendaRole(role="panelist", person=person))
        event.agenda_items.append(item)
        db.session.add(Organization(name="UNAM", slug="unam", description=SOURCE))
        db.session.commit()
    return "md"


def _rendered(html: str) -> None:
    assert "<strong>third annual</strong>" in html and "**third annual**" not in html
    assert "<li>Security</li>" in html and "<li>Migration</li>" in html
    assert '<a href="https://example.org/p" rel="noopener noreferrer">the program</a>' in html
    assert "<script>alert(1)</script>" not in html
    assert "<h1>Big</h1>" not in html  # a description never opens a second <h1>


def test_event_description_agenda_and_bio_render_markdown(client, event_slug):
    html = client.get(f"/events/{event_slug}").get_data(as_text=True)
    _rendered(html)
    assert "<h3>Big</h3>" in html
    assert "A <em>lively</em> panel." in html and "Professor at <strong>UNAM</strong>." in html


def test_series_and_organization_descriptions_render_markdown(client, event_slug):
    _rendered(client.get("/series/rt-series").get_data(as_text=True))
    _rendered(client.get("/organizations/unam").get_data(as_text=True))


def test_calendars_get_readable_text(client, event_slug):
    text = client.get(f"/events/{event_slug}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "third annual" in text and "**" not in text
    assert "the program (https://example.org/p)" in text
    agenda = client.get(f"/events/{event_slug}/agenda.ics").get_data(as_text=True)
    assert "A lively panel." in agenda.replace("\r\n ", "")


def test_every_long_text_field_says_it_takes_markdown(app, client, event_slug):
    from roundtable.agenda.models import AgendaItem, Person
    from roundtable.events.models import Event

    with app.app_context():
        event_id = db.session.scalar(db.select(Event.id).where(Event.slug == event_slug))
        item_id = db.session.scalar(db.select(AgendaItem.id))
        person_id = db.session.scalar(db.select(Person.id))
    pages = {
        f"/manage/events/{event_id}/edit": ("description", "description_es"),
        f"/manage/events/{event_id}/agenda/{item_id}/edit": ("description", "description_es"),
        f"/manage/people/{person_id}/edit": ("bio", "bio_es"),
        "/manage/organizations/new": ("description",),
    }
    for url, fields in pages.items():
        html = client.get(url).get_data(as_text=True)
        for name in fields:
            hint = html.split(f'id="{name}-hint">')[1].split("</small>")[0]
            assert "Markdown" in hint and "**bold**" in hint, (url, name)


def test_markdown_to_text_reads_like_text():
    text = markdown_to_text(
        "Some **practical details**.\n\n[https://zoom.us/j/1](https://zoom.us/j/1)\n\n"
        "1. Come early\n2. Bring ID\n   (passport)\n\nThanks, [Ana](mailto:ana@example.org)")
    assert text == ("Some practical details.\n\nhttps://zoom.us/j/1\n\n1. Come early\n"
                    "2. Bring ID\n   (passport)\n\nThanks, Ana (ana@example.org)\n")
    assert markdown_to_text("") == "" and markdown_to_text(None) == ""


def test_headings_move_down_inside_a_section():
    assert str(render_markdown("# A\n\n## B", top_heading=3)) == "<h3>A</h3>\n<h4>B</h4>\n"
