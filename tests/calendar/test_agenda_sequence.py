"""An agenda item's SEQUENCE rises when its time or place changes (issue 21, item 6)."""

from datetime import timedelta

from roundtable.extensions import db
from tests.calendar.conftest import parse_icalendar


def _sequences(client, slug: str) -> dict[str, int]:
    cal = parse_icalendar(client.get(f"/events/{slug}/agenda.ics").data)
    return {str(v["UID"]): int(v["SEQUENCE"]) for v in cal.walk("VEVENT")}


def test_moving_an_item_raises_its_sequence(app, client, make_full_event):
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event

    event_id = make_full_event()
    with app.app_context():
        slug = db.session.get(Event, event_id).slug
        item_id = db.session.get(Event, event_id).agenda_items[0].id
    before = _sequences(client, slug)
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        item.starts_at += timedelta(minutes=10)
        item.ends_at += timedelta(minutes=10)
        db.session.commit()
    after = _sequences(client, slug)
    assert after.keys() == before.keys()
    assert all(after[uid] > before[uid] for uid in before if f"agenda-{item_id}@" in uid)
    with app.app_context():
        db.session.get(AgendaItem, item_id).location = "Sala 2"
        db.session.commit()
    again = _sequences(client, slug)
    assert all(again[uid] > after[uid] for uid in after if f"agenda-{item_id}@" in uid)


def test_an_edit_no_agenda_entry_shows_keeps_the_sequence(app, client, make_full_event):
    from roundtable.agenda.models import AgendaItem
    from roundtable.events.models import Event

    event_id = make_full_event()
    with app.app_context():
        slug = db.session.get(Event, event_id).slug
        item_id = db.session.get(Event, event_id).agenda_items[0].id
    before = _sequences(client, slug)
    with app.app_context():
        db.session.get(AgendaItem, item_id).sort_order += 0
        db.session.get(Event, event_id).description = "Another description."
        db.session.commit()
    assert _sequences(client, slug) == before
