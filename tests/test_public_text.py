"""Public text never stores an event's Zoom meeting, in any language, on any save path."""

import functools
from datetime import timedelta

import pytest
from sqlalchemy import Column, String, Text

from roundtable import public_text
from roundtable.extensions import db
from roundtable.validation import FieldErrors
from tests.managing import field_error, sign_in

# make_event's meeting: link, id and passcode, each written as a reader would.
LINK = "Join at https://zoom.us/j/99911122233"
MEETING_ID = "Meeting ID (999) 1112-2233"
PASSCODE = "Passcode: s3cretpass"


def test_every_text_column_of_a_public_model_is_marked(app):
    """A new text column on a public model must be marked public or private (or be a
    translation ``_es`` of a marked one): otherwise this test fails."""
    with app.app_context():
        unmarked = {m.__name__: public_text.unmarked_columns(m)
                    for m in public_text.public_models()}
    assert {name: cols for name, cols in unmarked.items() if cols} == {}


def test_the_list_comes_from_the_models(app):
    from roundtable.agenda.models import AgendaItem, Person
    from roundtable.events.models import Event, EventSeries
    from roundtable.orgs.models import Organization
    from roundtable.recap.models import EventMaterial, EventSummary, SummaryQuote

    with app.app_context():
        fields = {cls: set(public_text.public_fields(cls)) for cls in public_text.public_models()}
    assert {"title_es", "summary_es", "description_es", "venue_room"} <= fields[Event]
    assert {"description", "description_es", "title_es"} <= fields[AgendaItem]
    assert {"bio", "bio_es", "position", "position_es"} <= fields[Person]
    assert {"body", "takeaways"} <= fields[EventSummary]
    assert fields[SummaryQuote] == {"text", "text_es"}
    assert {"title", "title_es", "url"} <= fields[EventMaterial]
    assert "description" in fields[EventSeries] and "description" in fields[Organization]
    # The institutions' own Spanish words are public like the English ones.
    assert {"venue_name_es", "venue_room_es", "cancellation_reason_es"} <= fields[Event]
    assert {"name_es", "short_name_es"} <= fields[Organization]
    assert {"name_es", "description_es"} <= fields[EventSeries]
    assert {"honorific_es", "affiliation_es"} <= fields[Person]
    assert {"body_es", "takeaways_es"} <= fields[EventSummary]
    assert "zoom_passcode" not in fields[Event]


def test_a_translation_follows_its_original_unless_marked():
    columns = {"bio": Column("bio", Text, info=public_text.PUBLIC),
               "bio_es": Column("bio_es", Text),
               "code": Column("code", String(5), info=public_text.PRIVATE),
               "code_es": Column("code_es", String(5)),
               "other_es": Column("other_es", Text)}
    assert public_text._marked(columns, "bio_es") is True
    assert public_text._marked(columns, "code_es") is False
    assert public_text._marked(columns, "other_es") is None


def _refused(change) -> dict:
    with pytest.raises(FieldErrors) as refused:
        change()
        db.session.flush()
    db.session.rollback()
    return refused.value.errors


@pytest.mark.parametrize("field", ["title_es", "summary_es", "description_es", "description",
                                   "venue_address", "contact_name"])
@pytest.mark.parametrize("text", [LINK, MEETING_ID, PASSCODE])
def test_event_fields_in_either_language(app, make_event, field, text):
    from roundtable.events.models import Event

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        errors = _refused(lambda: setattr(event, field, text))
        assert "Everyone sees this" in errors[field]
        assert getattr(db.session.get(Event, event_id), field) != text


def _event_with_agenda(app, make_event):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event, EventSeries

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.series = EventSeries(name="Roundtable", slug=f"series-{event_id}")
        item = AgendaItem(kind="panel", title="Panel", starts_at=event.starts_at,
                          ends_at=event.ends_at)
        item.roles.append(AgendaRole(role="panelist", person=Person(name="Raúl Benítez Manaut")))
        event.agenda_items.append(item)
        db.session.commit()
    return event_id


