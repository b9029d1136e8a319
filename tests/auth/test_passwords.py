"""Password rules: length and a common-password list, no composition rules."""

import pytest

from roundtable.auth.passwords import MIN_LENGTH, common_passwords, password_problem


def test_minimum_length_is_at_least_twelve():
    assert MIN_LENGTH >= 12
    assert "at least 12" in password_problem("a" * 3 + "bcdefgh1")
    assert password_problem("eleven char") is not None


@pytest.mark.parametrize("password", [
    "manchesterunited", "1234567890qwertyuiop", "ADMINISTRATOR", "passwordpassword",
    "qwertyqwertyqwerty", "aaaaaaaaaaaaaa",
])
def test_common_passwords_are_refused(password):
    assert "too common" in password_problem(password)


@pytest.mark.parametrize("password", [
    "correct horse battery", "lowercase only words", "tucson phoenix hermosillo",
    "Benítez Manaut junio",
])
def test_long_uncommon_passwords_need_no_digits_or_symbols(password):
    assert password_problem(password) is None


def test_own_email_or_name_is_refused():
    assert password_problem("ana.organizer@example.org", email="ana.organizer@example.org")
    assert password_problem("raul benitez manaut", name="Raúl Benítez Manaut") is None
    assert password_problem("rafael barcelo", name="Rafael Barcelo") is not None


def test_the_shipped_list_is_loaded():
    assert len(common_passwords()) >= 10_000 and "password" in common_passwords()
