"""Upload of a Zoom participant report, and the organizer's decision on one participant."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField

from roundtable.validation import optional_record_id


class ZoomUploadForm(FlaskForm):
    report = FileField(
        _l("Zoom participant report (CSV)"),
        validators=[FileRequired(message=_l("Choose the CSV file Zoom exported."))],
        description=_l("In Zoom: Reports → Usage → the meeting's Participants → Export. "
                       "Uploading the same file again changes nothing."),
    )
    other_meeting = BooleanField(_l("The report is for another Zoom meeting ID; import it anyway"))


class DecisionForm(FlaskForm):
    decision = HiddenField()
    # Nothing is preselected: "" (no choice) is None, and only "Match" needs a choice.
    registration_id = SelectField(_l("Registration"), coerce=optional_record_id,
                                  validate_choice=False)
