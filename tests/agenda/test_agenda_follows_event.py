"""Moving an event moves its agenda with it."""

from datetime import UTC, datetime, timedelta

from roundtable.agenda.models import AgendaItem
from roundtable.events.models import Event
from roundtable.extensions import db
from tests.managing import event_form, sign_in


def test_moving_the_event_moves_the_agenda(app, client, make_user, make_event):
    organizer = sign_in(client, make_user)
    start = datetime(2030, 11, 21, 23, 0, tzinfo=UTC)  # 4:00 PM in Phoenix
    event_id = make_event(slug="move", organizer_ids=[organizer], starts_at=start,
                          ends_at=start + timedelta(minutes=90))
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.agenda_items.append(AgendaItem(kind="keynote", title="Keynote Address",
                                             starts_at=start + timedelta(minutes=10),
                                             ends_at=start + timedelta(minutes=40)))
        event.agenda_items.append(AgendaItem(kind="reception", title="Reception",
                                             starts_at=start + timedelta(minutes=90),
                                             ends_at=start + timedelta(minutes=180)))
        db.session.commit()

    # The form's default times are 21 Nov 2030, 4:00–5:30 PM; move it a day and an hour later.
    response = client.post(f"/manage/events/{event_id}/edit", data=event_form(
        slug="move", starts_at="2030-11-22T17:00", ends_at="2030-11-22T18:30",
        registration_closes_at=""))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        new_start = datetime(2030, 11, 23, 0, 0, tzinfo=UTC)
        assert event.starts_at == new_start
        assert [(i.starts_at - new_start, i.ends_at - new_start) for i in event.agenda_items] == [
            (timedelta(minutes=10), timedelta(minutes=40)),
            (timedelta(minutes=90), timedelta(minutes=180)),
        ]
