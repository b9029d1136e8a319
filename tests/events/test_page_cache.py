"""The event page's body is rendered once per content version and language, never stale."""

import pytest

from roundtable import create_app
from roundtable.agenda.models import AgendaItem, Person
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from roundtable.recap import services as recap
from tests.dbutil import recorded_statements


def _event(edition: int) -> Event:
    return db.session.scalar(db.select(Event).where(Event.edition == edition))


def _slug(app, edition: int) -> str:
    with app.app_context():
        return _event(edition).slug


def _statements(app, client, url: str) -> list[str]:
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        assert client.get(url).status_code == 200
    return statements


def test_a_warm_page_is_one_statement_for_the_event_row_and_its_seat_counts(app, client, demo):
    url = f"/events/{_slug(app, 4)}"
    cold = _statements(app, client, url)
    warm = _statements(app, client, url)
    # A miss loads the agenda, people, sponsors, summary and recap too: still bounded.
    assert len(cold) <= 10
    assert len(warm) == 1, warm
    assert "FROM events" in warm[0] and "FROM registrations" in warm[0]
    # The body is there all the same.
    page = client.get(url).get_data(as_text=True)
    assert "Raúl Benítez Manaut" in page and "Sponsors" in page and "seats left" in page


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("edition", [3, 4])
def test_cached_pages_are_the_pages_rendered_afresh(app, app_config, client, demo, lang, edition):
    url = f"/events/{_slug(app, edition)}?lang={lang}"
    client.get(url)
    cached = client.get(url).get_data(as_text=True)
    fresh_app = create_app({**app_config, "PAGE_CACHE_BYTES": 0})
    fresh = fresh_app.test_client().get(url).get_data(as_text=True)
    with fresh_app.app_context():
        db.engine.dispose()
    assert "roundtable.events.bodies" not in fresh_app.extensions
    assert cached == fresh


def test_each_language_has_its_own_body(app, client, demo):
    url = f"/events/{_slug(app, 4)}"
    assert "Agenda" in client.get(url).get_data(as_text=True)
    spanish = client.get(url + "?lang=es").get_data(as_text=True)
    assert "Programa" in spanish or "Orden del día" in spanish
    assert "Add to calendar" not in spanish


def _rename_first_agenda_item(event):
    event.agenda_items[0].title = "Renamed opening"
    return "Renamed opening"


def _rename_a_speaker(event):
    person = db.session.scalar(db.select(Person).where(Person.name == "Raúl Benítez Manaut"))
    person.name = "Raúl Benítez Manaut (UNAM)"
    return "Raúl Benítez Manaut (UNAM)"


def _rename_a_sponsor(event):
    org = event.sponsors[0].organization
    org.name = "Renamed Sponsoring Centre"
    return "Renamed Sponsoring Centre"


def _rename_the_series(event):
    series = db.session.get(EventSeries, event.series_id)
    series.name = "Renamed Roundtable Series"
    # In the body, the series' subscribe link (the header has its name too).
    return 'Renamed Roundtable Series</a> <span class="hint">'


def _add_a_public_material(event):
    recap.add_material(event, "Slides from the keynote", "https://example.org/slides.pdf", True)
    return "Slides from the keynote"


def _make_the_recording_public(event):
    recap.save_recording(event, "https://example.org/recording-xyz", None, True)
    return "https://example.org/recording-xyz"


def _write_a_summary(event):
    recap.save_summary(event, "A summary written after the *event*.", None)
    return "A summary written after the"


def _change_the_contact(event):
    event.contact_email = "new-contact@example.org"
    return "new-contact@example.org"


_CHANGES = [
    _rename_first_agenda_item, _rename_a_speaker, _rename_a_sponsor, _rename_the_series,
    _add_a_public_material, _make_the_recording_public, _write_a_summary, _change_the_contact,
]


# Edition 3 is past (its body leads with the record and has no subscribe links), 4 is not.
@pytest.mark.parametrize(("change", "edition"), [
    *[(change, 3) for change in _CHANGES if change is not _rename_the_series],
    *[(change, 4) for change in _CHANGES],
])
def test_every_change_the_body_shows_reaches_a_warm_page(app, client, demo, change, edition):
    url = f"/events/{_slug(app, edition)}"
    client.get(url)
    with app.app_context():
        event = db.session.scalar(
            db.select(Event).where(Event.edition == edition))
        expected = change(event)
        db.session.commit()
    assert expected in client.get(url).get_data(as_text=True)


