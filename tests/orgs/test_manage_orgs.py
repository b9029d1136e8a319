"""Organization records and an event's co-sponsors."""

import pytest
from sqlalchemy import func, select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from tests.managing import field_error, get, sign_in

UNAM = ("Binational Research Consortium with the National Autonomous University of Mexico "
        "(UNAM) on Migration, Human Rights, and Human Security")


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


def _orgs(app):
    with app.app_context():
        return {o.slug: o for o in db.session.scalars(select(Organization))}


def test_create_organization_with_derived_slug(app, client, organizer):
    response = client.post("/manage/organizations/new", data={
        "name": UNAM, "short_name": "UNAM Binational Consortium", "slug": "",
        "website": "https://www.unam.mx", "description": "Consorcio binacional — México.",
    })
    assert response.status_code == 302 and response.location.endswith("/manage/organizations")
    [org] = _orgs(app).values()
    assert org.name == UNAM and org.slug.startswith("binational-research-consortium")
    assert org.description == "Consorcio binacional — México."
    html = client.get("/manage/organizations").get_data(as_text=True)
    assert "UNAM Binational Consortium" in html
    assert client.get(f"/organizations/{org.slug}").status_code == 200


def test_new_organization_returns_to_next(client, organizer):
    response = client.post("/manage/organizations/new?next=/manage/events/1/sponsors",
                           data={"name": "University of Arizona"})
    assert response.location.endswith("/manage/events/1/sponsors?organization_id=1")
    response = client.post("/manage/organizations/new?next=//evil.example/",
                           data={"name": "Tucson Committee"})
    assert response.location.endswith("/manage/organizations")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 301}, "name", "longer than 300"),
        ({"short_name": "x" * 81}, "short_name", "longer than 80"),
        ({"slug": "Bad Slug!"}, "slug", "lower-case letters"),
        ({"slug": "taken"}, "slug", "already uses"),
        ({"website": "arizona edu"}, "website", "full web address"),
        ({"website": "ftp://arizona.edu"}, "website", "full web address"),
        ({"website": "javascript:alert(1)"}, "website", "full web address"),
    ],
)
def test_bad_organization_input(app, client, organizer, make_org, data, field, message):
    make_org(slug="taken")
    html = client.post("/manage/organizations/new",
                       data={"name": "University of Arizona", **data}).get_data(as_text=True)
    assert message in field_error(html, field)
    assert set(_orgs(app)) == {"taken"}


def test_edit_organization(app, client, organizer, make_org):
    org_id = make_org(name="Old name", slug="old", manager_ids=[organizer])
    html = client.get(f"/manage/organizations/{org_id}/edit").get_data(as_text=True)
    assert 'value="Old name"' in html
    client.post(f"/manage/organizations/{org_id}/edit",
                data={"name": "Tucson Committee on Foreign Relations", "short_name": "TCFR",
                      "slug": "tcfr"})
    with app.app_context():
        org = get(Organization, org_id)
        assert (org.name, org.slug, org.short_name) == (
            "Tucson Committee on Foreign Relations", "tcfr", "TCFR")


def test_delete_unused_organization(app, client, organizer, make_org):
    org_id = make_org(manager_ids=[organizer])
    assert client.post(f"/manage/organizations/{org_id}/delete").status_code == 302
    assert _orgs(app) == {}


def test_organization_in_use_is_not_deleted_and_says_where(app, client, organizer, make_org,
                                                          make_event):
    org_id = make_org(name="University of Arizona", manager_ids=[organizer])
    event_id = make_event(title="3rd Annual Roundtable")
    with app.app_context():
        db.session.add(EventSponsor(event_id=event_id, organization_id=org_id, role="host"))
        db.session.commit()
    html = client.post(f"/manage/organizations/{org_id}/delete",
                       follow_redirects=True).get_data(as_text=True)
    assert "cannot be deleted" in html and "3rd Annual Roundtable" in html
    assert len(_orgs(app)) == 1


@pytest.fixture
def event_id(organizer, make_event):
    return make_event(organizer_ids=[organizer])


def _sponsors(app, event_id):
    with app.app_context():
        return [(s.organization.name, s.role) for s in get(Event, event_id).sponsors]


