"""Each identifier rule as a table of real cases: valid, bad check digit, wrong length,
letters, spaces and separators."""

from __future__ import annotations

import pytest

from grants.organisations import validation as v
from grants.organisations.models import LegalForm
from tests.support.organisations import org_data

OK = object()


def _run(fn, typed):
    try:
        return fn(typed), None
    except v.InvalidValue as exc:
        return None, str(exc)


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("5851200026", "5851200026", None),
    ("585-120-00-26", "5851200026", None),
    ("585 120 00 26", "5851200026", None),
    ("PL5851200026", "5851200026", None),
    ("pl 585-120-00-26", "5851200026", None),
    (" 5851200032 ", "5851200032", None),
    ("585-12-00-049", "5851200049", None),
    ("5851200027", None, "cyfrę kontrolną"),       # last digit changed
    ("5851200062", None, "cyfrę kontrolną"),
    ("1234567890", None, "cyfrę kontrolną"),
    ("585120002", None, "10 cyfr, a podano 9"),
    ("58512000266", None, "10 cyfr, a podano 11"),
    ("585120002A", None, "tylko cyfry"),
    ("NIP5851200026", None, "tylko cyfry"),
    ("DE5851200026", None, "tylko cyfry"),
    ("５８５１２０００２６", None, "tylko cyfry"),      # full-width digits
    ("585120002²", None, "tylko cyfry"),
    ("", None, "Podaj numer NIP"),
    ("   ", None, "Podaj numer NIP"),
    (None, None, "Podaj numer NIP"),
])
def test_nip(typed, expected, message):
    value, error = _run(v.normalise_nip, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("191000010", "191000010", None),
    ("191 000 026", "191000026", None),
    ("191-000-032", "191000032", None),
    ("123456785", "123456785", None),
    ("12345678512347", "12345678512347", None),     # 14-digit REGON of a local unit
    ("191000011", None, "cyfrę kontrolną"),
    ("123456786", None, "cyfrę kontrolną"),
    ("12345678512348", None, "cyfrę kontrolną"),
    ("19100001", None, "9 lub 14 cyfr, a podano 8"),
    ("1910000100", None, "9 lub 14 cyfr, a podano 10"),
    ("1234567851234", None, "9 lub 14 cyfr, a podano 13"),
    ("19100001O", None, "tylko cyfry"),             # letter O instead of zero
    ("", None, "Podaj numer REGON"),
])
def test_regon(typed, expected, message):
    value, error = _run(v.normalise_regon, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("0000123456", "0000123456", None),
    ("0000 123 456", "0000123456", None),
    ("0000-123-456", "0000123456", None),
    ("KRS 0000123456", "0000123456", None),
    ("1234567890", "1234567890", None),            # no check digit: any 10 digits
    ("123456", None, "dokładnie 10 cyfr"),
    ("00001234567", None, "dokładnie 10 cyfr"),
    ("000012345A", None, "tylko cyfry"),
    ("000012345６", None, "tylko cyfry"),
    ("0000000000", None, "samych zer"),
    ("", None, "Podaj numer KRS"),
])
def test_krs(typed, expected, message):
    value, error = _run(v.normalise_krs, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("81-717", "81-717", None),
    ("81717", "81-717", None),
    (" 81 - 717 ", "81-717", None),
    ("00-001", "00-001", None),
    ("81-71", None, "NN-NNN"),
    ("817-17", "81-717", None),                     # misplaced dash, five digits
    ("81-7170", None, "NN-NNN"),
    ("8I-717", None, "NN-NNN"),
    ("", None, "Podaj kod pocztowy"),
])
def test_postal_code(typed, expected, message):
    value, error = _run(v.normalise_postal_code, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("PL42102018560000000000000001", "PL42102018560000000000000001", None),
    ("PL42 1020 1856 0000 0000 0000 0001", "PL42102018560000000000000001", None),
    ("pl42 1020 1856 0000 0000 0000 0001", "PL42102018560000000000000001", None),
    ("PL61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874", None),
    ("61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874", None),  # NRB
    ("61-1090-1014-0000-0712-1981-2874", "PL61109010140000071219812874", None),
    ("PL43102018560000000000000001", None, "cyfry kontrolne"),
    ("PL61109010140000071219812875", None, "cyfry kontrolne"),
    ("62109010140000071219812874", None, "cyfry kontrolne"),
    ("PL4210201856000000000000000", None, "26 cyfr, a podano 25"),
    ("PL421020185600000000000000011", None, "26 cyfr, a podano 27"),
    ("PL42 1020 1856 0000 0000 0000 000A", None, "tylko cyfry"),
    ("DE89370400440532013000", None, "polskim banku"),
    ("GB82WEST12345698765432", None, "polskim banku"),
    ("4210201856", None, "26 cyfr"),
    ("", None, "Podaj numer rachunku"),
])
def test_iban(typed, expected, message):
    value, error = _run(v.normalise_iban, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("biuro@example.org", "biuro@example.org", None),
    (" Biuro@Example.ORG ", "biuro@example.org", None),
    ("biuro@", None, "poprawny adres"),
    ("biuro example.org", None, "poprawny adres"),
    ("", None, "Podaj adres e-mail"),
])
def test_email(typed, expected, message):
    value, error = _run(v.normalise_email, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


@pytest.mark.parametrize(("typed", "expected", "message"), [
    ("", "", None),
    ("+48 58 123 45 67", "+48 58 123 45 67", None),
    ("(58) 551-00-00", "(58) 551-00-00", None),
    ("601 602 603", "601 602 603", None),
    ("12345", None, "od 9 do 15 cyfr"),
    ("tel. 601602603", None, "może zawierać"),
    ("601 602 60３", None, "może zawierać"),
])
def test_phone(typed, expected, message):
    value, error = _run(v.normalise_phone, typed)
    assert value == expected
    if message:
        assert message in error
    else:
        assert error is None


def test_a_valid_registration_is_normalised():
    values, errors = v.clean_organisation(org_data(
        nip="PL 585-120-00-78", krs="0000 123 456", postal_code="81717",
        iban="PL04 1020 1856 0000 0000 0000 0006", areas=["dzialalnosc_charytatywna",
                                                         "pomoc_spoleczna"]))
    assert errors == {}
    assert values["nip"] == "5851200078"
    assert values["krs"] == "0000123456"
    assert values["postal_code"] == "81-717"
    assert values["iban"] == "PL04102018560000000000000006"
    assert values["legal_form"] == LegalForm.FOUNDATION
    assert values["areas"] == ["pomoc_spoleczna", "dzialalnosc_charytatywna"]
    assert values["other_register_name"] is None


@pytest.mark.parametrize(("legal_form", "krs", "register", "errors_on"), [
    # every form but a church legal person needs KRS
    ("association", "", ("", ""), {"krs"}),
    ("foundation", "", ("Rejestr MSWiA", "123"), {"krs"}),
    ("social_cooperative", "", ("", ""), {"krs"}),
    ("nonprofit_company", "", ("", ""), {"krs"}),
    ("other", "", ("", ""), {"krs"}),
    ("association", "0000123456", ("", ""), set()),
    # a church legal person: KRS, or another register's name and number
    ("church", "0000123456", ("", ""), set()),
    ("church", "", ("Rejestr kościelnych osób prawnych MSWiA", "KOŚ-123/2001"), set()),
    ("church", "", ("Rejestr kościelnych osób prawnych MSWiA", ""), {"other_register_number"}),
    ("church", "", ("", "KOŚ-123/2001"), {"other_register_name"}),
    ("church", "", ("", ""), {"other_register_name", "other_register_number"}),
    ("church", "12345", ("Rejestr", "1"), {"krs"}),   # a KRS typed must be right
])
def test_krs_or_another_register(legal_form, krs, register, errors_on):
    values, errors = v.clean_organisation(org_data(
        legal_form=legal_form, krs=krs, other_register_name=register[0],
        other_register_number=register[1]))
    assert set(errors) == errors_on, errors
    if not errors and legal_form == "church" and not krs:
        assert values["krs"] is None
        assert values["other_register_number"] == register[1]
    if not errors and legal_form != "church":
        assert values["other_register_name"] is None    # only church entities keep one


def test_krs_required_message_names_the_rule():
    _, errors = v.clean_organisation(org_data(legal_form="association", krs=""))
    assert "wymagany dla tej formy prawnej" in errors["krs"][0]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"name": ""}, "name", "Podaj nazwę"),
    ({"name": "x" * 301}, "name", "Najwyżej 300 znaków"),
    ({"legal_form": ""}, "legal_form", "Wybierz formę prawną"),
    ({"legal_form": "spolka_akcyjna"}, "legal_form", "z listy"),
    ({"street": ""}, "street", "Podaj ulicę"),
    ({"city": "  "}, "city", "Podaj miejscowość"),
    ({"areas": []}, "areas", "co najmniej jeden obszar"),
    ({"areas": ["nieznany"]}, "areas", "z listy"),
    ({"signing_rule": ""}, "signing_rule", "sposób reprezentacji"),
    ({"representatives": []}, "representatives", "co najmniej jedną osobę"),
    ({"representatives": [{"full_name": "", "function": "", "signs_alone": True}]},
     "representatives", "co najmniej jedną osobę"),
    ({"representatives": [{"full_name": "Ewa", "function": ""}]},
     "representatives-0-function", "Podaj funkcję"),
    ({"representatives": [{"full_name": "", "function": "Prezes"},
                          {"full_name": "Ewa", "function": "Członek"}]},
     "representatives-0-full_name", "Podaj imię i nazwisko"),
    ({"representatives": [{"full_name": "x" * 201, "function": "Prezes"}]},
     "representatives-0-full_name", "Najwyżej 200 znaków"),
])
def test_other_fields(overrides, field, message):
    _, errors = v.clean_organisation(org_data(**overrides))
    assert field in errors, errors
    assert message in errors[field][0]


def test_empty_rows_are_dropped_and_all_errors_come_at_once():
    values, errors = v.clean_organisation(org_data(
        nip="123", regon="abc", iban="DE89370400440532013000", postal_code="8",
        representatives=[{"full_name": "", "function": ""},
                         {"full_name": "Ewa", "function": "Prezes", "signs_alone": "y"}]))
    assert set(errors) == {"nip", "regon", "iban", "postal_code"}
    assert values["representatives"] == [
        {"full_name": "Ewa", "function": "Prezes", "signs_alone": True}]
