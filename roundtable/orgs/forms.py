"""Forms for organizations and an event's co-sponsors."""

from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from roundtable.i18n import localized
from roundtable.markdown import MARKDOWN_NOTE
from roundtable.orgs.models import SPONSOR_ROLE_LABELS, SponsorRole
from roundtable.slugs import SLUG_RE
from roundtable.validation import blank_to_none, record_id, select_choices, strip, with_scheme

SLUG_MESSAGE = _l("Use lower-case letters, digits and single hyphens, like university-of-arizona.")


def _web_address(form, field) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
        raise ValidationError(_("Enter a full web address, like https://www.arizona.edu."))


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    short_name = StringField(
        _l("Short name"), filters=[strip], validators=[Optional(), Length(max=80)],
        description=_l("An acronym such as UA or TCFR."),
    )
    # The institution's own Spanish name, shown to Spanish readers (else the English one).
    name_es = StringField(
        _l("Name in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
        description=_l("The institution's own name, such as Consulado de México en Tucson."),
    )
    short_name_es = StringField(
        _l("Short name in Spanish"), filters=[strip], validators=[Optional(), Length(max=80)],
        render_kw={"lang": "es"}, description=_l("Such as UNAM."),
    )
    slug = StringField(
        _l("Web address (slug)"), filters=[strip],
        validators=[Optional(), Length(max=120), Regexp(SLUG_RE, message=SLUG_MESSAGE)],
        description=_l("Leave blank to derive it from the name."),
    )
    website = StringField(
        _l("Website"), filters=[with_scheme],
        validators=[Optional(), Length(max=500), _web_address],
        description=_l("Such as arizona.edu; https:// is added for you."),
    )
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)],
        description=MARKDOWN_NOTE,
    )
    description_es = TextAreaField(
        _l("Description in Spanish"), filters=[strip],
        validators=[Optional(), Length(max=20000)], render_kw={"lang": "es"},
        description=MARKDOWN_NOTE,
    )

    def organization_data(self) -> dict:
        """Return the submitted values as plain data."""
        return {name: blank_to_none(self[name].data)
                for name in ("name", "short_name", "name_es", "short_name_es", "slug",
                             "website", "description", "description_es")}


class SponsorForm(FlaskForm):
    organization_id = SelectField(
        _l("Organization"), coerce=record_id, validate_choice=False,
        validators=[DataRequired(message=_l("Choose an organization."))],
    )
    role = SelectField(
        _l("Role"),
        choices=select_choices(SPONSOR_ROLE_LABELS.items()),
        default=SponsorRole.CO_SPONSOR,
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = select_choices(
            [(0, _("— Choose —"))] + [(o.id, localized(o, "name")) for o in organizations]
        )