@pytest.mark.parametrize(("record", "field"), [
    ("item", "description"), ("item", "description_es"), ("item", "title_es"),
    ("person", "bio"), ("person", "bio_es"), ("person", "position_es"),
    ("series", "description"), ("org", "description"),
    ("summary", "body"), ("summary", "takeaways"), ("quote", "text"), ("material", "title"),
])
def test_every_public_record_of_the_event(app, make_event, record, field):
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor, Organization
    from roundtable.recap.models import EventMaterial, EventSummary, SummaryQuote

    event_id = _event_with_agenda(app, make_event)
    with app.app_context():
        event = db.session.get(Event, event_id)
        item = event.agenda_items[0]
        person = item.roles[0].person
        event.sponsors.append(EventSponsor(organization=Organization(name="UA", slug="ua")))
        db.session.add(EventSummary(event_id=event_id, body="It went well."))
        db.session.add(SummaryQuote(event_id=event_id, person=person, text="Thanks."))
        db.session.add(EventMaterial(event_id=event_id, title="Slides", url="https://x.test/s"))
        db.session.commit()
        target = {
            "item": item, "person": person, "series": event.series,
            "org": event.sponsors[0].organization,
            "summary": db.session.get(EventSummary, event_id),
            "quote": db.session.scalar(db.select(SummaryQuote)),
            "material": db.session.scalar(db.select(EventMaterial)),
        }[record]
        errors = _refused(lambda: setattr(target, field, MEETING_ID))
        assert "Everyone sees this" in errors[field]


def test_new_records_built_by_id_are_checked(app, make_event):
    """A CLI or API path that sets only event_id is held to the same rule."""
    from roundtable.recap.models import EventMaterial

    event_id = make_event()
    with app.app_context():
        errors = _refused(lambda: db.session.add(EventMaterial(
            event_id=event_id, title="Recording", url="https://zoom.us/j/99911122233")))
        assert set(errors) == {"url"}
        assert db.session.scalar(db.select(db.func.count(EventMaterial.id))) == 0


def test_a_person_may_not_join_an_event_whose_meeting_their_bio_names(app, make_event):
    from roundtable.agenda.models import AgendaRole, Person
    from roundtable.events.models import Event

    event_id = _event_with_agenda(app, make_event)
    with app.app_context():
        stranger = Person(name="Otra Persona", bio_es=f"Sesión: {MEETING_ID}")
        db.session.add(stranger)
        db.session.commit()  # no event shows them yet: nothing to leak
        item = db.session.get(Event, event_id).agenda_items[0]
        errors = _refused(lambda: item.roles.append(AgendaRole(role="speaker", person=stranger)))
        assert "Otra Persona" in errors["bio_es"]


def test_a_sponsor_may_not_bring_the_meeting(app, make_event):
    from roundtable.orgs.models import EventSponsor, Organization

    event_id = make_event()
    with app.app_context():
        org = Organization(name="UA", slug="ua", description=LINK)
        db.session.add(org)
        db.session.commit()
        errors = _refused(lambda: db.session.add(EventSponsor(event_id=event_id,
                                                              organization_id=org.id)))
        assert "UA" in errors["description"]


def test_a_new_meeting_is_checked_against_what_the_event_already_shows(app, make_event):
    from roundtable.events.models import Event

    event_id = _event_with_agenda(app, make_event, )
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items[0].description_es = "Zoom: 555 6667 7788"
        db.session.commit()
        errors = _refused(lambda: setattr(event, "zoom_meeting_id", "555 6667 7788"))
        assert "description_es" in errors


def test_other_events_meetings_do_not_block(app, make_event):
    """Only the meetings of the events a record is shown with count."""
    from roundtable.events.models import Event

    make_event()
    other = make_event(zoom_join_url=None, zoom_meeting_id=None, zoom_passcode=None)
    with app.app_context():
        db.session.get(Event, other).description_es = MEETING_ID
        db.session.commit()


# --- the save paths an organizer uses ------------------------------------------------


def test_the_event_form_in_spanish(app, client, make_user):
    from roundtable.events.models import Event
    from tests.managing import event_form

    sign_in(client, make_user)
    html = client.post("/manage/events/new", data=event_form(
        description_es="Enlace: https://arizona.zoom.us/j/85512345678")).get_data(as_text=True)
    assert "Everyone sees this" in field_error(html, "description_es")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_the_agenda_item_form(app, client, make_user, make_event):
    from roundtable.agenda.models import AgendaItem

    user = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user], starts_in=timedelta(days=30))
    with app.app_context():
        from roundtable.events.models import Event
        start = db.session.get(Event, event_id).local_start
    html = client.post(f"/manage/events/{event_id}/agenda/new", data={
        "kind": "panel", "title": "Panel", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "description_es": "nueve nueve nueve, uno uno uno dos, dos dos tres tres",
    }).get_data(as_text=True)
    assert "Everyone sees this" in field_error(html, "description_es")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AgendaItem.id))) == 0


