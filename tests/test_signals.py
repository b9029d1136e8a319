"""The domains announce what happened, in the transaction that did it (roundtable/signals.py)."""

from contextlib import contextmanager

from roundtable import signals
from roundtable.extensions import db
from roundtable.registration import services
from roundtable.registration.models import Registration


@contextmanager
def heard(signal):
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


def test_registration_outcomes_are_announced_with_the_state_before(app, make_event):
    event_id = make_event(capacity_online=1)
    with app.app_context(), heard(signals.registration_changed) as calls:
        from roundtable.events.models import Event

        event = db.session.get(Event, event_id)
        first = services.register(event, name="Raúl Benítez Manaut", email="raul@example.org",
                                  mode="online").registration
        services.register(event, name="Ana Lucía Acuña", email="ana@example.org",
                          mode="online")
        services.cancel(first)
        db.session.commit()
        kinds = [(c[0].email, c[1]["kind"], c[1]["before"]) for c in calls]
    assert kinds == [
        ("raul@example.org", "created", None),
        ("ana@example.org", "created", None),
        ("raul@example.org", "cancelled", ("online", "confirmed")),
        ("ana@example.org", "promoted", ("online", "waitlisted")),
    ]


def test_mode_switch_and_check_in_are_announced(app, make_event):
    event_id = make_event()
    with app.app_context(), heard(signals.registration_changed) as calls:
        from roundtable.events.models import Event

        event = db.session.get(Event, event_id)
        reg = services.register(event, name="Barceló Durazo", email="bd@example.org",
                                mode="online").registration
        services.switch_mode(reg, "in_person")
        services.check_in(reg, anyway=True)  # the event is in two weeks: asked and agreed
        services.check_in(reg, anyway=True)  # already in: nothing new happened
        services.undo_check_in(reg)
        services.undo_check_in(reg)
        db.session.commit()
        assert isinstance(calls[0][0], Registration)
        kinds = [c[1]["kind"] for c in calls]
        assert calls[1][1]["before"] == ("online", "confirmed")
    assert kinds == ["created", "mode_changed", "checked_in", "check_in_undone"]


def test_event_cancellation_is_announced(app, make_event):
    from roundtable.events import management
    from roundtable.events.models import Event

    event_id = make_event()
    with app.app_context(), heard(signals.event_changed) as calls:
        management.cancel(db.session.get(Event, event_id), "Weather")
        db.session.commit()
    assert [c[1]["kind"] for c in calls] == ["cancelled"]
