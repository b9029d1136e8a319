"""Name badges as a PDF: several to a sheet, accents and long names fit, one for a walk-in."""

import io

import pytest
from pypdf import PdfReader

from roundtable.extensions import db
from tests.managing import sign_in

LONG = "María Guadalupe del Socorro Correa-Cabrera Benítez de la Garza y Barceló Durazo"


@pytest.fixture
def event_id(app, client, make_user, make_event, make_org):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    organizer = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[organizer], slug="rt",
                          title="3rd Annual U.S.–Mexico Defense & Security Roundtable")
    tcfr = make_org(name="Tucson Committee on Foreign Relations")
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.sponsors.append(EventSponsor(organization_id=tcfr, role="co_sponsor"))
        item = AgendaItem(kind="keynote", title="Keynote", starts_at=event.starts_at,
                          ends_at=event.ends_at)
        item.roles.append(AgendaRole(role="keynote_speaker", person=Person(
            honorific="Gen.", name="Gregory M. Guillot", affiliation="USNORTHCOM")))
        event.agenda_items.append(item)
        people = [("Raúl Benítez Manaut", "in_person", "confirmed", "UNAM"),
                  (LONG, "in_person", "confirmed", "Universidad Nacional Autónoma de México"),
                  *[(f"Persona {n}", "in_person", "confirmed", None) for n in range(8)],
                  ("Online Only", "online", "confirmed", None),
                  ("On The Waitlist", "in_person", "waitlisted", None)]
        for n, (name, mode, status, affiliation) in enumerate(people):
            registration = Registration(event=event, name=name, email=f"p{n}@example.org",
                                        mode=mode, status=status, affiliation=affiliation)
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()
    return event_id


def _text(response) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize(("paper", "width"), [("letter", 612), ("a4", 595)])
def test_badges_for_speakers_and_confirmed_in_person_registrants(client, event_id, paper,
                                                                 width):
    response = client.get(f"/manage/events/{event_id}/badges.pdf?paper={paper}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert round(float(reader.pages[0].mediabox.width)) == width
    text, pages = _text(response)
    assert pages == 2  # 1 speaker + 10 registrants, 8 to a sheet
    assert "Gen. Gregory M. Guillot" in text and "Keynote speaker" in text
    assert "Raúl Benítez Manaut" in text and "UNAM" in text
    assert "Tucson Committee on Foreign Relations" in text
    assert "U.S.–Mexico" in text
    # The long name is all there (wrapped, not cut), the others are not badged.
    assert all(word in text for word in LONG.split())
    assert "Online Only" not in text and "On The Waitlist" not in text


def test_long_names_shrink_then_wrap_within_the_badge():
    from fpdf import FPDF

    from roundtable.registration import badges

    pdf = FPDF(unit="mm")
    pdf.add_font("Noto", "", badges._font_file())
    pdf.add_font("Noto", "B", badges._font_file(), variations={"wght": 700})
    pdf.add_page()
    width = badges.BADGE_W - 2 * badges.PAD
    short = badges._name(pdf, 0, 0, width, "Ana Ruiz")
    assert pdf.font_size_pt == badges.NAME_MAX  # a short name stays large, on one line
    medium = badges._name(pdf, 0, 0, width, "Guadalupe Correa-Cabrera")
    assert badges.NAME_MIN <= pdf.font_size_pt < badges.NAME_MAX and medium < short
    tall = badges._name(pdf, 0, 0, width, LONG)
    assert pdf.font_size_pt <= badges.NAME_MIN and tall > medium  # wrapped to two lines
    lines = pdf.multi_cell(width, 5, LONG, dry_run=True, output="LINES")
    assert all(pdf.get_string_width(line) <= width + 0.01 for line in lines)


def test_one_badge_for_a_walk_in_from_the_door(app, client, event_id):
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    with app.app_context():
        walk_in = Registration(event_id=event_id, name="Arturo Sarukhán", email="a@example.org",
                               mode="in_person", status="confirmed", is_walk_in=True)
        issue_token(walk_in)
        db.session.add(walk_in)
        db.session.commit()
        walk_in_id = walk_in.id
    door = client.get(f"/manage/events/{event_id}/checkin").get_data(as_text=True)
    url = f"/manage/events/{event_id}/registrations/{walk_in_id}/badge.pdf"
    assert url in door
    text, pages = _text(client.get(url))
    assert pages == 1 and "Arturo Sarukhán" in text and "Persona 1" not in text


def test_badges_are_for_the_event_s_organizers_only(app, event_id, make_user):
    client = app.test_client()
    assert client.get(f"/manage/events/{event_id}/badges.pdf").status_code == 302
    sign_in(client, make_user, email="someone-else@example.org")
    assert client.get(f"/manage/events/{event_id}/badges.pdf").status_code == 404
    assert client.get(f"/manage/events/{event_id}/registrations/1/badge.pdf").status_code == 404


def test_the_bold_instance_of_the_font_is_made_once(client, event_id, monkeypatch):
    """Instancing the variable font takes seconds: made for the first PDF, then reused."""
    from fontTools.varLib import instancer

    first = client.get(f"/manage/events/{event_id}/badges.pdf")
    assert first.status_code == 200

    def again(*args, **kwargs):
        raise AssertionError("the bold instance was made again")

    monkeypatch.setattr(instancer, "instantiateVariableFont", again)
    second = client.get(f"/manage/events/{event_id}/badges.pdf")
    assert second.status_code == 200
    page = PdfReader(io.BytesIO(second.data)).pages[0]
    embedded = [font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                for font in page["/Resources"]["/Font"].values()]
    # Regular and bold, two different fonts embedded.
    assert len({d["/FontFile2"].get_object().get_data() for d in embedded}) == 2


def test_two_threads_making_the_bold_font_at_once_both_get_it(app, monkeypatch, tmp_path):
    """A threaded server's two requests may make the bold instance at the same moment:
    each writes its own partial file (not one named by the process id), so neither
    renames away the other's file (FileNotFoundError, a 500) nor reads it half written."""
    import threading

    from fontTools.varLib import instancer

    from roundtable.registration import badges

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    made, saved = threading.Barrier(2, timeout=60), threading.Barrier(2, timeout=60)
    instantiate, replace = instancer.instantiateVariableFont, badges.os.replace

    def instantiate_together(*args, **kwargs):
        font = instantiate(*args, **kwargs)
        made.wait()  # both found no file and made the font
        return font

    def replace_together(source, target):
        saved.wait()  # both saved their partial file
        return replace(source, target)

    monkeypatch.setattr(instancer, "instantiateVariableFont", instantiate_together)
    monkeypatch.setattr(badges.os, "replace", replace_together)
    results, errors = [], []

    def make():
        try:
            with app.app_context():
                results.append(badges._bold_font_file())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    font = results[0]
    from fontTools.ttLib import TTFont

    assert TTFont(font)["OS/2"].usWeightClass == 700
    # Nothing left aside in the folder but the font.
    assert [p.name for p in font.parent.iterdir()] == [font.name]
