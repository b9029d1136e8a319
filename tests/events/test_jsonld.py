"""schema.org JSON-LD on public event and series pages, expanded by a JSON-LD processor.

pyld expands each page's markup with schema.org's vocabulary (given locally: no
network in tests), and every type and property it yields is checked against the
schema.org definitions the markup uses, so a misspelt property fails here instead
of being silently ignored by search engines.
"""

import json
import re

import pytest
from pyld import jsonld as ld
from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import event_form, get, sign_in

S = "https://schema.org/"

# The schema.org properties each type may carry (schema.org's own definitions,
# including those inherited from Thing); only those the markup may use are listed.
THING = {"name", "url", "description"}
PROPERTIES = {
    "Event": THING | {"startDate", "endDate", "eventAttendanceMode", "eventStatus",
                      "previousStartDate", "location", "offers", "organizer", "sponsor",
                      "performer", "subEvent", "inLanguage"},
    "EventSeries": THING | {"subEvent", "startDate", "endDate"},
    "Place": THING | {"address"},
    "PostalAddress": THING | {"streetAddress"},
    "VirtualLocation": THING,
    "Offer": THING | {"price", "priceCurrency", "availability", "validFrom"},
    "Organization": THING,
    "Person": THING | {"jobTitle", "affiliation"},
}
ENUMERATIONS = {
    "eventAttendanceMode": {"OfflineEventAttendanceMode", "OnlineEventAttendanceMode",
                            "MixedEventAttendanceMode"},
    "eventStatus": {"EventScheduled", "EventCancelled", "EventRescheduled",
                    "EventMovedOnline", "EventPostponed"},
    "availability": {"InStock", "LimitedAvailability", "SoldOut"},
}


def _loader(url, options=None):
    # schema.org's context maps every term into its vocabulary; that is all it takes here.
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": S}}}


def markup_of(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1, "one JSON-LD block expected"
    return json.loads(found[0])


def _check_node(node: dict) -> None:
    types = [t.removeprefix(S) for t in node.get("@type", [])]
    assert len(types) == 1 and types[0] in PROPERTIES, node.get("@type")
    allowed = PROPERTIES[types[0]]
    for key, values in node.items():
        if key.startswith("@"):
            continue
        assert key.startswith(S), key
        name = key.removeprefix(S)
        assert name in allowed, f"{types[0]} has no property {name}"
        for value in values:
            if "@value" in value and name in ENUMERATIONS:
                assert value["@value"].removeprefix(S) in ENUMERATIONS[name], value
                assert value["@value"].startswith(S)
            elif "@type" in value:
                _check_node(value)


def expand(data: dict) -> list[dict]:
    """Expand with pyld and check every node's type and properties against schema.org."""
    expanded = ld.expand(data, {"documentLoader": _loader})
    assert expanded, "nothing expanded"
    for node in expanded:
        _check_node(node)
    return expanded


def _event(app, edition) -> tuple[str, dict]:
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.edition == edition))
        return event.slug, {"zoom": [event.zoom_join_url, event.zoom_meeting_id,
                                     event.zoom_passcode]}


def test_hybrid_event_page_describes_place_virtual_location_offers_people(app, client, demo):
    slug, secrets = _event(app, 4)
    html = client.get(f"/events/{slug}").get_data(as_text=True)
    data = markup_of(html)
    expand(data)
    page = f"http://roundtable.test/events/{slug}"
    assert data["@type"] == "Event" and data["url"] == page
    assert "4th Annual" in data["name"]
    assert data["eventAttendanceMode"] == S + "MixedEventAttendanceMode"
    assert data["eventStatus"] == S + "EventScheduled"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00", data["startDate"])
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert "Tucson" in place["address"]["streetAddress"]
    assert virtual == {"@type": "VirtualLocation", "url": page}
    modes = [offer["name"] for offer in data["offers"]]
    assert len(modes) == 2
    for offer in data["offers"]:
        assert offer["price"] == 0 and offer["availability"] == S + "InStock"
        assert offer["url"] == page + "/register"
    names = {p["name"] for p in data["performer"]}
    assert "Dr. Raúl Benítez Manaut" in names or any("Benítez" in n for n in names)
    assert all(p["affiliation"]["@type"] == "Organization"
               for p in data["performer"] if "affiliation" in p)
    assert len(data["subEvent"]) >= 3
    reception = [s for s in data["subEvent"] if "Reception" in s["name"]]
    assert reception and reception[0]["eventAttendanceMode"] == S + "OfflineEventAttendanceMode"
    assert data["organizer"] and data["sponsor"]
    assert all(org["url"].startswith("http") for org in data["organizer"] + data["sponsor"])
    assert data["inLanguage"] == "en"
    text = json.dumps(data)
    for secret in secrets["zoom"]:
        assert secret and secret not in text
    assert "zoom.us" not in text


