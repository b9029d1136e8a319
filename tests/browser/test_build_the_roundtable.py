"""A new organizer builds the 3rd Annual Roundtable in Chromium, from nothing to published."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"

TITLE = "3rd Annual U.S.–Mexico Defense & Security Roundtable"
SPONSORS = [
    ("University of Arizona", "UA"),
    ("Tucson Committee on Foreign Relations", "TCFR"),
    ("Binational Research Consortium with the National Autonomous University of Mexico "
     "(UNAM) on Migration, Human Rights, and Human Security", "UNAM Binational Consortium"),
]
PEOPLE = {
    "Rafael Barceló Durazo": ("Consul", "Consul of Mexico in Tucson",
                              "Consulate of Mexico in Tucson"),
    "Gregory M. Guillot": ("General", "Commander, NORAD and USNORTHCOM", "NORAD and USNORTHCOM"),
    "Raúl Benítez Manaut": ("Dr.", "Professor and researcher", "UNAM"),
    "Guadalupe Correa-Cabrera": ("Dr.", "Professor", "George Mason University"),
}
AGENDA = [
    ("Opening remarks", "Opening Remarks", "16:00", "16:10", False,
     [("Rafael Barceló Durazo", "Speaker")]),
    ("Keynote address", "Keynote Address", "16:10", "16:40", False,
     [("Gregory M. Guillot", "Keynote speaker")]),
    ("Panel discussion", "Panel Discussion", "16:40", "17:30", False,
     [("Raúl Benítez Manaut", "Panelist"), ("Guadalupe Correa-Cabrera", "Panelist")]),
    ("Reception", "Reception", "17:30", "19:00", True, []),
]
DAY = "2030-11-21"


def fill_when(page, label: str, day: str, clock: str) -> None:
    """A date box and a 24-hour time box (roundtable/fields.py)."""
    page.get_by_label(label, exact=True).fill(day)
    page.get_by_label(f"{label}: time (24-hour, such as 16:00)").fill(clock)


def _save(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _create_event(page):
    page.get_by_role("link", name="New event").first.click()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("…or start a new series").fill("U.S.–Mexico Defense & Security Roundtable")
    page.get_by_label("Edition number").fill("3")
    page.get_by_label("Summary", exact=True).fill(
        "Military leaders, practitioners and foreign policy "
        "professionals, in person in Tucson and online via Zoom.")
    page.get_by_label("Description", exact=True).fill(
        "The roundtable brings together both sides of the "
        "border.\n\nA reception follows for the room.")
    page.get_by_label("Format").select_option(label="Hybrid")
    fill_when(page, "Starts", DAY, "16:00")
    fill_when(page, "Ends", DAY, "17:30")
    expect(page.get_by_label("Time zone")).to_have_value("America/Phoenix")
    page.get_by_label("Venue", exact=True).fill("University of Arizona")
    page.get_by_label("Room", exact=True).fill("Student Union Memorial Center")
    page.get_by_label("Address", exact=True).fill("1303 E University Blvd, Tucson, AZ 85719")
    page.get_by_label("Zoom join URL").fill("https://arizona.zoom.us/j/85512345678?pwd=abc")
    page.get_by_label("Zoom meeting ID").fill("855 1234 5678")
    page.get_by_label("Zoom passcode").fill("frontera")
    page.get_by_label("In-person capacity").fill("120")
    page.get_by_label("Online capacity").fill("300")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_text("Event created as a draft")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def _add_sponsors(page):
    page.get_by_role("navigation", name="Event").get_by_role("link", name="Sponsors").click()
    for name, short in SPONSORS:
        page.get_by_role("link", name="New organization…").click()
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Short name", exact=True).fill(short)
        page.get_by_role("button", name="Create organization").click()
        expect(page.get_by_text(f"Organization “{name}” created.")).to_be_visible()
        # Back on the sponsors page with the new organization already chosen.
        expect(page.get_by_label("Organization", exact=True).locator("option:checked")
               ).to_have_text(name)
        page.get_by_label("Role", exact=True).select_option(label="Co-sponsor")
        page.get_by_role("button", name="Add sponsor").click()
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)


def _add_person(page, name):
    honorific, position, affiliation = PEOPLE[name]
    page.get_by_role("button", name="New person…").click()
    page.get_by_label("Honorific", exact=True).fill(honorific)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Position", exact=True).fill(position)
    page.get_by_label("Affiliation", exact=True).fill(affiliation)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_text(f"{honorific} {name} added.")).to_be_visible()


def _add_agenda(page):
    page.get_by_role("navigation", name="Event").get_by_role("link", name="Agenda").click()
    for kind, title, start, end, in_person_only, people in AGENDA:
        page.get_by_role("link", name="Add agenda item").click()
        page.get_by_label("Kind", exact=True).select_option(label=kind)
        if kind == "Reception":  # the page ticks it for a reception
            expect(page.get_by_label("In person only")).to_be_checked()
        page.get_by_label("Title", exact=True).fill(title)
        fill_when(page, "Starts", DAY, start)
        fill_when(page, "Ends", DAY, end)
        if in_person_only:
            page.get_by_label("In person only").check()
        page.get_by_role("button", name="Add item").click()
        expect(page.get_by_text(f"“{title}” added.")).to_be_visible()
        for name, role in people:
            _add_person(page, name)
            honorific, _, affiliation = PEOPLE[name]
            option = f"{honorific} {name} ({affiliation})"
            # Back on the item with the new person already chosen.
            expect(page.get_by_label("Person", exact=True).locator("option:checked")).to_have_text(
                option)
            page.get_by_label("Role", exact=True).select_option(label=role)
            page.get_by_role("button", name="Add person").click()
            expect(page.get_by_text(f"{honorific} {name} added as {role.lower()}.")).to_be_visible()
        page.get_by_role("link", name="Back to the agenda").click()
    expect(page.locator("ol.agenda > li")).to_have_count(4)
    expect(page.get_by_text("Overlaps")).to_have_count(0)
    _save(page, "manage-agenda.png")


def test_organizer_builds_and_publishes_the_roundtable(live_server, page, sign_in):
    live_server.make_organizer(email="ana@example.org", name="Ana Organizer")
    sign_in("ana@example.org")

    _create_event(page)
    _add_sponsors(page)
    _add_agenda(page)

    page.get_by_role("navigation", name="Event").get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: the event is on the public site.")).to_be_visible()

    page.get_by_role("navigation", name="Event").get_by_role("link", name="Details").click()
    # Typed as 2030-11-21, shown the English page's way (roundtable/fields.py).
    expect(page.get_by_label("Starts", exact=True)).to_have_value("11/21/2030")
    expect(page.get_by_label("Starts: time (24-hour, such as 16:00)")).to_have_value("16:00")
    _save(page, "event-edit-form.png")

    page.get_by_role("link", name="Public page").click()
    expect(page).to_have_url(re.compile(r"/events/3rd-annual-us-mexico-defense-security-"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Thursday, November 21, 2030, 4:00 PM – 5:30 PM")).to_be_visible()
    sponsors = page.locator("ul.sponsors li")
    expect(sponsors).to_have_count(3)
    for n, (name, _) in enumerate(SPONSORS):
        expect(sponsors.nth(n)).to_contain_text(name)
        expect(sponsors.nth(n)).to_contain_text("Co-sponsor")
    items = page.locator("ol.agenda > li")
    expect(items).to_have_count(4)
    for n, (_kind, title, _, _, _, people) in enumerate(AGENDA):
        expect(items.nth(n)).to_contain_text(title)
        for name, role in people:
            expect(items.nth(n)).to_contain_text(f"{PEOPLE[name][0]} {name}")
            expect(items.nth(n)).to_contain_text(role)
    expect(items.nth(3)).to_contain_text("In person only")
    expect(page.get_by_text("arizona.zoom.us")).to_have_count(0)
    expect(page.get_by_text("frontera")).to_have_count(0)
    _save(page, "public-event-page.png")

    # Signed out, the public sees the same page.
    page.context.clear_cookies()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_bad_input_in_the_browser_shows_the_message_on_the_field(live_server, page, sign_in):
    live_server.make_organizer(email="ana@example.org")
    sign_in("ana@example.org")
    page.goto(live_server.url("/manage/events/new"))
    page.get_by_label("Title", exact=True).fill("Raúl Benítez Manaut in conversation")
    fill_when(page, "Starts", DAY, "16:00")
    fill_when(page, "Ends", DAY, "15:00")
    page.get_by_label("Zoom meeting ID").fill("123")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_text("nothing was saved")).to_be_visible()
    expect(page.locator("#ends_at-error")).to_have_text("The event must end after it starts.")
    expect(page.locator("#zoom_meeting_id-error")).to_contain_text("9 to 11 digits")
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Raúl Benítez Manaut in conversation")


def test_adding_a_person_keeps_the_typed_description(live_server, page, sign_in):
    live_server.make_organizer(email="ana@example.org")
    sign_in("ana@example.org")
    _create_event(page)
    page.get_by_role("navigation", name="Event").get_by_role("link", name="Agenda").click()
    page.get_by_role("link", name="Add agenda item").click()
    page.get_by_label("Title", exact=True).fill("Panel Discussion")
    fill_when(page, "Starts", DAY, "16:40")
    fill_when(page, "Ends", DAY, "17:30")
    page.get_by_role("button", name="Add item").click()
    description = "Both sides of the border, in Benítez Manaut's words."
    page.get_by_label("Description", exact=True).fill(description)
    _add_person(page, "Raúl Benítez Manaut")
    expect(page.get_by_label("Description", exact=True)).to_have_value(description)
    page.get_by_label("Description", exact=True).fill(description + " Updated.")
    page.get_by_label("Role", exact=True).select_option(label="Panelist")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_text("Dr. Raúl Benítez Manaut added as panelist.")).to_be_visible()
    expect(page.get_by_label("Description", exact=True)).to_have_value(description + " Updated.")


def test_time_zone_found_by_city(live_server, page, sign_in):
    live_server.make_organizer(email="ana@example.org")
    sign_in("ana@example.org")
    page.goto(live_server.url("/manage/events/new"))
    zone = page.get_by_label("Time zone")
    expect(page.locator("#timezone-options option[value='America/Phoenix']")).to_contain_text(
        "Tucson")
    page.get_by_label("Title", exact=True).fill("Raúl Benítez Manaut in conversation")
    fill_when(page, "Starts", DAY, "10:00")
    fill_when(page, "Ends", DAY, "11:00")
    zone.fill("New York")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_text("Event created as a draft")).to_be_visible()
    page.get_by_role("navigation", name="Event").get_by_role("link", name="Details").click()
    expect(page.get_by_label("Time zone")).to_have_value("America/New_York")
