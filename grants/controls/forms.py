"""Forms of control: a visit and a finding of misused spend."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from grants.core.forms import MoneyField, PlDateField


class VisitForm(FlaskForm):
    visited_on = PlDateField(_l("Data kontroli"))
    controllers = TextAreaField(_l("Kontrolę przeprowadzili (imiona, nazwiska, funkcje)"),
                                [Length(max=10000)])
    scope = TextAreaField(_l("Zakres kontroli"), [Length(max=10000)])
    documents_requested = TextAreaField(_l("Dokumenty, których zażądano"), [Length(max=10000)])
    findings = TextAreaField(_l("Ustalenia"), [Length(max=10000)])
    recommendations = TextAreaField(_l("Zalecenia pokontrolne"), [Length(max=10000)])
    recommendations_due = PlDateField(_l("Termin wykonania zaleceń"))


class MisuseForm(FlaskForm):
    visit_id = SelectField(_l("Kontrola, w której ustalono"), choices=[],
                           validate_choice=False)
    item_code = SelectField(_l("Pozycja kosztorysu"), choices=[], validate_choice=False)
    tranche_number = SelectField(_l("Transza, z której pochodziły środki"), choices=[],
                                 validate_choice=False)
    amount = MoneyField(_l("Kwota wykorzystana niezgodnie z przeznaczeniem [PLN]"))
    description = TextAreaField(_l("Na co wydatkowano środki"), [Length(max=10000)])
    found_on = PlDateField(_l("Data ustalenia"))
