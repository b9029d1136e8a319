"""Forms of the organizer's after-the-event page (each with its own prefix)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from roundtable.validation import record_id, select_choices, strip


class RecordingForm(FlaskForm):
    url = StringField(_l("Recording link"), filters=[strip],
                      validators=[Optional(), Length(max=500)],
                      description=_l("Leave blank to remove the recording."))
    passcode = StringField(_l("Passcode"), filters=[strip], validators=[Optional(), Length(max=64)])
    is_public = BooleanField(_l("Public: show the recording on the event page"))


class MaterialForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the material a title, such as “Slides”.")), Length(max=300)])
    title_es = StringField(_l("Title in Spanish"), filters=[strip],
                           validators=[Optional(), Length(max=300)], render_kw={"lang": "es"})
    url = StringField(_l("Link"), filters=[strip], validators=[
        DataRequired(message=_l("Enter the link to the material.")), Length(max=500)])
    is_public = BooleanField(_l("Public: show on the event page (else registrants only)"))


class SummaryForm(FlaskForm):
    body = TextAreaField(_l("Summary"), filters=[strip], validators=[Optional(), Length(max=50000)],
                         description=_l("Markdown: paragraphs, **bold**, *italics*, links, lists. "
                                        "Leave blank to withdraw the summary."))
    takeaways = TextAreaField(_l("Key takeaways"), filters=[strip],
                              validators=[Optional(), Length(max=5000)],
                              description=_l("One per line."))
    body_es = TextAreaField(_l("Summary in Spanish"), filters=[strip],
                            validators=[Optional(), Length(max=50000)], render_kw={"lang": "es"},
                            description=_l("Shown to Spanish readers; blank: they read the "
                                           "English one."))
    takeaways_es = TextAreaField(_l("Key takeaways in Spanish"), filters=[strip],
                                 validators=[Optional(), Length(max=5000)],
                                 render_kw={"lang": "es"}, description=_l("One per line."))


class QuoteForm(FlaskForm):
    person_id = SelectField(_l("Who said it"), coerce=record_id, validate_choice=False,
                            validators=[DataRequired(message=_l("Choose who said it."))])
    text = TextAreaField(_l("Quote"), filters=[strip], validators=[Optional(), Length(max=2000)])
    text_es = TextAreaField(_l("Quote in Spanish"), filters=[strip],
                            validators=[Optional(), Length(max=2000)], render_kw={"lang": "es"},
                            description=_l("Either language is enough: readers of the other "
                                           "see the one given."))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person_id.choices = select_choices(
            [(0, _("— Choose —"))] + [(p.id, p.display_name) for p in people]
        )
