"""Single-line fields refuse line breaks and control characters on every save path."""

import pytest

from roundtable.extensions import db
from roundtable.validation import FieldErrors
from tests.managing import field_error, sign_in


@pytest.mark.parametrize("name", ["Ana\nBarceló", "Ana\r\nBcc: x@example.org", "Ana\tB",
                                  "Ana\u2028Barceló", "Ana\u202eólecraB", "Ana\x0bB"])
def test_the_display_name_form(app, client, make_user, name):
    from roundtable.auth.models import User

    user_id = sign_in(client, make_user, name="Ana Barceló Durazo")
    html = client.post("/account/name", data={"name": name}).get_data(as_text=True)
    assert "on one line" in field_error(html, "name")
    with app.app_context():
        assert db.session.get(User, user_id).name == "Ana Barceló Durazo"


def test_a_unicode_name_is_fine(app, client, make_user):
    from roundtable.auth.models import User

    user_id = sign_in(client, make_user)
    client.post("/account/name", data={"name": "Raúl Benítez Manaut"})
    with app.app_context():
        assert db.session.get(User, user_id).name == "Raúl Benítez Manaut"


@pytest.mark.parametrize(("model", "values", "field"), [
    ("registration", {"name": "Raúl\nBenítez"}, "name"),
    ("registration", {"affiliation": "UNAM\r\nX-Header: 1"}, "affiliation"),
    ("organization", {"name": "Universidad\u2029de Sonora"}, "name"),
    ("person", {"position": "Profesor\n(UNAM)"}, "position"),
    ("person", {"position_es": "Profesor\n(UNAM)"}, "position_es"),
])
def test_every_path_through_the_session(app, make_event, model, values, field):
    from roundtable.agenda.models import Person
    from roundtable.orgs.models import Organization
    from roundtable.registration.models import Registration

    event_id = make_event()
    build = {
        "registration": lambda: Registration(**{
            "event_id": event_id, "name": "Ana", "email": "a@example.org", "mode": "online",
            "status": "confirmed", "token_nonce": "n", "manage_token_hash": "h", **values}),
        "organization": lambda: Organization(slug="org", **{"name": "X", **values}),
        "person": lambda: Person(**{"name": "X", **values}),
    }[model]
    with app.app_context():
        db.session.add(build())
        with pytest.raises(FieldErrors) as refused:
            db.session.flush()
        db.session.rollback()
        assert set(refused.value.errors) == {field}


def test_multi_line_text_keeps_its_line_breaks(app, make_event):
    from roundtable.events.models import Event

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.description = "First paragraph.\n\nSecond."
        event.summary = "Two lines\nof summary."
        event.summary_es = "Dos líneas\nde resumen."
        db.session.commit()
