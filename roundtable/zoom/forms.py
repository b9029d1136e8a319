"""The organizer's Zoom choices, beside the event form and the cancel form.

Separate small forms (each with a prefix, inside the page's one <form> and its
CSRF token), so the event's own form keeps only the event's fields.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField
from wtforms.validators import Email, Length, Optional


class ZoomSetupForm(FlaskForm):
    class Meta:
        csrf = False  # inside the event form, which carries the token

    setup = RadioField(_l("Zoom meeting"), default="link", choices=[
        ("link", _l("Paste a link (a meeting you created in Zoom)")),
        ("create", _l("Create it on Zoom for me")),
    ])
    # For a meeting Roundtable created (services.setup_form swaps the choices in).
    MANAGED_CHOICES = [
        ("create", _l("Keep the meeting Roundtable created")),
        ("link", _l("Use my own Zoom link instead")),
        ("none", _l("No Zoom meeting (the event is in person only)")),
    ]
    kind = RadioField(_l("On Zoom, create a"), default="meeting", choices=[
        ("meeting", _l("Meeting")), ("webinar", _l("Webinar"))])
    host_email = EmailField(
        _l("Host's Zoom email"), filters=[lambda v: (v or "").strip().lower() or None],
        validators=[Optional(), Length(max=254),
                    Email(_l("Please give a valid email address, like name@example.org."))],
        description=_l("The Zoom user who hosts it. Blank: the account's own user. Registration "
                       "is required and approved automatically, with a waiting room; each "
                       "online registrant gets a personal link."))


class DeleteMeetingForm(FlaskForm):
    class Meta:
        csrf = False  # inside the cancel form, which carries the token

    delete = BooleanField(_l("Also delete the meeting on Zoom (registrants' links stop "
                             "working)"), default=True)
