"""A refusal with values (amounts, dates) is written once in Polish with its parameters and
shown in the viewer's language, the values formatted in the viewer's locale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from grants.core.actions import refusal_of
from grants.core.errors import ValidationFailed, refuse
from grants.core.i18n import msg, translate, translated
from grants.offers.costs import check_grant_amount

D = Decimal
POLISH = ("Wnioskowana dotacja 60\xa0000,00\xa0zł przekracza maksymalną kwotę dotacji dla "
          "zadania (50\xa0000,00\xa0zł) o 10\xa0000,00\xa0zł.")
ENGLISH = ("The grant requested, PLN\xa060,000.00, exceeds the task's maximum grant "
           "(PLN\xa050,000.00) by PLN\xa010,000.00.")


def _refusal() -> ValidationFailed:
    problems = check_grant_amount(D("60000"), D("1000"), D("50000"))
    try:
        refuse(problems, problems[0].message)
    except ValidationFailed as exc:
        return exc
    raise AssertionError("not refused")


def test_the_service_sees_polish_the_viewer_its_language():
    with force_locale("en"):
        exc = _refusal()
        assert exc.message == POLISH                    # services, logs and tests: Polish
        assert exc.field_errors == {"grant": [POLISH]}
        assert translate(exc.message) == ENGLISH
        assert translated(exc.field_errors["grant"]) == [ENGLISH]
        assert refusal_of(exc).messages == [ENGLISH]
    with force_locale("pl"):
        assert refusal_of(exc).messages == [POLISH]


def test_a_lazy_message_with_values_becomes_one():
    exc = ValidationFailed(_l("Wnioskowana dotacja %(grant)s jest niższa niż minimalna kwota "
                              "dotacji dla zadania (%(min)s).", grant=D("500"), min=D("1000")))
    assert exc.message == ("Wnioskowana dotacja 500,00\xa0zł jest niższa niż minimalna kwota "
                           "dotacji dla zadania (1\xa0000,00\xa0zł).")
    with force_locale("en"):
        assert translate(exc.message) == ("The grant requested, PLN\xa0500.00, is below the "
                                          "task's minimum grant (PLN\xa01,000.00).")


def test_dates_follow_the_viewer_and_an_unknown_message_stays_polish():
    message = msg("Termin minął %(day)s.", day=dt.date(2026, 12, 24))
    assert message == "Termin minął 24.12.2026."
    with force_locale("en"):
        assert translate(message) == "Termin minął 2026-12-24."   # no entry: Polish words
