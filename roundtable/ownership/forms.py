"""The form that adds a manager to a shared record."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from roundtable.validation import strip


class ManagerForm(FlaskForm):
    email = EmailField(
        _l("Organizer's email"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the email of an organizer account.")),
                    Length(max=254)],
    )
