"""Saving a form's change: committed, or rolled back with its messages on the form."""

from flask_wtf import FlaskForm
from wtforms import StringField

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.validation import FieldErrors, save


class TitleForm(FlaskForm):
    title = StringField()


def test_a_change_that_keeps_the_rules_is_committed(app, make_event):
    event_id = make_event(title="Before")
    with app.test_request_context():
        def rename():
            db.session.get(Event, event_id).title = "After"
            return "renamed"

        saved = save(rename, TitleForm())
        assert saved and saved.value == "renamed"
    with app.app_context():
        assert db.session.get(Event, event_id).title == "After"


def test_a_change_that_breaks_a_rule_changes_nothing_and_says_why(app, make_event):
    event_id = make_event(title="Before")
    with app.test_request_context():
        first, second = TitleForm(), TitleForm()

        def rename_badly():
            db.session.get(Event, event_id).title = "Half-done"
            db.session.flush()  # already written when the rule is found broken
            raise FieldErrors({"title": "That title is taken.", "other": "Elsewhere."})

        saved = save(rename_badly, first, second)
        assert not saved and saved.value is None
        assert first.title.errors == ["That title is taken."] == second.title.errors
        assert db.session.get(Event, event_id).title == "Before"
    with app.app_context():
        assert db.session.get(Event, event_id).title == "Before"
