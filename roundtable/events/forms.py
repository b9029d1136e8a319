"""Forms for creating and running events."""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from roundtable import labels
from roundtable.events import rules, times, zones
from roundtable.events.models import EventFormat
from roundtable.events.series import SERIES_FIELDS
from roundtable.fields import DateAndTimeField
from roundtable.i18n import current as current_language
from roundtable.markdown import MARKDOWN_NOTE
from roundtable.slugs import SLUG_RE
from roundtable.validation import blank_to_none, record_id, select_choices, strip

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
SLUG_MESSAGE = _l(
    "Use lower-case letters, digits and single hyphens, like us-mexico-roundtable-2024."
)
CAPACITY_MESSAGE = _l("Enter 0 or more (up to 100,000), or leave blank for unlimited.")
MAX_CAPACITY = 100_000
_capacity_range = NumberRange(min=0, max=MAX_CAPACITY, message=CAPACITY_MESSAGE)


def _zoom_url(form, field) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        raise ValidationError(_("Enter the full https:// join link from Zoom."))
    if not any(host == d or host.endswith("." + d) for d in ("zoom.us", "zoomgov.com")):
        raise ValidationError(_("The join link must be on zoom.us (e.g. https://zoom.us/j/...)."))


def _meeting_id(form, field) -> None:
    digits = (field.data or "").replace(" ", "")
    if digits and not (digits.isdigit() and 9 <= len(digits) <= 11):
        raise ValidationError(_("A Zoom meeting ID has 9 to 11 digits, e.g. 855 1234 5678."))


def _one_line(form, field) -> None:
    if field.data and any(ord(c) < 32 or ord(c) == 127 for c in field.data):
        raise ValidationError(_("Use a single line without special characters."))


def within_years(form, field) -> None:
    """WTForms validator: a date in the years events may use (checked before any UTC math)."""
    message = rules.year_problem(field.data)
    if message:
        raise ValidationError(message)


def _timezone(form, field) -> None:
    zone = zones.resolve(field.data)
    if zone is None:
        raise ValidationError(
            _("Choose a time zone from the list, such as America/Phoenix "
            "(typing a city such as Tucson finds it)."))
    field.data = zone


class EventForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        _l("Web address (slug)"),
        filters=[strip],
        validators=[Optional(), Length(max=120), Regexp(SLUG_RE, message=SLUG_MESSAGE)],
        description=_l("Leave blank to derive it from the title."),
    )
    series_id = SelectField(_l("Series"), coerce=record_id, validate_choice=False)
    new_series_name = StringField(
        _l("…or start a new series"), filters=[strip], validators=[Optional(), Length(max=300)]
    )
    edition = IntegerField(
        _l("Edition number"),
        validators=[Optional(), NumberRange(min=1, max=999, message=_l("Enter 1 or more."))],
        description=_l("3 shows as “3rd Annual”."),
    )
    summary = TextAreaField(
        _l("Summary"), filters=[strip], validators=[Optional(), Length(max=500)],
        description=_l("One or two sentences for listings."),
    )
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)],
        description=MARKDOWN_NOTE,
    )
    # Spanish versions: pages and emails in Spanish show them, else the English.
    title_es = StringField(
        _l("Title in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
    )
    summary_es = TextAreaField(
        _l("Summary in Spanish"), filters=[strip], validators=[Optional(), Length(max=500)],
        render_kw={"lang": "es"},
    )
    description_es = TextAreaField(
        _l("Description in Spanish"), filters=[strip],
        validators=[Optional(), Length(max=20000)], render_kw={"lang": "es"},
        description=MARKDOWN_NOTE,
    )
    format = SelectField(
        _l("Format"),
        choices=select_choices(labels.EVENT_FORMATS.items()),
        default=EventFormat.HYBRID,
    )
    timezone = StringField(
        _l("Time zone"), filters=[strip], validators=[_timezone],
        render_kw={"list": "timezone-options", "autocomplete": "off", "spellcheck": "false"},
        description=_l("Type a city, such as Tucson, Mexico or New York."),
    )
    starts_at = DateAndTimeField(_l("Starts"), validators=[InputRequired(
        message=_l("Enter the date and time the event starts.")), within_years])
    ends_at = DateAndTimeField(_l("Ends"), validators=[InputRequired(
        message=_l("Enter the date and time the event ends.")), within_years])
    venue_name = StringField(_l("Venue"), filters=[strip], validators=[Optional(), Length(max=300)])
    venue_address = StringField(
        _l("Address"), filters=[strip], validators=[Optional(), Length(max=500)]
    )
    venue_room = StringField(_l("Room"), filters=[strip], validators=[Optional(), Length(max=200)])
    venue_name_es = StringField(
        _l("Venue in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"}, description=_l("Its own Spanish name, if it has one."),
    )
    venue_room_es = StringField(
        _l("Room in Spanish"), filters=[strip], validators=[Optional(), Length(max=200)],
        render_kw={"lang": "es"},
    )
    zoom_join_url = StringField(
        _l("Zoom join URL"), filters=[strip], validators=[Optional(), Length(max=500), _zoom_url],
        description=_l("Shown only to organizers and confirmed online registrants."),
    )
    zoom_meeting_id = StringField(
        _l("Zoom meeting ID"), filters=[strip], validators=[Optional(), Length(max=32), _meeting_id]
    )
    zoom_passcode = StringField(
        _l("Zoom passcode"), filters=[strip], validators=[Optional(), Length(max=64)]
    )
    capacity_in_person = IntegerField(
        _l("In-person capacity"), validators=[Optional(), _capacity_range],
        description=_l("Blank means unlimited."),
    )
    capacity_online = IntegerField(
        _l("Online capacity"), validators=[Optional(), _capacity_range],
        description=_l("Blank means unlimited."),
    )
    registration_opens_at = DateAndTimeField(
        _l("Registration opens"), validators=[Optional(), within_years],
        description=_l("Blank: open as soon as the event is published."),
    )
    registration_closes_at = DateAndTimeField(
        _l("Registration closes"), validators=[Optional(), within_years],
        description=_l("Blank: open until the event starts."),
    )

    reminder_note = TextAreaField(
        _l("Note in the reminder"), filters=[strip], validators=[Optional(), Length(max=2000)],
        description=_l("Added to the reminder every confirmed registrant gets before the "
                       "event: parking, what to bring. Everyone reads it: no Zoom link."),
    )
    reminder_note_es = TextAreaField(
        _l("Note in the reminder, in Spanish"), filters=[strip],
        validators=[Optional(), Length(max=2000)], render_kw={"lang": "es"},
        description=_l("For registrants who signed up in Spanish; blank: they get the "
                       "English note. Written in Spanish only, everyone gets this one."),
    )
    contact_name = StringField(
        _l("Contact name"), filters=[strip],
        validators=[Optional(), Length(max=200), _one_line],
        description=_l("Shown on the public page and signs your messages. "
                    "Blank: the organizer who created the event."),
    )
    contact_email = EmailField(
        _l("Contact email"), filters=[strip],
        validators=[Optional(), Length(max=254),
                    Email(_l("Enter a valid email address, like name@example.org."))],
        description=_l("Replies to every email and calendar invitation go here."),
    )
    # Shown only once the start turns out to be in the past (see create_event).
    confirm_past = BooleanField(_l("Yes, this is a record of a past event"))
    # Shown only when a format change drops the way some registrants attend (update_event).
    dropped_registrations = RadioField(
        _l("Registrants of the way of attending you dropped"),
        choices=select_choices([
            ("move", _l("Move them to the way the event still offers "
                        "(its capacity applies: a waitlist if it is full)")),
            ("cancel", _l("Cancel their registrations")),
        ]),
        validate_choice=False,
    )

    _ACTION_FIELDS = ("confirm_past", "dropped_registrations")
    _LOCAL_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, series=(), zones_used=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.series_id.choices = select_choices(
            [(0, _("— None —"))] + [(s.id, s.name) for s in series]
        )
        self.zone_options = zones.ordered(zones_used, current_language())
        if not self.is_submitted() and not self.timezone.data:
            self.timezone.data = current_app.config["DEFAULT_TIMEZONE"]

    @classmethod
    def for_event(cls, event, series=(), zones_used=()):
        """Return the form filled from ``event``, times shown in its own zone."""
        values = {
            name: getattr(event, name)
            for name in cls._editable_names()
            if name not in cls._LOCAL_FIELDS and name not in ("series_id", "new_series_name")
        }
        for name in cls._LOCAL_FIELDS:
            instant = getattr(event, name)
            values[name] = times.to_local(instant, event.timezone) if instant else None
        values["series_id"] = event.series_id or 0
        return cls(data=values, series=series, zones_used=zones_used)

    @classmethod
    def _editable_names(cls) -> list[str]:
        return [n for n, v in vars(cls).items()
                if hasattr(v, "field_class") and n not in cls._ACTION_FIELDS]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.new_series_name.data and self.series_id.data:
            self.new_series_name.errors.append(
                _("Choose an existing series or name a new one, not both.")
            )
            ok = False
        if times.is_timezone(self.timezone.data):
            for name in self._LOCAL_FIELDS:
                field = self[name]
                if field.data and not field.errors:
                    try:
                        times.to_utc(field.data, self.timezone.data)
                    except times.NonexistentTime as exc:
                        field.errors.append(str(exc))
                        ok = False
        # Checked here too so that every message shows at once, not one round at a time.
        local = {name: self[name].data for name in self._LOCAL_FIELDS}
        for name, message in rules.time_problems(*local.values()).items():
            if not self[name].errors:
                self[name].errors.append(message)
                ok = False
        return ok

    def event_data(self) -> dict:
        """Return the submitted values as plain data, times as aware UTC."""
        tz = self.timezone.data
        data = {
            name: blank_to_none(self[name].data)
            for name in self._editable_names()
            if name not in self._LOCAL_FIELDS
        }
        for name in self._LOCAL_FIELDS:
            local = self[name].data
            data[name] = times.to_utc(local, tz) if local else None
        data["series_id"] = self.series_id.data or None
        data["dropped_registrations"] = self.dropped_registrations.data or None
        return data


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason, shown on the public page"),
        filters=[strip],
        validators=[DataRequired(message=_l("Say why the event is cancelled.")), Length(max=2000)],
    )
    reason_es = TextAreaField(
        _l("Reason in Spanish"), filters=[strip], validators=[Optional(), Length(max=2000)],
        render_kw={"lang": "es"},
        description=_l("Shown to Spanish readers and in their emails; blank: the reason above."),
    )


class OrganizerForm(FlaskForm):
    email = EmailField(
        _l("Organizer's email"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the email of an organizer account.")),
                    Length(max=254)],
    )


class SeriesForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    name_es = StringField(
        _l("Name in Spanish"), filters=[strip], validators=[Optional(), Length(max=300)],
        render_kw={"lang": "es"},
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

    def series_data(self) -> dict:
        """Return the submitted values as plain data."""
        return {name: blank_to_none(self[name].data) for name in SERIES_FIELDS}
