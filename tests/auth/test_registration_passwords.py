"""The password check (issue 10): common and guessable passwords are refused by zxcvbn, with
the account's e-mail and name as words an attacker would try. Pure: no database."""

from __future__ import annotations

import pytest

from grants.auth.passwords import check_strength, personal_words
from grants.demo.people import PASSWORD as DEMO_PASSWORD
from tests.support.factories import PASSWORD as TEST_PASSWORD

pytestmark = pytest.mark.pure

EMAIL, NAME = "jan.kowalski@mops.sopot.pl", "Jan Kowalski"
GUESSABLE = "Hasło jest zbyt łatwe do odgadnięcia"
PERSONAL = "Hasło nie może zawierać adresu e-mail ani imienia i nazwiska"


@pytest.mark.parametrize(("password", "expected"), [
    ("krotkie1!", "Hasło musi mieć co najmniej 10 znaków."),
    ("Password123", GUESSABLE),          # among the most common passwords
    ("qwertyuiop1", GUESSABLE),          # a keyboard row
    ("Zaq12wsx!!", GUESSABLE),           # a keyboard pattern
    ("abcd1234ab", GUESSABLE),           # sequences
    ("haslo12345", GUESSABLE),
    ("Kowalski1990", PERSONAL),          # the user's surname and a year
    ("jan.kowalski1", PERSONAL),         # the e-mail's local part
    ("Sopot2026!!", PERSONAL),           # the e-mail's domain
    ("Demo-haslo-2026", None),           # the demo password
    ("Nowe-haslo-123", None),
    ("koń-w-płaszczu-7", None),
])
def test_check_strength(password, expected):
    message = check_strength(password, personal_words(EMAIL, NAME))
    if expected is None:
        assert message is None
    else:
        assert message is not None and message.startswith(expected)


def test_a_long_strong_password_is_accepted():
    assert check_strength("Zielony-Most-nad-Wisla-42-" * 4, personal_words(EMAIL, NAME)) is None


def test_the_words_of_the_account():
    words = personal_words("Nowy.Urzednik+x@mops.sopot.pl", "Anna Maria Nowak-Kowalska")
    assert {"nowy.urzednik+x@mops.sopot.pl", "nowy", "urzednik", "mops", "sopot", "anna",
            "maria", "nowak", "kowalska"} <= set(words)
    assert "pl" not in words  # too short to matter


@pytest.mark.parametrize("password", [DEMO_PASSWORD, TEST_PASSWORD])
def test_the_demo_and_test_passwords_pass(password):
    assert check_strength(password, personal_words("admin@grants.local", "Adam Administrator")) \
        is None
