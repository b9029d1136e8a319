"""New organization mid-task: offer the existing one, return with the new one chosen."""

import pytest
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.orgs.models import Organization
from tests.managing import sign_in


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user)


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Organization.id)))


def test_same_name_offers_the_existing_organization(app, client, organizer, make_org):
    ua = make_org(name="University of Arizona", short_name="UA")
    url = "/manage/organizations/new?next=/manage/events/7/sponsors"
    html = client.post(url, data={"name": "university of arizona"}).get_data(as_text=True)
    assert "already here?" in html and "Create anyway" in html
    assert f"/manage/events/7/sponsors?organization_id={ua}" in html
    assert _count(app) == 1
    response = client.post(url, data={"name": "university of arizona", "create_anyway": "1"})
    assert response.status_code == 302 and _count(app) == 2


def test_sponsors_page_preselects_and_hides_current_sponsors(
        app, client, organizer, make_org, make_event):
    event_id = make_event(organizer_ids=[organizer])
    ua = make_org(name="University of Arizona")
    tcfr = make_org(name="Tucson Committee on Foreign Relations")
    client.post(f"/manage/events/{event_id}/sponsors",
                data={"organization_id": ua, "role": "co_sponsor"})
    html = client.get(f"/manage/events/{event_id}/sponsors?organization_id={tcfr}").get_data(
        as_text=True)
    assert f'<option selected value="{tcfr}">' in html
    assert f'<option value="{ua}">' not in html


def test_the_role_chosen_before_new_organization_comes_back(client, organizer, make_org,
                                                            make_event):
    event_id = make_event(organizer_ids=[organizer])
    ua = make_org(name="University of Arizona")
    # keep_choice.js puts the role in "next"; the new organization's id is added to it.
    html = client.get(f"/manage/events/{event_id}/sponsors?role=host&organization_id={ua}"
                      ).get_data(as_text=True)
    assert '<option selected value="host">' in html
    assert 'data-keep-field="role"' in html and "keep_choice.js" in html
    html = client.get(f"/manage/events/{event_id}/sponsors?role=nonsense").get_data(
        as_text=True)
    assert '<option selected value="co_sponsor">' in html


@pytest.mark.parametrize("typed", ["Univ. of Arizona", "The University of Arizona",
                                   "U of Arizona"])
def test_a_differently_spelled_organization_is_offered_before_create_anyway(
        app, client, organizer, make_org, typed):
    from sqlalchemy import func, select

    from roundtable.extensions import db
    from roundtable.orgs.models import Organization

    make_org(name="University of Arizona")
    html = client.post("/manage/organizations/new", data={"name": typed}).get_data(as_text=True)
    assert "Is this organization already here?" in html and "University of Arizona" in html
    assert "Create anyway" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 1
    client.post("/manage/organizations/new", data={"name": typed, "create_anyway": "1"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 2


def test_a_person_with_a_rank_and_no_initial_is_offered(app, client, organizer, make_person):
    make_person(name="Gregory M. Guillot", honorific="Gen.")
    html = client.post("/manage/people/new", data={"name": "General Gregory Guillot"}).get_data(
        as_text=True)
    assert "Is this person already here?" in html and "Gregory M. Guillot" in html
