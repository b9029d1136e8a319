"""Forms for agenda items, the people in them, and their roles."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from roundtable.agenda.models import AGENDA_KIND_LABELS, ROLE_LABELS
from roundtable.events import times
from roundtable.events.forms import within_years
from roundtable.fields import DateAndTimeField
from roundtable.i18n import localized
from roundtable.markdown import MARKDOWN_NOTE
from roundtable.validation import blank_to_none, record_id, select_choices, strip

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class AgendaItemForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=select_choices(AGENDA_KIND_LABELS.items()))
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    starts_at = DateAndTimeField(_l("Starts"), validators=[InputRequired(
        message=_l("Enter the date and time this item starts.")), within_years])
    ends_at = DateAndTimeField(_l("Ends"), validators=[InputRequired(
        message=_l("Enter the date and time this item ends.")), within_years])
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)],
        description=MARKDOWN_NOTE,
    )
    title_es = StringField(
        _l("Title in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
    )
    description_es = TextAreaField(
        _l("Description in Spanish"), filters=[strip],
        validators=[Optional(), Length(max=20000)], render_kw={"lang": "es"},
        description=MARKDOWN_NOTE,
    )
    location = StringField(
        _l("Location"), filters=[strip], validators=[Optional(), Length(max=300)],
        description=_l("Only if it differs from the event's venue."),
    )
    location_es = StringField(
        _l("Location in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
        description=_l("Such as Universidad de Arizona; blank: the English one."),
    )
    in_person_only = BooleanField(
        _l("In person only (not streamed, e.g. the reception)")
    )

    def __init__(self, *args, timezone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = timezone
        self.starts_at.description = self.ends_at.description = _("In %(zone)s.", zone=timezone)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in (self.starts_at, self.ends_at):
            if field.data and not field.errors:
                try:
                    times.to_utc(field.data, self.tz)
                except times.NonexistentTime as exc:
                    field.errors.append(str(exc))
                    ok = False
        return ok

    def item_data(self) -> dict:
        """Return the submitted values as plain data, times as aware UTC."""
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "starts_at": times.to_utc(self.starts_at.data, self.tz),
            "ends_at": times.to_utc(self.ends_at.data, self.tz),
            "description": blank_to_none(self.description.data),
            "title_es": blank_to_none(self.title_es.data),
            "description_es": blank_to_none(self.description_es.data),
            "location": blank_to_none(self.location.data),
            "location_es": blank_to_none(self.location_es.data),
            "in_person_only": bool(self.in_person_only.data),
        }


class RoleForm(FlaskForm):
    person_id = SelectField(
        _l("Person"), coerce=record_id, validate_choice=False,
        validators=[DataRequired(message=_l("Choose a person."))],
    )
    role = SelectField(_l("Role"), choices=select_choices(ROLE_LABELS.items()), default="speaker")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person_id.choices = select_choices([(0, _("— Choose —"))] + [
            (p.id, p.display_name + (f" ({aff})" if (aff := localized(p, "affiliation")) else ""))
            for p in people
        ])


class PersonForm(FlaskForm):
    honorific = StringField(
        _l("Honorific"), filters=[strip], validators=[Optional(), Length(max=40)],
        description=_l("Dr., General, Consul…"),
    )
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    position = StringField(
        _l("Position"), filters=[strip], validators=[Optional(), Length(max=300)]
    )
    affiliation = StringField(
        _l("Affiliation"), filters=[strip], validators=[Optional(), Length(max=300)]
    )
    bio = TextAreaField(
        _l("Biography"), filters=[strip], validators=[Optional(), Length(max=20000)],
        description=MARKDOWN_NOTE,
    )
    position_es = StringField(
        _l("Position in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
    )
    bio_es = TextAreaField(
        _l("Biography in Spanish"), filters=[strip],
        validators=[Optional(), Length(max=20000)], render_kw={"lang": "es"},
        description=MARKDOWN_NOTE,
    )
    # Spanish honorifics agree with the person ("Dra.", "Cónsul", "Gral."): written, not derived.
    honorific_es = StringField(
        _l("Honorific in Spanish"), filters=[strip], validators=[Optional(), Length(max=40)],
        render_kw={"lang": "es"}, description=_l("Dr., Dra., Cónsul, Gral.…"),
    )
    affiliation_es = StringField(
        _l("Affiliation in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
        description=_l("The institution's own name, such as Universidad Nacional Autónoma de "
                       "México (UNAM)."),
    )

    def person_data(self) -> dict:
        """Return the submitted values as plain data."""
        return {name: blank_to_none(self[name].data)
                for name in ("honorific", "name", "position", "affiliation", "bio",
                             "honorific_es", "position_es", "affiliation_es", "bio_es")}
