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