def test_the_person_form(app, client, make_user, make_event, make_person):
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event

    user = sign_in(client, make_user)
    person_id = make_person(name="Raúl Benítez Manaut", manager_ids=[user])
    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        item = AgendaItem(kind="panel", title="Panel", starts_at=event.starts_at,
                          ends_at=event.ends_at)
        item.roles.append(AgendaRole(role="panelist", person_id=person_id))
        event.agenda_items.append(item)
        db.session.commit()
    html = client.post(f"/manage/people/{person_id}/edit", data={
        "name": "Raúl Benítez Manaut", "bio_es": "Código de acceso: s3cretpass",
    }).get_data(as_text=True)
    assert "Everyone sees this" in field_error(html, "bio_es")
    with app.app_context():
        assert db.session.get(Person, person_id).bio_es is None


def test_the_published_summary(app, client, make_user, make_event):
    from roundtable.recap.models import EventSummary

    user = sign_in(client, make_user)
    event_id = make_event(organizer_ids=[user], starts_in=-timedelta(days=2))
    html = client.post(f"/manage/events/{event_id}/after/summary", data={
        "summary-body": "We met.", "summary-takeaways": "Replay at zoom.us/j/99911122233",
    }).get_data(as_text=True)
    assert "Everyone sees this" in field_error(html, "summary-takeaways")
    with app.app_context():
        assert db.session.get(EventSummary, event_id) is None


# --- an organization or person shown by many events ---------------------------------

def _shown_by(app, make_event, make_org, make_person, count):
    """An organization sponsoring and a person speaking at ``count`` events, each event
    with its own meeting."""
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor

    org = make_org(description="A research center.")
    person = make_person(bio="Studies the border.")
    event_ids = [make_event(zoom_join_url=f"https://zoom.us/j/8{n:03d}1122233",
                            zoom_meeting_id=f"8{n:03d} 112 2233",
                            zoom_passcode=f"kw{n:03d}secret")
                 for n in range(count)]
    with app.app_context():
        for event_id in event_ids:
            event = db.session.get(Event, event_id)
            db.session.add(EventSponsor(event_id=event_id, organization_id=org,
                                        role="co_sponsor", sort_order=0))
            item = AgendaItem(event_id=event_id, kind="panel", title="Panel", sort_order=0,
                              starts_at=event.starts_at, ends_at=event.ends_at)
            item.roles = [AgendaRole(person_id=person, role="speaker", sort_order=0)]
            db.session.add(item)
        db.session.commit()
    return org, person, event_ids


@pytest.mark.parametrize("kind", ["org", "person"])
def test_a_record_shown_by_many_events_costs_the_same_queries(
    app, make_event, make_org, make_person, kind
):
    """The check loads the events an edited organization or person is shown with in a
    fixed number of queries (not one per event), and still refuses any of their meetings."""
    from roundtable.agenda.models import Person
    from roundtable.events.models import Event
    from roundtable.orgs.models import Organization
    from tests.dbutil import recorded_statements

    model, field = (Organization, "description") if kind == "org" else (Person, "bio")
    counts = []
    for count in (2, 12):
        org, person, event_ids = _shown_by(app, make_event, make_org, make_person, count)
        key = org if kind == "org" else person
        with app.test_request_context():
            edited = db.session.get(model, key)
            setattr(edited, field, "Works on both sides of the border.")  # harmless
            with recorded_statements(db.engine) as statements:
                db.session.flush()
            counts.append(len(statements))
            db.session.rollback()
            # The last event's passcode, written as a reader would: still refused.
            passcode = db.session.get(Event, event_ids[-1]).zoom_passcode
            edited = db.session.get(model, key)
            errors = _refused(functools.partial(setattr, edited, field, f"Passcode: {passcode}"))
            assert "Everyone sees this" in errors[field]
            db.session.remove()
    assert counts[0] == counts[1], counts
