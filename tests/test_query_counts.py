"""The public event page issues the same number of queries for 10 or 100 registrations.

(The feeds' counts for 5 vs 50 events are in tests/calendar/test_feeds.py.)
"""

from roundtable.extensions import db
from tests.dbutil import recorded_statements


def _queries(app, client, url: str, expect: int = 200) -> int:
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        assert client.get(url).status_code == expect
    return len(statements)


def _add_registrations(app, event_id: int, count: int, start: int) -> None:
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    with app.app_context():
        for n in range(start, start + count):
            mode = "in_person" if n % 2 else "online"
            status = "confirmed" if n % 5 else "waitlisted"
            registration = Registration(
                event_id=event_id, name=f"Person {n}", email=f"p{n}@example.org", mode=mode,
                status=status, attends_reception=(n % 3 == 0) if mode == "in_person" else None,
            )
            issue_token(registration)
            db.session.add(registration)
        db.session.commit()


def test_event_page_queries_do_not_grow_with_registrations(app, client, make_event):
    event_id = make_event(slug="busy", capacity_in_person=50, capacity_online=50)
    client.get("/events/busy")  # keeps the body (agenda, sponsors)
    _add_registrations(app, event_id, 10, 0)
    few = _queries(app, client, "/events/busy"), _queries(app, client, "/events/busy")
    _add_registrations(app, event_id, 90, 10)
    many = _queries(app, client, "/events/busy"), _queries(app, client, "/events/busy")
    # New seat counts render the page's header anew: the glance, then the event; the
    # same counts again are the glance alone.
    assert few == many == (2, 1)
    # The counts behind it are shown: seats left per audience, from one grouped query.
    page = client.get("/events/busy").get_data(as_text=True)
    assert "Full — join the waitlist" in page or "seats left" in page


def test_event_page_queries_do_not_grow_with_events(app, client, make_event):
    for _ in range(3):
        make_event()
    make_event(slug="one-of-many")
    client.get("/events/one-of-many")
    few = _queries(app, client, "/events/one-of-many")
    for _ in range(30):
        make_event()
    assert _queries(app, client, "/events/one-of-many") == few
    # The listing too.
    index_few = _queries(app, client, "/")
    for _ in range(30):
        make_event()
    assert _queries(app, client, "/") == index_few


def _agenda(app, event_id: int, items: int, sponsors: int) -> None:
    """Give an event ``items`` agenda items with two speakers each, and ``sponsors`` sponsors."""
    from roundtable.agenda.models import AgendaItem, AgendaRole, Person
    from roundtable.events.models import Event
    from roundtable.orgs.models import EventSponsor, Organization

    with app.app_context():
        event = db.session.get(Event, event_id)
        for i in range(items):
            item = AgendaItem(kind="panel", title=f"Panel {i}", starts_at=event.starts_at,
                              ends_at=event.ends_at, sort_order=i)
            item.roles = [AgendaRole(person=Person(name=f"Speaker {event_id}-{i}-{r}"),
                                     role="speaker", sort_order=r) for r in range(2)]
            event.agenda_items.append(item)
        event.sponsors = [
            EventSponsor(organization=Organization(name=f"Org {event_id}-{s}",
                                                   slug=f"org-{event_id}-{s}"),
                         role="co_sponsor", sort_order=s)
            for s in range(sponsors)
        ]
        db.session.commit()


def _register_queries(app, client, slug: str, mode: str) -> int:
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        response = client.post(f"/events/{slug}/register", data={
            "name": "Raúl Benítez Manaut", "email": f"{slug}-{mode}@example.org",
            "mode": mode, "reception": "no"})
        assert response.status_code == 302
    return len(statements)


def test_registering_does_not_query_once_per_speaker_or_sponsor(app, client, make_event):
    # The confirmation's calendar invitation lists the agenda, speakers and sponsors:
    # they are loaded together, under the event's row lock, not one by one.
    small = make_event(slug="small-agenda")
    large = make_event(slug="large-agenda")
    _agenda(app, small, items=1, sponsors=1)
    _agenda(app, large, items=6, sponsors=3)
    for mode in ("in_person", "online"):
        few = _register_queries(app, client, "small-agenda", mode)
        many = _register_queries(app, client, "large-agenda", mode)
        assert few == many, (mode, few, many)
        assert many <= 16


def test_a_rush_registration_reads_the_event_twice_and_counts_seats_once(app, client,
                                                                        make_event):
    # What the registration POST costs with the production default (the deliverer writes
    # the confirmation): the form's read, the locked re-read, the email check, one grouped
    # seat count, the inserts; a waitlisted one also asks its place in line.
    app.config["MAIL_WRITE_LATER"] = True
    event_id = make_event(slug="rush", capacity_in_person=1, capacity_online=0)
    _agenda(app, event_id, items=5, sponsors=3)
    client.get("/events/rush/register")  # the form: keeps whether there is a reception
    tables = ("agenda_items", "people", "event_sponsors")
    shapes = {}
    with app.app_context():
        engine = db.engine
    for outcome in ("confirmed", "waitlisted"):
        with recorded_statements(engine) as statements:
            assert client.post("/events/rush/register", data={
                "name": "Raúl Benítez Manaut", "email": f"{outcome}@example.org",
                "mode": "in_person", "reception": "no"}).status_code == 302
        shapes[outcome] = statements
        assert not any(f"FROM {t}" in s for s in statements for t in tables), outcome
        assert sum("FROM events" in s for s in statements) == 2, outcome
        assert sum("GROUP BY" in s for s in statements) == 1, outcome
    # SQLite's lock is an UPDATE too; one statement asks which webhook endpoints want
    # the news (webhooks/queue.py), so their deliveries are queued in the same transaction.
    assert sum("FROM webhook_endpoints" in s for s in shapes["confirmed"]) == 1
    assert len(shapes["confirmed"]) <= 8
    assert len(shapes["waitlisted"]) == len(shapes["confirmed"]) + 1


def test_a_notice_to_every_registrant_loads_the_agenda_once(app, make_event):
    from roundtable.events.models import Event
    from roundtable.mail.notices import notify_event_changed

    event_id = make_event(slug="moved", capacity_in_person=50, capacity_online=50)
    _agenda(app, event_id, items=4, sponsors=3)
    _add_registrations(app, event_id, 12, 0)
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        with recorded_statements(db.engine) as statements:
            queued = notify_event_changed(event, ["starts_at"])
        db.session.rollback()
    assert queued >= 9
    for table in ("agenda_items", "agenda_roles", "people", "event_sponsors", "organizations"):
        assert sum(f"FROM {table}" in s for s in statements) == 1, table