def test_spanish_page_carries_spanish_markup(app, client, demo):
    slug, _ = _event(app, 4)
    data = markup_of(client.get(f"/events/{slug}?lang=es").get_data(as_text=True))
    expand(data)
    assert data["inLanguage"] == "es"
    assert {offer["name"] for offer in data["offers"]} == {"Presencial", "En línea por Zoom"}


def test_past_event_has_no_offers(app, client, demo):
    slug, _ = _event(app, 3)
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    expand(data)
    assert "offers" not in data


def test_seats_decide_availability(app, client, make_event):
    from roundtable.registration.services import register

    event_id = make_event(format="in_person", capacity_in_person=7,
                          venue_address="1303 E University Blvd, Tucson, AZ 85719")
    with app.app_context():
        event = db.session.get(Event, event_id)
        slug = event.slug
    offer = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))["offers"][0]
    assert offer["availability"] == S + "InStock"
    with app.app_context():
        for n in range(6):  # 1 of 7 left: scarce (at most a fifth)
            register(db.session.get(Event, event_id), name=f"Raúl {n}",
                     email=f"r{n}@example.org", mode="in_person")
        db.session.commit()
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    expand(data)
    assert data["eventAttendanceMode"] == S + "OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["offers"][0]["availability"] == S + "LimitedAvailability"
    with app.app_context():
        for n in range(6, 7):
            register(db.session.get(Event, event_id), name=f"Raúl {n}",
                     email=f"r{n}@example.org", mode="in_person")
        db.session.commit()
    offer = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))["offers"][0]
    assert offer["availability"] == S + "SoldOut"


def test_registration_opening_later_gives_valid_from(app, client, make_event):
    from datetime import UTC, datetime, timedelta

    opens = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    make_event(slug="opens-later", registration_opens_at=opens, format="online")
    data = markup_of(client.get("/events/opens-later").get_data(as_text=True))
    expand(data)
    assert data["location"] == {"@type": "VirtualLocation",
                                "url": "http://roundtable.test/events/opens-later"}
    offer = data["offers"][0]
    assert offer["availability"] == S + "InStock"
    assert offer["validFrom"].startswith(opens.astimezone().strftime("%Y-")), offer


@pytest.fixture
def published(app, client, make_user):
    sign_in(client, make_user)
    client.post("/manage/events/new", data=event_form())
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    assert client.post(f"/manage/events/{event_id}/publish").status_code == 302
    with app.app_context():
        return event_id, get(Event, event_id).slug


def _edit(client, event_id, **changes):
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_new_time_is_rescheduled_with_the_previous_start(app, client, published):
    event_id, slug = published
    _edit(client, event_id, starts_at="2030-11-22T16:00", ends_at="2030-11-22T17:30")
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    expand(data)
    assert data["eventStatus"] == S + "EventRescheduled"
    assert data["previousStartDate"] == "2030-11-21T16:00:00-07:00"
    assert data["startDate"] == "2030-11-22T16:00:00-07:00"
    # Back to the first time: scheduled as before, no previous start.
    _edit(client, event_id)
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    assert data["eventStatus"] == S + "EventScheduled" and "previousStartDate" not in data


def test_going_online_is_moved_online_and_cancelling_is_cancelled(app, client, published):
    event_id, slug = published
    _edit(client, event_id, format="online", dropped_registrations="move")
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    expand(data)
    assert data["eventStatus"] == S + "EventMovedOnline"
    assert data["eventAttendanceMode"] == S + "OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    client.post(f"/manage/events/{event_id}/cancel", data={"reason": "Storm warning"})
    data = markup_of(client.get(f"/events/{slug}").get_data(as_text=True))
    expand(data)
    assert data["eventStatus"] == S + "EventCancelled" and "offers" not in data


def test_a_draft_edit_is_not_history(app, client, make_user):
    sign_in(client, make_user)
    client.post("/manage/events/new", data=event_form())
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    _edit(client, event_id, starts_at="2030-11-22T16:00", ends_at="2030-11-22T17:30",
          format="online")
    with app.app_context():
        event = get(Event, event_id)
        assert event.previous_starts_at is None and event.previous_format is None


def test_markup_cannot_close_its_script_element(app, client, make_event):
    make_event(slug="tricky", title="Panel </script><script>alert(1)</script> & más")
    html = client.get("/events/tricky").get_data(as_text=True)
    data = markup_of(html)
    assert data["name"] == "Panel </script><script>alert(1)</script> & más"
    assert "<script>alert(1)" not in html


def test_series_page_is_an_event_series(app, client, demo):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.edition == 4))
        series_slug = event.series.slug
    data = markup_of(client.get(f"/series/{series_slug}").get_data(as_text=True))
    expand(data)
    assert data["@type"] == "EventSeries"
    assert len(data["subEvent"]) >= 2
    assert all(e["url"].startswith("http://roundtable.test/events/") for e in data["subEvent"])


def test_draft_preview_carries_no_markup(app, client, make_user):
    sign_in(client, make_user)
    client.post("/manage/events/new", data=event_form())
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    html = client.get(f"/manage/events/{event_id}/preview").get_data(as_text=True)
    assert "application/ld+json" not in html
