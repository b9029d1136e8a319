"""An agenda item's SEQUENCE rises when its time or place changes (issue 21, item 6)."""

from datetime import timedelta

import pytest

from roundtable.extensions import db
from tests.calendar.conftest import parse_icalendar


def _sequences(client, slug: str) -> dict[str, int]:
    cal = parse_icalendar(client.get(f"/events/{slug}/agenda.ics").data)
    return {str(v["UID"]): int(v["SEQUENCE"]) for v in cal.walk("VEVENT")}


@pytest.fixture
def agenda(app, make_full_event):
    """A full event's slug and its first agenda item's id."""
    from roundtable.events.models import Event

    with app.app_context():
        event = db.session.get(Event, make_full_event())
        return event.slug, event.agenda_items[0].id


def test_moving_an_item_raises_its_sequence(app, client, agenda):
    from roundtable.agenda.models import AgendaItem

    slug, item_id = agenda
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


def test_an_edit_no_agenda_entry_shows_keeps_the_sequence(app, client, agenda):
    from roundtable.agenda.models import AgendaItem

    slug, item_id = agenda
    before = _sequences(client, slug)
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        item.sort_order += 0
        item.event.description = "Another description."
        db.session.commit()
    assert _sequences(client, slug) == before
