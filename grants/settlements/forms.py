"""Forms of the settlement pages: the officer's finding date and note, finance staff's return
payment. Amounts typed the Polish way ("1 234,56"); a bad value keeps the typed text."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from grants.core.confirm import Understood
from grants.core.forms import MoneyField, PlDateField
from grants.core.once import OnceField


class SettleForm(FlaskForm):
    finding_date = PlDateField(_l("Data ustaleń (rozliczenia)"))
    note = TextAreaField(_l("Uwagi do rozliczenia"), [Length(max=5000)])
    understood = Understood()


class ReturnPaymentForm(FlaskForm):
    part_id = SelectField(_l("Należność"), choices=[], validate_choice=False)
    paid_on = PlDateField(_l("Data wpłaty (uznania rachunku)"))
    amount = MoneyField(_l("Kwota wpłaty [PLN]"))
    bank_reference = StringField(_l("Tytuł lub numer referencyjny przelewu"), [Length(max=120)])
    understood = Understood()
    once = OnceField()
