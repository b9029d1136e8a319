"""Forms of the organizer's after-the-event page (each with its own prefix)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from roundtable.validation import record_id, select_choices, strip


class RecordingForm(FlaskForm):
    url = StringField("Recording link", filters=[strip],
                      validators=[Optional(), Length(max=500)],
                      description="Leave blank to remove the recording.")
    passcode = StringField("Passcode", filters=[strip], validators=[Optional(), Length(max=64)])
    is_public = BooleanField("Public: show the recording on the event page")


class MaterialForm(FlaskForm):
    title = StringField("Title", filters=[strip], validators=[
        DataRequired(message="Give the material a title, such as “Slides”."), Length(max=300)])
    url = StringField("Link", filters=[strip], validators=[
        DataRequired(message="Enter the link to the material."), Length(max=500)])
    is_public = BooleanField("Public: show on the event page (else registrants only)")


class SummaryForm(FlaskForm):
    body = TextAreaField("Summary", filters=[strip], validators=[Optional(), Length(max=50000)],
                         description="Markdown: paragraphs, **bold**, *italics*, links, lists. "
                                     "Leave blank to withdraw the summary.")
    takeaways = TextAreaField("Key takeaways", filters=[strip],
                              validators=[Optional(), Length(max=5000)],
                              description="One per line.")


class QuoteForm(FlaskForm):
    person_id = SelectField("Who said it", coerce=record_id, validate_choice=False,
                            validators=[DataRequired(message="Choose who said it.")])
    text = TextAreaField("Quote", filters=[strip], validators=[
        DataRequired(message="Enter the words quoted."), Length(max=2000)])

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person_id.choices = select_choices(
            [(0, "— Choose —")] + [(p.id, p.display_name) for p in people]
        )