def test_add_reorder_and_remove_sponsors(app, client, event_id, make_org):
    ids = [make_org(name=n) for n in ("University of Arizona", "TCFR", UNAM)]
    for org_id, role in zip(ids, ("host", "co_sponsor", "partner"), strict=True):
        response = client.post(f"/manage/events/{event_id}/sponsors",
                               data={"organization_id": org_id, "role": role})
        assert response.status_code == 302
    assert _sponsors(app, event_id) == [
        ("University of Arizona", "host"), ("TCFR", "co_sponsor"), (UNAM, "partner")]
    with app.app_context():
        sponsor_ids = [s.id for s in get(Event, event_id).sponsors]
    client.post(f"/manage/events/{event_id}/sponsors/{sponsor_ids[2]}/move",
                data={"direction": "up"})
    assert [n for n, _ in _sponsors(app, event_id)] == ["University of Arizona", UNAM, "TCFR"]
    client.post(f"/manage/events/{event_id}/sponsors/{sponsor_ids[0]}/move",
                data={"direction": "down"})
    assert [n for n, _ in _sponsors(app, event_id)] == [UNAM, "University of Arizona", "TCFR"]
    client.post(f"/manage/events/{event_id}/sponsors/{sponsor_ids[1]}/remove")
    assert [n for n, _ in _sponsors(app, event_id)] == [UNAM, "University of Arizona"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 3


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [({"organization_id": "0", "role": "host"}, "organization_id", "Choose an organization"),
     ({"organization_id": "999", "role": "host"}, "organization_id", "from the list"),
     ({"organization_id": "ORG", "role": "patron"}, "role", "Not a valid choice")],
)
def test_bad_sponsor_input(app, client, event_id, make_org, data, field, message):
    org_id = make_org()
    data = {k: str(org_id) if v == "ORG" else v for k, v in data.items()}
    html = client.post(f"/manage/events/{event_id}/sponsors", data=data).get_data(as_text=True)
    assert message in field_error(html, field)
    assert _sponsors(app, event_id) == []


def test_sponsor_cannot_be_added_twice(app, client, event_id, make_org):
    org_id = make_org(name="University of Arizona")
    client.post(f"/manage/events/{event_id}/sponsors", data={"organization_id": org_id,
                                                             "role": "host"})
    html = client.post(f"/manage/events/{event_id}/sponsors",
                       data={"organization_id": org_id, "role": "partner"}).get_data(as_text=True)
    assert "already a sponsor" in field_error(html, "organization_id")
    assert _sponsors(app, event_id) == [("University of Arizona", "host")]


def test_sponsor_of_another_event_is_404(app, client, event_id, make_event, make_org):
    other = make_event(organizer_ids=[])
    with app.app_context():
        sponsor = EventSponsor(event_id=other, organization_id=make_org(), role="host")
        db.session.add(sponsor)
        db.session.commit()
        sponsor_id = sponsor.id
    assert client.post(f"/manage/events/{event_id}/sponsors/{sponsor_id}/remove").status_code \
        == 404


def test_public_organization_page_lists_its_published_events(app, client, make_org, make_event):
    org_id = make_org(name="Tucson Committee on Foreign Relations", slug="tcfr")
    shown = make_event(title="Published roundtable")
    hidden = make_event(title="Draft roundtable", status="draft")
    with app.app_context():
        for eid in (shown, hidden):
            db.session.add(EventSponsor(event_id=eid, organization_id=org_id, role="co_sponsor"))
        db.session.commit()
    html = client.get("/organizations/tcfr").get_data(as_text=True)
    assert "Published roundtable" in html and "Draft roundtable" not in html


@pytest.mark.parametrize(("typed", "stored"), [
    ("arizona.edu", "https://arizona.edu"),
    ("www.arizona.edu/about?x=1", "https://www.arizona.edu/about?x=1"),
    (" http://tcfr.org ", "http://tcfr.org"),
])
def test_a_website_typed_without_https_gets_it(app, client, organizer, typed, stored):
    response = client.post("/manage/organizations/new",
                           data={"name": "University of Arizona", "website": typed})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Organization.website)) == stored
