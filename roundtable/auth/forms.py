"""Sign-in, recovery, account and invitation forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from roundtable.auth.passwords import MAX_LENGTH, MIN_LENGTH
from roundtable.validation import strip

PASSWORD_HINT = (f"At least {MIN_LENGTH} characters. A few unrelated words make a good one; "
                 "common passwords are refused.")


def _email(label: str) -> EmailField:
    return EmailField(label, filters=[strip], validators=[
        DataRequired(message="Enter an email address."), Length(max=254)])


def _new_password(label: str = "New password") -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(message="Choose a password."), Length(max=MAX_LENGTH)])


def _confirm(field: str) -> PasswordField:
    return PasswordField("Repeat the password", validators=[
        DataRequired(message="Repeat the password."),
        EqualTo(field, message="The two passwords differ.")])


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in")


class ForgotPasswordForm(FlaskForm):
    email = _email("Email")


class ResetPasswordForm(FlaskForm):
    password = _new_password()
    confirm = _confirm("password")


class AcceptInvitationForm(FlaskForm):
    name = StringField("Your full name", filters=[strip], validators=[
        DataRequired(message="Enter your name."), Length(max=200)])
    password = _new_password("Password")
    confirm = _confirm("password")


class NameForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[
        DataRequired(message="Enter your name."), Length(max=200)])


class EmailChangeForm(FlaskForm):
    new_email = _email("New email address")
    email_password = PasswordField("Current password", validators=[
        DataRequired(message="Enter your current password."), Length(max=MAX_LENGTH)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[
        DataRequired(message="Enter your current password."), Length(max=MAX_LENGTH)])
    new_password = _new_password()
    confirm = _confirm("new_password")


class InviteForm(FlaskForm):
    email = _email("Email of the new organizer")
    grant_admin = BooleanField("Make them an admin (may manage every event and account)")