def test_removals_reach_a_warm_page(app, client, demo):
    url = f"/events/{_slug(app, 3)}"
    with app.app_context():
        event = _event(3)
        item, sponsor = event.agenda_items[-1], event.sponsors[-1]
        removed_item, item_id, sponsor_id = item.title, item.id, sponsor.id
        removed_org = db.session.get(Organization, sponsor.organization_id).name
        material = recap.add_material(event, "Briefing paper", "https://example.org/b.pdf", True)
        db.session.commit()
        material_id = material.id
    page = client.get(url).get_data(as_text=True)
    assert removed_item in page and removed_org in page and "Briefing paper" in page
    with app.app_context():
        event = _event(3)
        db.session.delete(db.session.get(AgendaItem, item_id))
        db.session.delete(db.session.get(EventSponsor, sponsor_id))
        recap.remove_material(event, material_id)
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert removed_item not in page and "Briefing paper" not in page
    assert f">{removed_org}<" not in page


def test_an_organizer_edit_through_the_form_reaches_a_warm_page(app, client, auth, make_user,
                                                              make_event):
    user_id = make_user(email="organizer@example.org")
    event_id = make_event(slug="edited", title="Before the edit", organizer_ids=[user_id])
    client.get("/events/edited")
    auth.login()
    page = client.get(f"/manage/events/{event_id}/edit").get_data(as_text=True)
    assert "Before the edit" in page
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.description = "A description added after the page was cached."
        db.session.commit()
    auth.logout()
    assert "added after the page was cached" in client.get("/events/edited").get_data(
        as_text=True)


def test_a_preview_is_never_served_from_the_cache(app, client, auth, make_user, make_event):
    user_id = make_user(email="organizer@example.org")
    event_id = make_event(slug="draft", status="draft", organizer_ids=[user_id])
    with app.app_context():
        recap.add_material(db.session.get(Event, event_id), "Draft notes",
                           "https://example.org/n", True)
        db.session.commit()
    auth.login()
    page = client.get(f"/manage/events/{event_id}/preview").get_data(as_text=True)
    assert "Draft notes" in page
    assert "roundtable.events.bodies" not in app.extensions


# The whole page, for visitors who are not signed in.


def _register(client, slug: str, email: str, mode: str = "in_person"):
    response = client.post(f"/events/{slug}/register",
                           data={"name": "Raúl Benítez Manaut", "email": email, "mode": mode,
                                 "reception": "yes"})
    assert response.status_code == 302
    return response


def test_seat_counts_on_a_warm_page_follow_every_registration(app, client, make_event):
    make_event(slug="counted", capacity_in_person=3, capacity_online=1)
    assert "3 seats left" in client.get("/events/counted").get_data(as_text=True)
    _register(app.test_client(), "counted", "a@example.org")
    page = client.get("/events/counted").get_data(as_text=True)
    assert "2 seats left" in page and "3 seats left" not in page
    _register(app.test_client(), "counted", "b@example.org", mode="online")
    _register(app.test_client(), "counted", "c@example.org", mode="online")
    page = client.get("/events/counted").get_data(as_text=True)
    assert "Full — join the waitlist (1 waiting)" in page


def test_a_signed_in_organizer_never_gets_the_anonymous_copy(app, client, auth, make_user,
                                                              make_event):
    make_user(email="organizer@example.org", name="Ana Organizer")
    make_event(slug="shared")
    anonymous = app.test_client()
    assert "Organizer sign-in" in anonymous.get("/events/shared").get_data(as_text=True)
    auth.login()
    page = client.get("/events/shared").get_data(as_text=True)
    assert "Ana Organizer" in page and "Organizer sign-in" not in page
    # And the organizer's page is not what the next visitor gets.
    page = anonymous.get("/events/shared").get_data(as_text=True)
    assert "Organizer sign-in" in page and "Ana Organizer" not in page


