"""Upload of a Zoom participant report, and the organizer's decision on one participant."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField


class ZoomUploadForm(FlaskForm):
    report = FileField(
        "Zoom participant report (CSV)",
        validators=[FileRequired(message="Choose the CSV file Zoom exported.")],
        description="In Zoom: Reports → Usage → the meeting's Participants → Export. "
                    "Uploading the same file again changes nothing.",
    )
    other_meeting = BooleanField("The report is for another Zoom meeting ID; import it anyway")


class DecisionForm(FlaskForm):
    decision = HiddenField()
    registration_id = SelectField("Registration", coerce=int, validate_choice=False)
