"""The form that makes a personal API token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from roundtable.validation import strip

SCOPE_LABELS = [
    ("registrations:read", _l("Read registrations")),
    ("registrations:write", _l("Create, change and cancel registrations")),
    ("checkin", _l("Check people in and undo it")),
    ("attendance:read", _l("Read attendance")),
]

EXPIRY_CHOICES = [("30", _l("In 30 days")), ("90", _l("In 90 days")),
                  ("365", _l("In a year")), ("never", _l("Never"))]


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(message=_l("Give the token a name, such as the tool that will use it.")),
        Length(max=100)], description=_l("Such as “CRM sync” or “Badge printer”."))
    scopes = SelectMultipleField(
        _l("What it may do"), choices=SCOPE_LABELS,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(message=_l("Choose at least one thing the token may do."))])
    expires = RadioField(_l("Expires"), choices=EXPIRY_CHOICES, default="90")

    @property
    def expires_in_days(self) -> int | None:
        return None if self.expires.data == "never" else int(self.expires.data)
