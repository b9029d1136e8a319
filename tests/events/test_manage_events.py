"""Organizers create, edit, publish, cancel and copy events in the browser forms."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from tests.managing import event_form, field_error, get, sign_in


@pytest.fixture
def organizer(client, make_user):
    return sign_in(client, make_user, name="Rafael Barceló Durazo")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _create(client, **overrides):
    return client.post("/manage/events/new", data=event_form(**overrides))


def test_new_event_form_defaults_to_the_configured_zone(client, organizer):
    html = client.get("/manage/events/new").get_data(as_text=True)
    assert 'name="timezone"' in html and 'value="America/Phoenix"' in html.split(
        'name="timezone"')[1].split(">")[0]
    assert "Europe/Madrid" in html


def test_time_zone_options_are_canonical_findable_and_common_first(client, organizer):
    html = client.get("/manage/events/new").get_data(as_text=True)
    options = html.split('<datalist id="timezone-options">')[1].split("</datalist>")[0]
    assert 'value="US/Arizona"' not in options and 'value="Asia/Calcutta"' not in options
    assert 'value="Asia/Kolkata"' in options
    assert options.index('value="America/Phoenix"') < options.index('value="Africa/Abidjan"')
    assert "Tucson" in options.split('value="America/Phoenix">')[1].split("</option>")[0]


@pytest.mark.parametrize(("typed", "zone"), [
    ("Tucson", "America/Phoenix"), ("phoenix", "America/Phoenix"),
    ("Mexico", "America/Mexico_City"), ("New York", "America/New_York"),
    ("America/Chicago", "America/Chicago"), ("Tucson, AZ", "America/Phoenix"),
    ("MST", "America/Phoenix"), ("mst", "America/Phoenix"), ("EST", "America/New_York"),
    ("Ciudad de México, México", "America/Mexico_City"),
])
def test_typing_a_city_finds_the_zone(app, client, organizer, typed, zone):
    assert _create(client, timezone=typed).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Event.timezone)) == zone


@pytest.mark.parametrize("typed", ["US/Arizona", "Asia/Calcutta", "Springfield", "CST",
                                   "Springfield, IL"])
def test_aliases_and_unknown_places_are_refused(app, client, organizer, typed):
    html = _create(client, timezone=typed).get_data(as_text=True)
    assert "Choose a time zone" in field_error(html, "timezone")
    with app.app_context():
        assert db.session.scalar(select(Event.id)) is None


def test_create_event_stores_utc_and_derives_slug_and_series(app, client, organizer):
    response = _create(client)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.slug == "3rd-annual-us-mexico-defense-security-roundtable"
        assert event.status == "draft" and event.sequence == 0
        # 4 PM in Phoenix (UTC-7, no DST) is 23:00 UTC.
        assert event.starts_at == datetime(2030, 11, 21, 23, 0, tzinfo=UTC)
        assert event.registration_closes_at == datetime(2030, 11, 21, 19, 0, tzinfo=UTC)
        assert event.capacity_in_person == 120 and event.capacity_online is None
        assert event.series.name == "U.S.–Mexico Defense & Security Roundtable"
        assert event.series.slug == "us-mexico-defense-security-roundtable"
        assert event.edition_label == "3rd Annual"
        assert [u.id for u in event.organizers] == [organizer]
    assert response.location.endswith(f"/manage/events/{event.id}")


def test_edit_form_shows_local_times(app, client, organizer):
    _create(client)
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    html = client.get(f"/manage/events/{event_id}/edit").get_data(as_text=True)
    # A date box and a 24-hour time box per field (roundtable/fields.py).
    assert html.count('value="11/21/2030"') >= 2  # the English page's order
    assert 'value="16:00"' in html and 'value="17:30"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 301}, "title", "Field cannot be longer than 300 characters."),
        ({"summary": "x" * 501}, "summary", "Field cannot be longer than 500 characters."),
        ({"venue_name": "x" * 301}, "venue_name", "longer than 300"),
        ({"venue_room": "x" * 201}, "venue_room", "longer than 200"),
        ({"slug": "Not A Slug"}, "slug", "lower-case letters"),
        ({"slug": "trailing-"}, "slug", "lower-case letters"),
        ({"slug": "x" * 121}, "slug", "longer than 120"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Choose a time zone"),
        ({"starts_at": ""}, "starts_at", "Enter the date and time the event starts."),
        ({"starts_at": "next tuesday"}, "starts_at", "Enter the date as mm/dd/yyyy"),
        ({"ends_at": "2030-11-21T15:00"}, "ends_at", "must end after it starts"),
        ({"ends_at": "2030-11-21T16:00"}, "ends_at", "must end after it starts"),
        ({"registration_closes_at": "2030-11-21T18:00"}, "registration_closes_at",
         "close before the event ends"),
        ({"registration_opens_at": "2030-11-21T13:00",
          "registration_closes_at": "2030-11-21T12:00"}, "registration_closes_at",
         "close after it opens"),
        ({"zoom_join_url": "http://zoom.us/j/123"}, "zoom_join_url", "https://"),
        ({"zoom_join_url": "https://zoom.us.evil.example/j/1"}, "zoom_join_url", "zoom.us"),
        ({"zoom_join_url": "zoom.us/j/85512345678"}, "zoom_join_url", "https://"),
        ({"zoom_meeting_id": "12345678"}, "zoom_meeting_id", "9 to 11 digits"),
        ({"zoom_meeting_id": "855-1234-5678"}, "zoom_meeting_id", "9 to 11 digits"),
        ({"zoom_meeting_id": "123456789012"}, "zoom_meeting_id", "9 to 11 digits"),
        ({"zoom_passcode": "x" * 65}, "zoom_passcode", "longer than 64"),
        ({"capacity_in_person": "-1"}, "capacity_in_person", "0 or more"),
        ({"capacity_online": "many"}, "capacity_online", "Not a valid integer"),
        ({"edition": "0"}, "edition", "1 or more"),
        ({"series_id": "999", "new_series_name": ""}, "series_id", "Choose a series"),
        ({"format": "carrier-pigeon"}, "format", "Not a valid choice"),
        # 2:30 AM on the spring-forward night does not exist in New York.
        ({"timezone": "America/New_York", "starts_at": "2030-03-10T02:30",
          "ends_at": "2030-03-10T05:00", "registration_closes_at": ""},
         "starts_at", "does not exist"),
    ],
)
def test_bad_input_shows_a_message_on_the_field_and_saves_nothing(
    app, client, organizer, overrides, field, message
):
    response = _create(client, **overrides)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in field_error(html, field), html[html.find("error"):][:500]
    assert "nothing was saved" in html
    with app.app_context():
        assert _count(Event) == 0 and _count(EventSeries) == 0


def test_series_choice_and_new_series_are_exclusive(app, client, organizer):
    with app.app_context():
        from roundtable.auth.models import User
        db.session.add(EventSeries(name="Existing", slug="existing",
                                   managers=[db.session.get(User, organizer)]))
        db.session.commit()
        series_id = db.session.scalar(select(EventSeries.id))
    html = _create(client, series_id=str(series_id)).get_data(as_text=True)
    assert "not both" in field_error(html, "new_series_name")
    assert _create(client, series_id=str(series_id), new_series_name="").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Event)).series_id == series_id


def test_slug_must_be_unique(app, client, organizer, make_event):
    make_event(slug="taken")
    html = _create(client, slug="taken").get_data(as_text=True)
    assert "already uses" in field_error(html, "slug")


def test_derived_slug_avoids_taken_ones(app, client, organizer, make_event):
    make_event(slug="3rd-annual-us-mexico-defense-security-roundtable")
    _create(client)
    with app.app_context():
        slugs = set(db.session.scalars(select(Event.slug)))
    assert "3rd-annual-us-mexico-defense-security-roundtable-2" in slugs


def test_long_unicode_title_round_trips(app, client, organizer):
    title = "Mesa redonda sobre seguridad y defensa: Raúl Benítez Manaut y Barceló Durazo " * 3
    title = title.strip()[:300]
    assert _create(client, title=title, new_series_name="").status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.title == title
        assert event.slug.startswith("mesa-redonda-sobre-seguridad") and len(event.slug) <= 120
        event_id = event.id
    assert title in client.get(f"/manage/events/{event_id}").get_data(as_text=True)


@pytest.fixture
def event_id(app, client, organizer):
    _create(client)
    with app.app_context():
        return db.session.scalar(select(Event.id))


def _edit(client, event_id, **overrides):
    return client.post(f"/manage/events/{event_id}/edit", data=event_form(**overrides))


def test_editing_text_does_not_bump_sequence(app, client, event_id):
    assert _edit(client, event_id, summary="New summary", slug="rt-2030").status_code == 302
    with app.app_context():
        event = get(Event, event_id)
        assert event.summary == "New summary" and event.slug == "rt-2030"
        assert event.sequence == 0


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": "2030-11-21T15:00"},
        {"ends_at": "2030-11-21T18:00"},
        {"venue_room": "Ballroom"},
        {"venue_name": "Tucson Convention Center"},
        {"format": "in_person"},
        {"zoom_join_url": "https://zoom.us/j/111222333"},
    ],
)
def test_changing_time_or_place_bumps_sequence(app, client, event_id, change):
    assert _edit(client, event_id, **change).status_code == 302
    with app.app_context():
        assert get(Event, event_id).sequence == 1


def test_bad_edit_changes_nothing(app, client, event_id):
    html = _edit(client, event_id, title="Changed", ends_at="2030-11-20T10:00").get_data(
        as_text=True
    )
    assert "must end after it starts" in field_error(html, "ends_at")
    with app.app_context():
        event = get(Event, event_id)
        assert event.title.startswith("3rd Annual") and event.sequence == 0


def test_publish_unpublish_cancel_bump_sequence_and_show_publicly(app, client, event_id):
    assert client.post(f"/manage/events/{event_id}/publish").status_code == 302
    with app.app_context():
        event = get(Event, event_id)
        assert event.status == "published" and event.sequence == 1
        slug = event.slug
    assert client.get(f"/events/{slug}").status_code == 200
    client.post(f"/manage/events/{event_id}/unpublish")
    with app.app_context():
        assert get(Event, event_id).status == "draft" and get(Event, event_id).sequence == 2
    client.get("/logout")
    assert client.get(f"/events/{slug}").status_code == 404


def test_cancel_needs_a_reason_and_stays_public_marked(app, client, event_id):
    client.post(f"/manage/events/{event_id}/publish")
    html = client.post(f"/manage/events/{event_id}/cancel", data={"reason": "  "}).get_data(
        as_text=True
    )
    assert "Say why" in field_error(html, "reason")
    with app.app_context():
        assert get(Event, event_id).status == "published"
    response = client.post(f"/manage/events/{event_id}/cancel",
                           data={"reason": "The venue flooded."})
    assert response.status_code == 302
    with app.app_context():
        event = get(Event, event_id)
        assert event.status == "cancelled" and event.sequence == 2
        slug = event.slug
    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "This event has been cancelled." in page and "The venue flooded." in page


def test_publish_needs_join_url_and_venue(app, client, organizer):
    _create(client, zoom_join_url="", venue_name="")
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    response = client.post(f"/manage/events/{event_id}/publish", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "needs a Zoom join URL" in html and "needs a venue" in html
    with app.app_context():
        assert get(Event, event_id).status == "draft"
    # An online event needs no venue, an in-person one no Zoom link.
    _edit(client, event_id, format="online", zoom_join_url="", venue_name="")
    assert "needs a Zoom" in client.post(
        f"/manage/events/{event_id}/publish", follow_redirects=True).get_data(as_text=True)
    _edit(client, event_id, format="in_person", zoom_join_url="", venue_name="Hall")
    client.post(f"/manage/events/{event_id}/publish")
    with app.app_context():
        assert get(Event, event_id).status == "published"


def test_published_event_cannot_lose_its_join_url(app, client, event_id):
    client.post(f"/manage/events/{event_id}/publish")
    html = _edit(client, event_id, zoom_join_url="").get_data(as_text=True)
    assert "needs a Zoom join URL" in field_error(html, "zoom_join_url")
    with app.app_context():
        assert get(Event, event_id).zoom_join_url


def test_copy_as_next_edition(app, client, event_id, make_org, make_person):
    from roundtable.agenda.models import AgendaItem, AgendaRole
    from roundtable.orgs.models import EventSponsor
    from roundtable.registration.models import Registration

    org = make_org(name="Tucson Committee on Foreign Relations")
    person = make_person(name="Raúl Benítez Manaut", honorific="Dr.")
    with app.app_context():
        event = get(Event, event_id)
        event.sponsors.append(EventSponsor(organization_id=org, role="host", sort_order=0))
        item = AgendaItem(kind="panel", title="Panel Discussion", sort_order=0,
                          starts_at=event.starts_at, ends_at=event.ends_at)
        item.roles.append(AgendaRole(person_id=person, role="panelist"))
        event.agenda_items.append(item)
        db.session.add(Registration(event=event, name="A", email="a@example.org",
                                    mode="online", status="confirmed",
                                    manage_token_hash="h" * 64, token_nonce="n"))
        db.session.commit()
    response = client.post(f"/manage/events/{event_id}/copy")
    assert response.status_code == 302
    with app.app_context():
        old = get(Event, event_id)
        new = db.session.scalar(select(Event).where(Event.id != event_id))
        assert response.location.endswith(f"/manage/events/{new.id}/edit")
        assert new.title == "4th Annual U.S.–Mexico Defense & Security Roundtable"
        assert new.edition == 4 and new.series_id == old.series_id
        assert new.status == "draft" and new.sequence == 0
        # Thursday of ISO week 47 of 2030 becomes Thursday of week 47 of 2031.
        assert new.local_start.replace(tzinfo=None) == datetime(2031, 11, 20, 16, 0)
        assert new.local_start.weekday() == old.local_start.weekday() == 3
        assert new.ends_at - new.starts_at == old.ends_at - old.starts_at
        assert new.slug != old.slug and "2031" in new.slug
        assert new.zoom_join_url is None
        assert [(s.organization_id, s.role) for s in new.sponsors] == [(org, "host")]
        [new_item] = new.agenda_items
        assert new_item.title == "Panel Discussion"
        assert new_item.local_start.replace(tzinfo=None) == datetime(2031, 11, 20, 16, 0)
        assert [(r.person_id, r.role) for r in new_item.roles] == [(person, "panelist")]
        assert db.session.scalar(
            select(func.count()).select_from(Registration).where(Registration.event_id == new.id)
        ) == 0
        assert [u.id for u in new.organizers] == [u.id for u in old.organizers]


def test_preview_shows_a_draft_to_its_organizer(client, event_id):
    html = client.get(f"/manage/events/{event_id}/preview").get_data(as_text=True)
    assert "Preview for organizers" in html and "3rd Annual" in html


def test_series_page_lists_both_editions_after_copy_and_publish(app, client, event_id):
    client.post(f"/manage/events/{event_id}/publish")
    client.post(f"/manage/events/{event_id}/copy")
    with app.app_context():
        new = db.session.scalar(select(Event).where(Event.id != event_id))
        new.zoom_join_url = "https://zoom.us/j/123456789"
        db.session.commit()
        new_id, series_slug = new.id, new.series.slug
    client.post(f"/manage/events/{new_id}/publish")
    html = client.get(f"/series/{series_slug}").get_data(as_text=True)
    assert "3rd Annual U.S.–Mexico" in html and "4th Annual U.S.–Mexico" in html


SAVED_FLASHES = {
    "en": ("Saved.", "The time or place changed",
           "1 confirmed registrant is emailed an updated invitation.",
           "2 confirmed registrants are emailed an updated invitation."),
    "es": ("Guardado.", "Cambió la hora o el lugar",
           "se envía una invitación actualizada a 1 persona con registro confirmado.",
           "se envía una invitación actualizada a 2 personas con registro confirmado."),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_saving_says_how_many_registrants_are_told_in_the_reader_language(
        app, client, event_id, lang):
    from roundtable.mail.models import OutboxMessage
    from roundtable.registration.models import Registration

    saved, moved, one, two = SAVED_FLASHES[lang]

    def edit(**values):
        page = client.post(f"/manage/events/{event_id}/edit", follow_redirects=True,
                           data=event_form(capacity_in_person="1", **values))
        with app.app_context():
            told = _count_where(OutboxMessage, OutboxMessage.kind == "event_changed")
        return page.get_data(as_text=True), told

    client.get(f"/?lang={lang}")
    text, told = edit(summary="Only the text")
    assert saved in text and moved not in text and told == 0
    # A draft nobody registered for: the place changed, and nobody is told.
    text, told = edit(venue_room="Ballroom")
    assert saved in text and moved not in text and told == 0
    with app.app_context():
        event = get(Event, event_id)
        assert event.status == "draft"

        def add(name, email, mode, status, **values):
            db.session.add(Registration(
                event=event, name=name, email=email, mode=mode, status=status,
                manage_token_hash=name * 64, token_nonce=name, **values))

        add("a", "a@example.org", "in_person", "confirmed")
        add("b", "b@example.org", "online", "confirmed")
        add("c", "c@example.org", "in_person", "waitlisted", waitlisted_at=event.starts_at)
        add("d", None, "online", "confirmed", is_walk_in=True)
        db.session.commit()
    # A new room concerns only the in-person audience; the waitlisted and a walk-in
    # without email are not written to, even for a draft: one person is.
    text, told = edit(venue_room="Room 2")
    assert one in text and told == 1
    if lang == "es":
        assert "calendars will update" not in text and "registrant" not in text
    # A new start concerns both audiences: two people.
    text, told = edit(venue_room="Room 2", starts_at="2030-11-21T16:30")
    assert two in text and told == 3


def _count_where(model, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(condition))


@pytest.mark.parametrize(("title_es", "expected"), [
    ("3.ª Mesa Redonda Anual", "4.ª Mesa Redonda Anual"),
    ("3er Foro", "4.º Foro"),
    ("Mesa Redonda 2030", "Mesa Redonda 2030"),
])
def test_copy_carries_the_spanish_fields_with_the_next_ordinal(app, client, event_id,
                                                               title_es, expected):
    from roundtable.agenda.models import AgendaItem

    with app.app_context():
        event = get(Event, event_id)
        event.title_es, event.summary_es = title_es, "Cooperación en Tucson y en Zoom."
        event.description_es = "**Tercera** mesa."
        event.agenda_items.append(AgendaItem(
            kind="keynote", title="Keynote", title_es="Conferencia magistral",
            description_es="Sobre la frontera.", starts_at=event.starts_at,
            ends_at=event.ends_at))
        db.session.commit()
    client.post(f"/manage/events/{event_id}/copy")
    with app.app_context():
        new = db.session.scalar(select(Event).where(Event.id != event_id))
        assert new.title_es == expected
        assert new.summary_es == "Cooperación en Tucson y en Zoom."
        assert new.description_es == "**Tercera** mesa."
        [item] = new.agenda_items
        assert (item.title_es, item.description_es) == ("Conferencia magistral",
                                                        "Sobre la frontera.")


def test_next_edition_keeps_the_weekday_nearest_the_anniversary():
    from datetime import date

    from roundtable.events.times import same_week_next_year

    assert same_week_next_year(date(2026, 11, 19)) == date(2027, 11, 18)  # Thursdays
    assert same_week_next_year(date(2027, 1, 2)) == date(2028, 1, 1)  # Saturdays
    assert same_week_next_year(date(2028, 2, 29)) == date(2029, 2, 27)  # Tuesdays
    for start in (date(2030, 1, 1) + timedelta(days=n) for n in range(0, 400, 13)):
        moved = same_week_next_year(start)
        assert moved.weekday() == start.weekday() and (moved - start).days in (364, 371)
