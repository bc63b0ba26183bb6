"""Forms of the reports. Amounts typed the Polish way ("1 234,56"); a bad value keeps the
typed text and gets a message next to the field. Results and costs are rows of the draft
(their number is fixed by the contract); documents are rows the organisation adds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from grants.core.forms import MoneyField, PlDateField, RowForm


class ResultRowForm(RowForm):
    achieved_value = StringField(_l("Osiągnięta wartość"), [Length(max=120)])
    comment = TextAreaField(_l("Komentarz (np. przyczyna odchylenia)"), [Length(max=5000)])


class CostRowForm(RowForm):
    actual_grant = MoneyField(_l("Z dotacji"))
    actual_own = MoneyField(_l("Z wkładu własnego finansowego"))
    actual_other = MoneyField(_l("Z innych środków publicznych"))
    actual_personal = MoneyField(_l("Wkład osobowy"))
    actual_in_kind = MoneyField(_l("Wkład rzeczowy"))


class DocumentRowForm(RowForm):
    number = StringField(_l("Numer dokumentu"), [Length(max=120)])
    issued_on = PlDateField(_l("Data wystawienia"))
    issuer = StringField(_l("Wystawca"), [Length(max=300)])
    amount = MoneyField(_l("Kwota"))
    item_code = SelectField(_l("Pozycja kosztorysu"), choices=[], validate_choice=False)
    grant_part = MoneyField(_l("Z dotacji"))
    paid_on = PlDateField(_l("Data zapłaty"))


class ReportForm(FlaskForm):
    description = TextAreaField(_l("Opis wykonania zadania (zrealizowane działania)"),
                                [Length(max=20000)])
    deviations = TextAreaField(_l("Odstępstwa od planu i ich przyczyny"), [Length(max=10000)])
    results = FieldList(FormField(ResultRowForm), min_entries=0, max_entries=200)
    costs = FieldList(FormField(CostRowForm), min_entries=0, max_entries=500)
    revenues = MoneyField(_l("Przychody uzyskane przy realizacji zadania [PLN]"))
    revenues_spent = MoneyField(_l("w tym przychody wydatkowane na realizację zadania [PLN]"))
    bank_interest = MoneyField(_l("Odsetki bankowe od środków z dotacji [PLN]"))
    bank_interest_spent = MoneyField(_l("w tym odsetki bankowe wydatkowane na realizację "
                                        "zadania [PLN]"))
    other_info = TextAreaField(_l("Dodatkowe informacje"), [Length(max=10000)])
    documents = FieldList(FormField(DocumentRowForm), min_entries=0, max_entries=5000)
    confirm = BooleanField(_l("Oświadczam, że dane w sprawozdaniu są zgodne ze stanem "
                              "faktycznym i z dokumentacją księgową."))


def set_item_choices(form: ReportForm, codes: list[tuple[str, str]]) -> None:
    choices = [SelectChoice("", str(_l("– wybierz –")))] + [
        SelectChoice(code, f"{code} {name}".strip()) for code, name in codes]
    for entry in form.documents.entries:
        entry.form.item_code.choices = choices


class ImportForm(FlaskForm):
    file = FileField(_l("Plik XLSX z listą dokumentów"))


class StartForm(FlaskForm):
    pass


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Decyzja"), choices=[
        SelectChoice("accepted", _l("Przyjmuję sprawozdanie")),
        SelectChoice("corrections", _l("Wzywam do poprawienia lub uzupełnienia"))],
        validate_choice=False)
    note = TextAreaField(_l("Uwagi (przy wezwaniu do poprawek: co należy poprawić)"),
                         [Length(max=10000)])
    correction_due = PlDateField(_l("Termin złożenia poprawionego sprawozdania"))


class CallForm(FlaskForm):
    called_on = PlDateField(_l("Data wezwania"))
    delivered_on = PlDateField(_l("Data doręczenia wezwania"))
    note = TextAreaField(_l("Uwagi"), [Length(max=5000)])


class PartialRequestForm(FlaskForm):
    period_start = PlDateField(_l("Początek okresu sprawozdawczego"))
    period_end = PlDateField(_l("Koniec okresu sprawozdawczego"))
    requested_on = PlDateField(_l("Data wezwania"))
    delivered_on = PlDateField(_l("Data doręczenia wezwania"))
    due_on = PlDateField(_l("Termin złożenia sprawozdania"))
    note = TextAreaField(_l("Uwagi (zakres, forma)"), [Length(max=5000)])
