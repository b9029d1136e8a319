"""Registration forms: the public sign-up, the manage page, the organizer's walk-in."""


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from roundtable import labels
from roundtable.registration.models import AttendanceMode
from roundtable.single_line import has_control_characters


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def no_control_characters(form, field):
    """Refuse line breaks and control characters, which would break emails and CSV."""
    if field.data and has_control_characters(field.data):
        raise ValidationError(_("Please use a single line without special characters."))


class PersonFields(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Please give your name.")), Length(max=200),
                    no_control_characters],
        filters=[_strip],
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please give your email address.")),
            Length(max=254),
            Email(_l("Please give a valid email address, like name@example.org.")),
        ],
        filters=[_strip],
    )
    affiliation = StringField(
        _l("Affiliation (optional)"),
        validators=[Optional(), Length(max=300), no_control_characters],
        filters=[_strip],
    )


class RegistrationForm(PersonFields):
    mode = RadioField(
        _l("How will you attend?"), validators=[DataRequired(_l("Please choose how."))]
    )
    reception = RadioField(
        _l("Will you join the reception afterwards?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validators=[Optional()],
    )

    @classmethod
    def for_event(cls, event, modes, has_reception: bool):
        """Build the form with only the modes this event offers, asking about its reception."""
        form = cls()
        form.asks_reception = has_reception and event.offers_in_person
        form.mode.choices = [(m.value, m.label) for m in modes]
        if len(modes) == 1 and not form.mode.data:
            form.mode.data = modes[0].value
        return form

    def validate(self, extra_validators=None) -> bool:
        """Also require the reception answer from in-person registrants when there is one."""
        ok = super().validate(extra_validators)
        needs_answer = self.mode.data == AttendanceMode.IN_PERSON and self.asks_reception
        if needs_answer and not self.reception.data:
            self.reception.errors = [*self.reception.errors,
                                     _("Please say whether you will join the reception.")]
            return False
        return ok

    asks_reception = False


class ModeForm(FlaskForm):
    mode = RadioField(_l("Attend"), choices=list(labels.MODES.items()))


class ReceptionForm(FlaskForm):
    reception = RadioField(_l("Reception"), choices=[("yes", _l("Yes")), ("no", _l("No"))],
                           validators=[DataRequired()])


# What a walk-in's email is for, said where it is asked (the door form, desktop and phone).
WALK_IN_EMAIL_HINT = _l("Only if they want one: it brings them the organizers' messages, "
                        "calendar updates if the event changes, and the follow-up after it "
                        "(thanks, recording, materials). Without it they are registered and "
                        "checked in all the same, and get no email.")


def _optional_email_field():
    return EmailField(
        _l("Email (optional)"),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("Please give a valid email address, like name@example.org.")),
        ],
        filters=[_strip],
        description=WALK_IN_EMAIL_HINT,
    )


class WalkInForm(PersonFields):
    """Name, optional email and affiliation of someone who came to the door.

    ``anyway`` is "1" once the volunteer saw the similar names and said it is
    someone else (services.LikelyDuplicate).
    """

    email = _optional_email_field()
    anyway = HiddenField()


class CorrectionForm(PersonFields):
    mode = RadioField(_l("Attends"), validators=[DataRequired(_l("Please choose how."))])

    def __init__(self, *args, modes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = [(m.value, m.label) for m in modes]


class WalkInCorrectionForm(CorrectionForm):
    """A walk-in's correction: the email stays optional (one may be added later)."""

    email = _optional_email_field()
