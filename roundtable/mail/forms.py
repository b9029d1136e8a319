"""The organizer's message form."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from roundtable.validation import strip

SUBJECT_MAX = 200
BODY_MAX = 10_000
# Anything that could end a header line, or other controls, in the subject.
_SUBJECT_CONTROLS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(form, field) -> None:
    if field.data and _SUBJECT_CONTROLS.search(field.data):
        raise ValidationError(_("The subject must be a single line of text."))


class MessageForm(FlaskForm):
    audience = RadioField(
        _l("Send to"), validators=[DataRequired(message=_l("Choose who to write to."))]
    )
    # The English version (marked so: a Spanish page shows it as English text). Either
    # version may be left blank: its readers then get the other one (validate below).
    subject = StringField(
        _l("Subject"),
        filters=[strip], render_kw={"lang": "en"},
        validators=[
            Optional(),
            Length(max=SUBJECT_MAX, message=_l("Keep the subject under %(count)s characters.",
                                               count=SUBJECT_MAX)),
            _one_line,
        ],
    )
    body = TextAreaField(
        _l("Message"),
        filters=[strip], render_kw={"lang": "en"},
        validators=[
            Optional(),
            Length(max=BODY_MAX, message=_l("Keep the message under %(count)s characters.",
                                            count=f"{BODY_MAX:,}")),
        ],
        description=_l("Each person is greeted by name unless you start with a greeting. "
                       "Light formatting: **bold**, *italics*, [a link](https://…), "
                       "lists with - or 1. Write {zoom_link} where the Zoom details belong: "
                       "confirmed online registrants get them, everyone else a note. "
                       "Followed by the event's date and each person's registration link."),
    )

    # The Spanish version: Spanish registrants get it, everyone else the English one;
    # left blank, Spanish registrants get the English one too.
    subject_es = StringField(
        _l("Subject in Spanish"), filters=[strip], render_kw={"lang": "es"},
        validators=[Optional(), Length(max=SUBJECT_MAX, message=_l(
            "Keep the subject under %(count)s characters.", count=SUBJECT_MAX)), _one_line],
    )
    body_es = TextAreaField(
        _l("Message in Spanish"), filters=[strip], render_kw={"lang": "es"},
        validators=[Optional(), Length(max=BODY_MAX, message=_l(
            "Keep the message under %(count)s characters.", count=f"{BODY_MAX:,}"))],
        description=_l("Registrants who signed up in Spanish get this version; blank: "
                       "they get the English one. Written in Spanish only, everyone gets the "
                       "Spanish one."),
    )

    def validate(self, extra_validators=None) -> bool:
        """One version at least; a version's subject needs its message.

        A subject may be written in one language only: both versions then carry it.
        """
        ok = super().validate(extra_validators)
        if not (self.body.data or self.body_es.data):
            self.body.errors.append(_("Write the message, in English, in Spanish or in both."))
            ok = False
        elif not (self.subject.data or self.subject_es.data):
            self.subject.errors.append(_("Write a subject."))
            ok = False
        if self.subject.data and not self.body.data and self.body_es.data:
            self.body.errors.append(_("Write the message in English, or leave its subject "
                                      "blank."))
            ok = False
        if self.subject_es.data and not self.body_es.data and self.body.data:
            self.body_es.errors.append(_("Write the message in Spanish, or leave its subject "
                                         "blank."))
            ok = False
        return ok

    def versions(self) -> dict[str, tuple[str, str]]:
        """(subject, body) per language written; a blank subject borrows the other one."""
        found = {}
        if self.body.data:
            found["en"] = (self.subject.data or self.subject_es.data, self.body.data)
        if self.body_es.data:
            found["es"] = (self.subject_es.data or self.subject.data, self.body_es.data)
        return found

    def set_audiences(self, audiences: list[tuple[str, str]]) -> None:
        try:
            from wtforms.fields.choices import SelectChoice
        except ImportError:  # WTForms before 3.3 takes plain tuples.
            self.audience.choices = list(audiences)
        else:
            self.audience.choices = [SelectChoice(value, label) for value, label in audiences]
