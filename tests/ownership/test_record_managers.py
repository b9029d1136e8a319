"""Shared records have owners: anyone may use them, only managers (and admins) change them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.auth.models import User
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from tests.managing import event_form, field_error, get, sign_in


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org", name="Ana Barceló")


@pytest.fixture
def other(client, make_user):
    """Another organizer, signed in with ``client``."""
    return sign_in(client, make_user, email="other@example.org", name="Raúl Benítez Manaut")


@pytest.fixture
def own_event(other, make_event):
    return make_event(organizer_ids=[other], title="Other's event")


ORG_FORM = {"name": "Evil Corp", "website": "https://evil.example.net", "slug": "evil"}
PERSON_FORM = {"name": "Someone Else", "bio": "Defaced."}


def test_others_cannot_change_or_delete_an_organization(app, client, owner, other, make_org):
    org_id = make_org(name="University of Arizona", slug="ua", manager_ids=[owner],
                      website="https://arizona.edu")
    # They are told who manages it, so they can ask; nothing changes.
    page = client.get(f"/manage/organizations/{org_id}/edit")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "You do not manage this record" in html and "Ana Barceló" in html
    assert 'href="mailto:owner@example.org' in html and 'name="website"' not in html
    assert client.post(f"/manage/organizations/{org_id}/edit", data=ORG_FORM).status_code == 403
    assert client.post(f"/manage/organizations/{org_id}/delete").status_code == 403
    with app.app_context():
        org = get(Organization, org_id)
        assert (org.name, org.website, org.slug) == (
            "University of Arizona", "https://arizona.edu", "ua")
    listing = client.get("/manage/organizations").get_data(as_text=True)
    assert "University of Arizona" in listing and "Managed by Ana Barceló" in listing
    assert client.get("/manage/organizations/999999/edit").status_code == 404


def test_anyone_may_attach_an_existing_organization_to_their_event(
        app, client, owner, own_event, make_org):
    org_id = make_org(name="University of Arizona", manager_ids=[owner])
    response = client.post(f"/manage/events/{own_event}/sponsors",
                           data={"organization_id": org_id, "role": "host"})
    assert response.status_code == 302
    with app.app_context():
        assert [s.organization_id for s in get(Event, own_event).sponsors] == [org_id]


def test_others_cannot_change_a_person_but_may_put_them_on_their_agenda(
        app, client, owner, own_event, make_person):
    person_id = make_person(name="Raúl Benítez Manaut", bio="Researcher.", manager_ids=[owner])
    assert client.get(f"/manage/people/{person_id}/edit").status_code == 403
    assert client.post(f"/manage/people/{person_id}/edit", data=PERSON_FORM).status_code == 403
    assert "Managed by" in client.get("/manage/people").get_data(as_text=True)
    with app.app_context():
        assert get(Person, person_id).bio == "Researcher."
        event = get(Event, own_event)
        item = AgendaItem(kind="panel", title="Panel", starts_at=event.starts_at,
                          ends_at=event.starts_at + timedelta(minutes=30))
        event.agenda_items.append(item)
        db.session.commit()
        item_id = item.id
    response = client.post(f"/manage/events/{own_event}/agenda/{item_id}/roles",
                           data={"person_id": person_id, "role": "panelist"})
    assert response.status_code == 302
    with app.app_context():
        assert [r.person_id for r in get(AgendaItem, item_id).roles] == [person_id]


def test_admins_may_change_any_record(app, client, owner, make_user, make_org, make_person):
    sign_in(client, make_user, email="admin@example.org", is_admin=True)
    org_id = make_org(manager_ids=[owner])
    person_id = make_person(manager_ids=[owner])
    assert client.post(f"/manage/organizations/{org_id}/edit",
                       data={"name": "Renamed by the admin"}).status_code == 302
    assert client.post(f"/manage/people/{person_id}/edit",
                       data={"name": "Barceló Durazo"}).status_code == 302
    with app.app_context():
        assert get(Organization, org_id).name == "Renamed by the admin"
        assert get(Person, person_id).name == "Barceló Durazo"


def test_creator_manages_and_adds_managers(app, client, other, make_user):
    colleague = make_user(email="colleague@example.org", name="Rafael Barceló Durazo")
    client.post("/manage/organizations/new", data={"name": "Colegio de la Frontera Norte"})
    client.post("/manage/people/new", data={"name": "Guadalupe Correa-Cabrera"})
    with app.app_context():
        org = db.session.scalar(select(Organization))
        person = db.session.scalar(select(Person))
        assert [u.id for u in org.managers] == [other] == [u.id for u in person.managers]
        org_id, person_id = org.id, person.id
    for kind, record_id in (("organizations", org_id), ("people", person_id)):
        url = f"/manage/{kind}/{record_id}/managers"
        html = client.post(url, data={"email": "nobody@example.org"}).get_data(as_text=True)
        assert "No active organizer account" in field_error(html, "email")
        assert client.post(url, data={"email": "Colleague@Example.org"}).status_code == 302
        assert "Rafael Barceló Durazo" in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert {u.id for u in get(Organization, org_id).managers} == {other, colleague}
    # Removing the last manager is refused; removing oneself hands the record over.
    client.post(f"/manage/organizations/{org_id}/managers/{other}/remove")
    with app.app_context():
        assert [u.id for u in get(Organization, org_id).managers] == [colleague]
    client.post(f"/manage/people/{person_id}/managers/{other}/remove")
    assert client.get(f"/manage/organizations/{org_id}/edit").status_code == 403
    sign_in(client, make_user, email="third@example.org")
    html = client.get(f"/manage/organizations/{org_id}/managers").get_data(as_text=True)
    assert "Rafael Barceló Durazo" in html and "colleague@example.org" in html
    assert 'name="email"' not in html  # no form to add managers


def test_the_last_manager_stays(app, client, other, make_org):
    org_id = make_org(manager_ids=[other])
    response = client.post(f"/manage/organizations/{org_id}/managers/{other}/remove",
                           follow_redirects=True)
    assert "before removing the last one" in response.get_data(as_text=True)
    with app.app_context():
        assert [u.id for u in get(Organization, org_id).managers] == [other]


@pytest.fixture
def their_series(app, owner):
    with app.app_context():
        series = EventSeries(name="U.S.–Mexico Roundtable", slug="roundtable",
                             managers=[db.session.get(User, owner)])
        db.session.add(series)
        db.session.commit()
        return series.id


def test_only_series_managers_add_events_to_it(app, client, other, their_series, own_event):
    form = client.get("/manage/events/new").get_data(as_text=True)
    assert "U.S.–Mexico Roundtable" not in form
    html = client.post("/manage/events/new", data=event_form(
        series_id=str(their_series), new_series_name="")).get_data(as_text=True)
    assert "Only the managers of" in field_error(html, "series_id")
    html = client.post(f"/manage/events/{own_event}/edit", data=event_form(
        series_id=str(their_series), new_series_name="")).get_data(as_text=True)
    assert "Only the managers of" in field_error(html, "series_id")
    with app.app_context():
        assert db.session.scalar(select(Event.id).where(Event.series_id == their_series)) is None


def test_a_new_series_is_managed_by_its_creator(app, client, other):
    assert client.post("/manage/events/new", data=event_form()).status_code == 302
    with app.app_context():
        series = db.session.scalar(select(EventSeries))
        assert [u.id for u in series.managers] == [other]


def test_a_co_organizer_keeps_the_event_in_its_series_but_copies_leave_it(
        app, client, other, owner, their_series, make_event):
    event_id = make_event(organizer_ids=[owner, other], series_id=their_series, edition=3)
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(
        series_id=str(their_series), new_series_name="", title="Renamed"))
    assert response.status_code == 302
    with app.app_context():
        assert get(Event, event_id).series_id == their_series
    assert client.post(f"/manage/events/{event_id}/copy").status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(Event).where(Event.id != event_id))
        assert copy.series_id is None


@pytest.fixture
def drafts(app, owner, other, make_event, make_org, make_person):
    """One organization and one person in a public event, the owner's draft and other's draft."""
    org_id = make_org(name="University of Arizona", manager_ids=[owner, other])
    person_id = make_person(name="Raúl Benítez Manaut", manager_ids=[owner, other])
    events = {
        "public": make_event(title="Public roundtable", organizer_ids=[owner]),
        "owner_draft": make_event(title="Owner's secret draft", status="draft",
                                  organizer_ids=[owner]),
        "own_draft": make_event(title="My own draft", status="draft", organizer_ids=[other]),
    }
    with app.app_context():
        for event_id in events.values():
            event = db.session.get(Event, event_id)
            event.sponsors.append(EventSponsor(organization_id=org_id, role="host"))
            item = AgendaItem(kind="panel", title="Panel", starts_at=event.starts_at,
                              ends_at=event.ends_at)
            item.roles.append(AgendaRole(person_id=person_id, role="panelist"))
            event.agenda_items.append(item)
        db.session.commit()
    return org_id, person_id


def test_no_page_lists_another_organizers_drafts(client, other, drafts):
    org_id, person_id = drafts
    pages = {
        "people": client.get("/manage/people").get_data(as_text=True),
        "org": client.get(f"/manage/organizations/{org_id}/edit").get_data(as_text=True),
        "delete": client.post(f"/manage/organizations/{org_id}/delete",
                              follow_redirects=True).get_data(as_text=True),
        "orgs": client.get("/manage/organizations").get_data(as_text=True),
    }
    for name, html in pages.items():
        assert "Owner&#39;s secret draft" not in html and "Owner's secret draft" not in html, name
    for name in ("people", "org", "delete"):
        assert "Public roundtable" in pages[name] and "My own draft" in pages[name], name
    assert "1 unpublished event of other organizers" in pages["delete"]


def test_a_match_of_someone_elses_record_is_offered_without_an_edit_link(
        client, owner, other, make_org, make_person):
    org_id = make_org(name="University of Arizona", slug="ua", manager_ids=[owner])
    person_id = make_person(name="Raúl Benítez Manaut", manager_ids=[owner])
    html = client.post("/manage/organizations/new",
                       data={"name": "university of arizona"}).get_data(as_text=True)
    assert "/organizations/ua" in html and f"/organizations/{org_id}/edit" not in html
    html = client.post("/manage/people/new",
                       data={"name": "Raul Benitez Manaut"}).get_data(as_text=True)
    assert "Raúl Benítez Manaut" in html and f"/people/{person_id}/edit" not in html
