"""Account emails go out in the account's own language, not the language of whoever acts."""

from sqlalchemy import select

from roundtable.auth.models import User
from roundtable.extensions import db
from roundtable.i18n import in_language
from roundtable.mail.models import OutboxMessage
from tests.conftest import PASSWORD

NEW = "a much longer passphrase 42"


def _language(app, email="organizer@example.org"):
    with app.app_context():
        return db.session.scalar(select(User.language).where(User.email == email))


def _latest(app, kind):
    with app.app_context():
        row = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                 .order_by(OutboxMessage.id.desc())).first()
        return row.subject, row.body_text


def test_an_account_takes_the_language_it_was_created_in(app, make_user):
    from roundtable.auth.services import create_organizer

    with app.test_request_context("/?lang=es"), in_language("es"):
        create_organizer("raul@example.org", "Raúl Benítez Manaut", PASSWORD)
        db.session.commit()
    assert _language(app, "raul@example.org") == "es"
    make_user(email="organizer@example.org")  # the CLI, the tests: no request, English
    assert _language(app) == "en"


def test_the_switch_sets_the_account_language_and_emails_follow_it(app, client, auth,
                                                                   make_user):
    make_user(email="organizer@example.org", name="Ana Barceló Durazo")
    auth.login()
    client.get("/account?lang=es")
    assert _language(app) == "es"
    # Changed from an English page: the email is still in the account's language.
    client.post("/account/password?lang=en", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert _language(app) == "en"
    subject, _ = _latest(app, "account_notice")
    assert subject == "Your Roundtable password changed"
    with app.app_context():
        db.session.execute(db.update(User).values(language="es"))
        db.session.commit()
    client.post("/account/password", data={
        "current_password": NEW, "new_password": NEW + "!", "confirm": NEW + "!"})
    subject, text = _latest(app, "account_notice")
    assert subject == "Cambió su contraseña de Roundtable" and "Hola" in text


def test_a_reset_asked_from_an_english_page_comes_in_the_accounts_language(app, client,
                                                                           make_user):
    from roundtable.mail.delivery import deliver_due

    make_user(email="organizer@example.org")
    with app.app_context():
        db.session.execute(db.update(User).values(language="es"))
        db.session.commit()
    client.post("/login/forgot?lang=en", data={"email": "organizer@example.org"})
    with app.app_context():
        deliver_due()
    subject, text = _latest(app, "password_reset")
    assert subject == "Restablezca su contraseña de Roundtable"
    assert "/account/reset/" in text and "lang=es" in text
