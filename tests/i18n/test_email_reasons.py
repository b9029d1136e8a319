"""email-validator's English reasons never reach a reader: each kind has our own sentence."""

import pytest

from roundtable.auth.services import AccountError, valid_email
from roundtable.email_address import MESSAGES
from roundtable.i18n import in_language

CASES = [
    ("ana", "no_at", "necesita una @"),
    ("@example.org", "no_name", "antes de la @"),
    ("ana@", "no_domain", "después de la @"),
    ("ana@" + "x" * 300 + ".org", "too_long", "demasiado larga"),
    ("a..b@example.org", "periods", "puntos"),
    ("ana.@example.org", "periods", "puntos"),
    ("ana@.org", "periods", "puntos"),
    ("ana@localhost", "domain", "dominio válido"),
    ("ana@example.invalid", "domain", "dominio válido"),
    ("ana@-x.org", "domain", "dominio válido"),
    ("ana@[1.2.3]", "domain", "dominio válido"),
    ("ana lopez@example.org", "characters", "caracteres"),
    ("ana@example.org,", "characters", "caracteres"),
    ('"ana"@example.org', "characters", "caracteres"),
    ("Ana <ana@example.org>", "characters", "caracteres"),
]


@pytest.mark.parametrize(("address", "kind", "spanish"), CASES)
def test_each_kind_of_bad_address_gets_our_sentence_in_each_language(app, address, kind,
                                                                       spanish):
    with app.test_request_context("/"):
        for lang in ("en", "es"):
            with in_language(lang):
                with pytest.raises(AccountError) as refused:
                    valid_email(address)
                assert str(refused.value) == str(MESSAGES[kind])
            if lang == "es":
                assert spanish in str(refused.value)
                assert "@-sign" not in str(refused.value) and " the " not in str(refused.value)


def test_a_good_address_is_normalised(app):
    with app.test_request_context("/"):
        assert valid_email(" Raúl.Benítez@Example.org ") == "raúl.benítez@example.org"