def test_a_message_waiting_for_one_visitor_is_not_shown_to_the_next(app, client, make_event):
    make_event(slug="flashed")
    other = app.test_client()
    other.get("/events/flashed")  # the anonymous copy is warm
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message for this visitor only.")]
    assert "A message for this visitor only." in client.get("/events/flashed").get_data(
        as_text=True)
    assert "for this visitor only" not in other.get("/events/flashed").get_data(as_text=True)


def test_the_language_switch_links_keep_each_url(app, client, make_event):
    make_event(slug="switch")
    english = client.get("/events/switch").get_data(as_text=True)
    # ?lang= is remembered in a cookie: each reader here is a new one.
    spanish = app.test_client().get("/events/switch?lang=es").get_data(as_text=True)
    assert 'lang="en"' in english.split(">", 2)[1] and 'lang="es"' in spanish.split(">", 2)[1]
    tracked = app.test_client().get("/events/switch?utm_source=x").get_data(as_text=True)
    assert tracked == english.replace(
        "/events/switch?lang=", "/events/switch?utm_source=x&amp;lang=")


def test_a_page_cached_before_the_event_says_it_took_place_after(app, client, make_event,
                                                                  monkeypatch):
    from datetime import UTC, datetime, timedelta

    from roundtable.events import models
    from roundtable.registration import services

    make_event(slug="tonight", starts_in=timedelta(hours=1), hours=1)
    page = client.get("/events/tonight").get_data(as_text=True)
    assert "took place" not in page and "Register" in page
    later = datetime.now(UTC) + timedelta(days=1)
    monkeypatch.setattr(models, "utcnow", lambda: later)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    page = client.get("/events/tonight").get_data(as_text=True)
    assert "This event took place on" in page and "join the waitlist" not in page


@pytest.mark.parametrize("edition", [3, 4])
def test_the_glance_agrees_with_the_event_row_and_the_grouped_count(app, demo, edition):
    # The page's cache key and header come from the glance: it must say what the
    # full event and the registration rules' own count say.
    from roundtable.events.glance import glance
    from roundtable.registration.models import Registration
    from roundtable.registration.services import (
        availability,
        closed_reason,
        count_by_mode_and_status,
    )
    from roundtable.registration.tokens import issue_token

    with app.test_request_context():
        event = _event(edition)
        for n, (mode, status) in enumerate([("in_person", "waitlisted"), ("online", "confirmed"),
                                            ("online", "cancelled")]):
            registration = Registration(event=event, name=f"Glance {n}", mode=mode,
                                        email=f"glance{n}@example.org", status=status)
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()
        seen = glance(event.slug)
        for name in ("id", "slug", "status", "format", "timezone", "starts_at", "ends_at",
                     "registration_opens_at", "registration_closes_at", "capacity_in_person",
                     "capacity_online", "calendar_version", "series_key", "is_public",
                     "is_past", "offers_in_person", "offers_online"):
            assert getattr(seen, name) == getattr(event, name), name
        assert seen.series_key == (event.series.id, event.series.slug, event.series.name,
                                   event.series.name_es)
        counted = count_by_mode_and_status(event.id)
        assert counted[("online", "cancelled")] >= 1  # not a seat: the glance leaves it out
        assert seen.counts == {k: n for k, n in counted.items() if n and k[1] != "cancelled"}
        assert seen.counts[("in_person", "waitlisted")] >= 1
        assert availability(seen, seen.counts) == availability(event)
        assert closed_reason(seen) == closed_reason(event)
        assert glance("no-such-event") is None


def test_a_lang_argument_is_normalised_before_it_keys_the_cache(app, make_event):
    """?lang=es<anything> is the Spanish page: one copy, not one per spelling."""
    from roundtable.cache import app_cache
    from roundtable.events.page_cache import CACHE_NAME

    make_event(slug="langs")
    spanish = app.test_client().get("/events/langs?lang=es").get_data(as_text=True)
    with app.app_context():
        entries = len(app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", 1)._items)
    for junk in ("es-MX", "ES", "es" + "x" * 50, "esp", "es1"):
        page = app.test_client().get(f"/events/langs?lang={junk}").get_data(as_text=True)
        assert page == spanish, junk
    with app.app_context():
        assert len(app_cache(CACHE_NAME, "PAGE_CACHE_BYTES", 1)._items) == entries
