"""Sign-in, recovery, account and invitation forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from roundtable.auth.passwords import MAX_LENGTH, MIN_LENGTH
from roundtable.validation import strip

PASSWORD_HINT = _l("At least %(count)s characters. A few unrelated words make a good one; "
                   "common passwords are refused.", count=MIN_LENGTH)


def _email(label: str) -> EmailField:
    return EmailField(label, filters=[strip], validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254)])


def _new_password(label: str = _l("New password")) -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(message=_l("Choose a password.")), Length(max=MAX_LENGTH)])


def _confirm(field: str) -> PasswordField:
    return PasswordField(_l("Repeat the password"), validators=[
        DataRequired(message=_l("Repeat the password.")),
        EqualTo(field, message=_l("The two passwords differ."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))


class ForgotPasswordForm(FlaskForm):
    email = _email(_l("Email"))


class ResetPasswordForm(FlaskForm):
    password = _new_password()
    confirm = _confirm("password")


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your full name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your name.")), Length(max=200)])
    password = _new_password(_l("Password"))
    confirm = _confirm("password")


class NameForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your name.")), Length(max=200)])


class EmailChangeForm(FlaskForm):
    new_email = _email(_l("New email address"))
    email_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")), Length(max=MAX_LENGTH)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")), Length(max=MAX_LENGTH)])
    new_password = _new_password()
    confirm = _confirm("new_password")


class InviteForm(FlaskForm):
    email = _email(_l("Email of the new organizer"))
    grant_admin = BooleanField(_l("Make them an admin (may manage every event and account)"))
