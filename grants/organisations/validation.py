"""Identifiers and data of an organisation: pure checks with Polish messages.

Each `normalise_*` function takes what a person typed and returns the value as it is
stored (spaces and dashes removed, prefixes dropped) or raises `InvalidValue` with a
Polish message. `clean_organisation(data)` checks a whole registration at once and
returns the normalised values with the messages per field, so that a form can show
every problem in one go.

NIP, REGON and IBAN check digits come from python-stdnum. A KRS number is exactly
10 digits with no check digit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as std_nip
from stdnum.pl import regon as std_regon

from grants.core.i18n import N_
from grants.organisations.areas import AREA_NAMES
from grants.organisations.models import LegalForm

# Column widths of grants.organisations.models (longer values would fail on PostgreSQL).
MAX_LENGTHS = {
    "name": 300,
    "other_register_name": 200,
    "other_register_number": 60,
    "street": 200,
    "city": 100,
    "email": 254,
    "phone": 40,
    "full_name": 200,
    "function": 120,
    "signing_rule": 2000,
}

_SEPARATORS = re.compile(r"[\s\-./]")


class InvalidValue(ValueError):
    """A value that cannot be accepted; `str(exc)` is the Polish message."""


def _digits(text: str) -> bool:
    """Only the ASCII digits 0-9 (str.isdigit also takes "²" and full-width digits)."""
    return text.isascii() and text.isdigit()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _strip(value: Any) -> str:
    return _SEPARATORS.sub("", _text(value)).upper()


def _number(text: str, lengths: tuple[int, ...], *, only_digits: str, length: str,
            validate=None, check: str = "") -> str:
    """What the number checks share once a number is typed: only the digits 0-9, one of
    `lengths` of them (`length` says how many were typed: "{n}"), then the check digits by
    `validate` (python-stdnum), whose refusal is `check`."""
    if not _digits(text):
        raise InvalidValue(only_digits)
    if len(text) not in lengths:
        raise InvalidValue(length.format(n=len(text)))
    if validate is None:
        return text
    try:
        return validate(text)
    except StdnumError as exc:
        raise InvalidValue(check) from exc


def normalise_nip(value: Any) -> str:
    """10 digits; spaces, dashes and the "PL" prefix are accepted and removed."""
    text = _strip(value)
    if not text:
        raise InvalidValue(N_("Podaj numer NIP."))
    return _number(text.removeprefix("PL"), (10,),
                   only_digits=N_("NIP może zawierać tylko cyfry (np. 585-120-00-26)."),
                   length="NIP ma 10 cyfr, a podano {n}.", validate=std_nip.validate,
                   check=N_("NIP ma nieprawidłową cyfrę kontrolną - sprawdź, czy nie ma "
                            "literówki."))


def normalise_regon(value: Any) -> str:
    """9 or 14 digits with a valid check digit."""
    text = _strip(value)
    if not text:
        raise InvalidValue(N_("Podaj numer REGON."))
    return _number(text, (9, 14), only_digits=N_("REGON może zawierać tylko cyfry."),
                   length="REGON ma 9 lub 14 cyfr, a podano {n}.", validate=std_regon.validate,
                   check=N_("REGON ma nieprawidłową cyfrę kontrolną - sprawdź, czy nie ma "
                            "literówki."))


def normalise_krs(value: Any) -> str:
    """Exactly 10 digits (leading zeros included); KRS has no check digit."""
    text = _strip(value).removeprefix("KRS")
    if not text:
        raise InvalidValue(N_("Podaj numer KRS."))
    text = _number(text, (10,), only_digits=N_("Numer KRS może zawierać tylko cyfry."),
                   length="Numer KRS ma dokładnie 10 cyfr (np. 0000123456), a podano {n}.")
    if set(text) == {"0"}:
        raise InvalidValue(N_("Numer KRS nie może składać się z samych zer."))
    return text


def normalise_postal_code(value: Any) -> str:
    """NN-NNN; "81767" and "81 - 767" are accepted and written as 81-767."""
    text = re.sub(r"[\s\-]", "", _text(value))
    if not text:
        raise InvalidValue(N_("Podaj kod pocztowy."))
    if not (_digits(text) and len(text) == 5):
        raise InvalidValue(N_("Kod pocztowy ma postać NN-NNN (np. 81-717)."))
    return f"{text[:2]}-{text[2:]}"


def normalise_iban(value: Any) -> str:
    """A Polish bank account: PL + 26 digits; the 26-digit NRB without PL is accepted."""
    text = _strip(value)
    if not text:
        raise InvalidValue(N_("Podaj numer rachunku bankowego."))
    if _digits(text) and len(text) == 26:
        text = "PL" + text
    if not text[:2].isalpha():
        raise InvalidValue(N_("Numer rachunku ma 26 cyfr (np. PL61 1090 1014 0000 0712 1981 "
                              "2874)."))
    if text[:2] != "PL":
        raise InvalidValue(N_("Dotacja może być przekazana tylko na rachunek w polskim banku "
                              "(numer zaczynający się od PL)."))
    return _number(text[2:], (26,),
                   only_digits=N_("Numer rachunku po „PL” może zawierać tylko cyfry."),
                   length="Numer rachunku ma 26 cyfr, a podano {n}.",
                   validate=lambda digits: std_iban.validate("PL" + digits),
                   check=N_("Numer rachunku ma nieprawidłowe cyfry kontrolne - sprawdź, czy "
                            "nie ma literówki."))


def normalise_email(value: Any) -> str:
    text = _text(value)
    if not text:
        raise InvalidValue(N_("Podaj adres e-mail."))
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(N_("Podaj poprawny adres e-mail (np. biuro@organizacja.pl).")) from exc
    return result.normalized.lower()


def normalise_phone(value: Any) -> str:
    """Optional; digits with spaces, dashes, brackets and a leading +; 9 to 15 digits."""
    text = _text(value)
    if not text:
        return ""
    if not re.fullmatch(r"\+?[0-9 \-()]+", text):
        raise InvalidValue(N_("Numer telefonu może zawierać cyfry, spacje, myślniki i znak +."))
    digits = re.sub(r"[^0-9]", "", text)
    if not 9 <= len(digits) <= 15:
        raise InvalidValue(N_("Numer telefonu ma od 9 do 15 cyfr."))
    return re.sub(r"\s+", " ", text)


def normalise_legal_form(value: Any) -> LegalForm:
    text = _text(value)
    if not text:
        raise InvalidValue(N_("Wybierz formę prawną."))
    try:
        return LegalForm(text)
    except ValueError as exc:
        raise InvalidValue(N_("Wybierz formę prawną z listy.")) from exc


def normalise_areas(values: Any) -> list[str]:
    codes = [_text(v) for v in (values or []) if _text(v)]
    if not codes:
        raise InvalidValue(N_("Wybierz co najmniej jeden obszar działalności pożytku publicznego "
                              "ze statutu."))
    unknown = [c for c in codes if c not in AREA_NAMES]
    if unknown:
        raise InvalidValue(N_("Wybierz obszary z listy."))
    return [code for code in AREA_NAMES if code in codes]  # the list's order, no repeats


def _optional_text(value: Any, field: str) -> str:
    text = _text(value)
    limit = MAX_LENGTHS.get(field)
    if limit and len(text) > limit:
        raise InvalidValue(f"Najwyżej {limit} znaków (podano {len(text)}).")
    return text


def _required_text(value: Any, field: str, message: str) -> str:
    if not _text(value):
        raise InvalidValue(message)
    return _optional_text(value, field)


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "y", "yes", "true", "on", "tak"}
    return bool(value)


def clean_representatives(rows: Any) -> tuple[list[dict], dict[str, list[str]]]:
    """Rows of {full_name, function, signs_alone}; wholly empty rows are dropped.

    Error keys are "representatives-<i>-<field>", <i> being the row's index as given.
    """
    cleaned: list[dict] = []
    errors: dict[str, list[str]] = {}
    for i, row in enumerate(rows or []):
        name, function = _text(row.get("full_name")), _text(row.get("function"))
        if not name and not function:
            continue
        entry = {"full_name": name, "function": function,
                 "signs_alone": _flag(row.get("signs_alone"))}
        for field, message in (("full_name", N_("Podaj imię i nazwisko osoby.")),
                               ("function", N_("Podaj funkcję (np. Prezes Zarządu)."))):
            try:
                entry[field] = _required_text(row.get(field), field, message)
            except InvalidValue as exc:
                errors.setdefault(f"representatives-{i}-{field}", []).append(str(exc))
        cleaned.append(entry)
    if not cleaned and not errors:
        errors["representatives"] = [N_("Podaj co najmniej jedną osobę upoważnioną do "
                                        "reprezentowania organizacji.")]
    return cleaned, errors


def clean_organisation(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check a whole organisation; returns (normalised values, {field: [messages]}).

    The values are complete only when there are no errors.
    """
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def check(field: str, fn, *args) -> None:
        try:
            values[field] = fn(data.get(field), *args)
        except InvalidValue as exc:
            errors.setdefault(field, []).append(str(exc))

    check("name", _required_text, "name", N_("Podaj nazwę organizacji."))
    check("legal_form", normalise_legal_form)
    check("nip", normalise_nip)
    check("regon", normalise_regon)
    check("street", _required_text, "street", N_("Podaj ulicę i numer."))
    check("postal_code", normalise_postal_code)
    check("city", _required_text, "city", N_("Podaj miejscowość."))
    check("email", normalise_email)
    check("phone", normalise_phone)
    check("iban", normalise_iban)
    check("areas", normalise_areas)
    check("signing_rule", _required_text, "signing_rule",
          N_("Opisz sposób reprezentacji (np. „dwóch członków zarządu łącznie”)."))

    # KRS, or for a church legal person another register (name and number).
    legal_form = values.get("legal_form")
    krs_typed = _text(data.get("krs"))
    values["other_register_name"] = None
    values["other_register_number"] = None
    if legal_form == LegalForm.CHURCH and not krs_typed:
        values["krs"] = None
        for field, message in (
            ("other_register_name", N_("Podaj numer KRS albo nazwę innego rejestru lub "
                                       "ewidencji, w której figuruje kościelna osoba prawna.")),
            ("other_register_number", N_("Podaj numer w innym rejestrze lub ewidencji.")),
        ):
            check(field, _required_text, field, message)
    else:
        if legal_form == LegalForm.CHURCH:
            check("other_register_name", _optional_text, "other_register_name")
            check("other_register_number", _optional_text, "other_register_number")
            values["other_register_name"] = values.get("other_register_name") or None
            values["other_register_number"] = values.get("other_register_number") or None
        try:
            values["krs"] = normalise_krs(data.get("krs"))
        except InvalidValue as exc:
            message = str(exc)
            if not krs_typed and legal_form is not None:
                message = N_("Podaj numer KRS (10 cyfr) - jest wymagany dla tej formy prawnej.")
            errors.setdefault("krs", []).append(message)

    reps, rep_errors = clean_representatives(data.get("representatives"))
    values["representatives"] = reps
    errors.update(rep_errors)
    return values, errors
