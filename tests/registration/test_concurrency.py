"""Many registrations at once never overbook a mode (PostgreSQL row lock, SQLite write lock)."""

import threading
from collections import Counter

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration import services
from roundtable.registration.models import Registration

ATTEMPTS = 40
CAPACITY = {"in_person": 7, "online": 5}


def _race(app, event_id, attempts):
    """Register every (email, mode) from its own thread, all released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes, errors = [], []

    def worker(email, mode):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                event = db.session.get(Event, event_id)
                result = services.register(event, name=f"Person {email}", email=email,
                                           mode=mode)
                db.session.commit()
                outcomes.append(result.outcome)
            except Exception as exc:  # collected and reported by the test
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=a) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes, errors


def test_concurrent_registrations_never_overbook(app, make_event):
    event_id = make_event(slug="rush", capacity_in_person=CAPACITY["in_person"],
                          capacity_online=CAPACITY["online"])
    attempts = [(f"p{n}@example.org", "in_person" if n % 2 else "online")
                for n in range(ATTEMPTS)]
    # Five people submit twice at the same moment: still one registration each.
    attempts += [(f"p{n}@example.org", "in_person" if n % 2 else "online") for n in range(5)]
    outcomes, errors = _race(app, event_id, attempts)
    assert errors == []
    assert len(outcomes) == len(attempts)
    with app.app_context():
        rows = db.session.execute(
            select(Registration.email, Registration.mode, Registration.status)
            .where(Registration.event_id == event_id)
        ).all()
    assert len(rows) == ATTEMPTS  # none lost, none duplicated
    assert len({email for email, _, _ in rows}) == ATTEMPTS
    counts = Counter((mode, status) for _, mode, status in rows)
    for mode, capacity in CAPACITY.items():
        assert counts[(mode, "confirmed")] == capacity
        assert counts[(mode, "waitlisted")] == ATTEMPTS // 2 - capacity
    assert Counter(outcomes)["existing"] == 5
