"""The form that adds a webhook endpoint."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, URLField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from roundtable.validation import strip

KIND_LABELS = [
    ("registration.created", _l("Someone registered")),
    ("registration.cancelled", _l("A registration was cancelled")),
    ("registration.promoted", _l("Someone was confirmed from the waitlist")),
    ("registration.mode_changed", _l("Someone changed how they attend")),
    ("checkin.created", _l("Someone was checked in")),
    ("event.updated", _l("The event was edited")),
    ("event.cancelled", _l("The event was cancelled")),
    ("attendance.imported", _l("A Zoom attendance report was imported")),
]


class EndpointForm(FlaskForm):
    url = URLField(_l("Address (URL)"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a full web address, starting with https://.")),
        Length(max=500)], description=_l("We send a POST with a small signed JSON body."))
    event_id = SelectField(_l("For"), coerce=int)
    kinds = SelectMultipleField(
        _l("Send when"), choices=KIND_LABELS, widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(message=_l("Choose at least one kind of change to send."))])
