"""The public event page issues the same number of queries for 10 or 100 registrations.

(The feeds' counts for 5 vs 50 events are in tests/calendar/test_feeds.py.)
"""

from sqlalchemy import event as sa_event

from roundtable.extensions import db


def _queries(app, client, url: str, expect: int = 200) -> int:
    with app.app_context():
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == expect
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
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
    _add_registrations(app, event_id, 10, 0)
    client.get("/events/busy")  # warm up
    few = _queries(app, client, "/events/busy")
    _add_registrations(app, event_id, 90, 10)
    many = _queries(app, client, "/events/busy")
    assert few == many
    # The event with its series, then its sponsors and agenda: few queries, not growing.
    assert 0 < many <= 8
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
