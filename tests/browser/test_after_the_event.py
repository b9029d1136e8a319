"""After the event in a browser: the organizer fills the page; the public sees the summary.

Every page load is checked by axe (the ``page`` fixture)."""

from datetime import UTC, datetime, timedelta

import pytest

from roundtable.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def past_event(live_server):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.auth.models import User
    from roundtable.events.models import Event

    organizer_id = live_server.make_organizer()
    starts = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=3)
    with live_server.app.app_context():
        event = Event(title="3rd Annual U.S.–Mexico Defense & Security Roundtable", slug="rt3",
                      format="hybrid", status="published", starts_at=starts,
                      ends_at=starts + timedelta(minutes=90), timezone="America/Phoenix",
                      venue_name="Student Union Memorial Center")
        event.organizers = [db.session.get(User, organizer_id)]
        item = AgendaItem(kind="panel", title="Panel Discussion", starts_at=starts,
                          ends_at=starts + timedelta(minutes=50))
        item.roles.append(AgendaRole(role="panelist", person=Person(
            honorific="Dr.", name="Raúl Benítez Manaut")))
        event.agenda_items.append(item)
        db.session.add(event)
        db.session.commit()
        return event.id


def test_organizer_writes_the_recap_and_the_public_reads_it(live_server, page, sign_in,
                                                            past_event):
    sign_in()
    page.goto(live_server.url(f"/manage/events/{past_event}/after"))
    page.get_by_label("Recording link").fill("ftp://example.org/rec")
    page.get_by_role("button", name="Save recording").click()
    assert "https://" in page.locator("#recording-url-error").inner_text()
    page.get_by_label("Recording link").fill("https://zoom.us/rec/share/abc")
    page.get_by_label("Passcode").fill("Frontera#3")
    page.get_by_role("button", name="Save recording").click()

    page.get_by_label("Title", exact=True).fill("Slides")
    page.get_by_label("Link", exact=True).fill("https://example.org/slides.pdf")
    page.get_by_label("Public: show on the event page").check()
    page.get_by_role("button", name="Add material").click()

    page.get_by_label("Summary", exact=True).fill("The panel took up **migration**.")
    page.get_by_label("Key takeaways", exact=True).fill("Cooperation is standing.")
    page.get_by_role("button", name="Save summary").click()
    page.get_by_label("Who said it").select_option(label="Dr. Raúl Benítez Manaut")
    page.get_by_label("Quote", exact=True).fill("Security needs democracy.")
    page.get_by_role("button", name="Add quote").click()
    assert "Quote from Dr. Raúl Benítez Manaut added." in page.content()

    page.goto(live_server.url("/events/rt3"))
    summary = page.locator("#summary")
    assert summary.locator("strong").inner_text() == "migration"
    assert "Security needs democracy." in summary.inner_text()
    assert page.get_by_role("link", name="Slides").is_visible()
    assert "zoom.us/rec" not in page.content() and "Frontera#3" not in page.content()
    summary.get_by_role("link", name="Dr. Raúl Benítez Manaut").click()
    assert page.url.endswith("#person-1")
