"""Forms of the contract pages. Amounts are typed the Polish way ("1 234,56"), dates as
dd.mm.rrrr (or from a date input); a bad value keeps the typed text and gets a message next
to the field. Rows (use-by dates per year, tranches, budget items) are FieldLists; blank
tranche rows are ignored."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from grants.core.confirm import Understood
from grants.core.forms import DecimalTextField, MoneyField, PlDateField, RowForm
from grants.core.once import OnceField

CONDITION_CHOICES = [SelectChoice("none", _l("brak – według terminu")),
                     SelectChoice("partial_report", _l("po przyjęciu sprawozdania częściowego"))]


class UseByRowForm(RowForm):
    year = HiddenField()
    use_by = PlDateField(_l("Termin wykorzystania dotacji"))


class TrancheRowForm(RowForm):
    number = HiddenField()
    due_on = PlDateField(_l("Termin przekazania"))
    amount = MoneyField(_l("Kwota [PLN]"))
    condition = SelectField(_l("Warunek"), choices=CONDITION_CHOICES, default="none",
                            validate_choice=False)


class ItemRowForm(RowForm):
    code = HiddenField()
    planned_total = MoneyField(_l("Koszt całkowity [PLN]"))
    planned_grant = MoneyField(_l("W tym z dotacji [PLN]"))


class JointPartyForm(RowForm):
    """The representatives of a joint offeror (labelled with its name by version_form)."""

    representatives = TextAreaField(_l("Reprezentanci oferenta wspólnego"), [Length(max=5000)])


class VersionForm(FlaskForm):
    """The contract's settings (generation and the draft) and an annex's changes."""

    number = StringField(_l("Numer umowy"), [Length(max=60)])
    start_date = PlDateField(_l("Data rozpoczęcia zadania"))
    end_date = PlDateField(_l("Data zakończenia zadania"))
    use_by = FieldList(FormField(UseByRowForm), min_entries=0, max_entries=20)
    item_tolerance_pct = DecimalTextField(_l("Dopuszczalne zwiększenie pozycji kosztorysu "
                                             "finansowanej z dotacji [%]"))
    share_tolerance_pp = DecimalTextField(_l("Dopuszczalny wzrost udziału dotacji w "
                                             "całkowitym koszcie [pp]"))
    authority_representatives = TextAreaField(_l("Reprezentanci organu (Zleceniodawcy)"),
                                              [Length(max=5000)])
    organisation_representatives = TextAreaField(_l("Reprezentanci organizacji "
                                                    "(Zleceniobiorcy)"), [Length(max=5000)])
    joint = FieldList(FormField(JointPartyForm), min_entries=0, max_entries=20)
    bank_account = StringField(_l("Numer rachunku bankowego organizacji (IBAN)"),
                               [Length(max=60)])
    tranches = FieldList(FormField(TrancheRowForm), min_entries=0, max_entries=60)
    items = FieldList(FormField(ItemRowForm), min_entries=0, max_entries=500)
    reason = TextAreaField(_l("Przyczyna zawarcia aneksu"), [Length(max=5000)])


class AnnexForm(FlaskForm):
    reason = TextAreaField(_l("Przyczyna zawarcia aneksu"), [Length(max=5000)])


class SignForm(FlaskForm):
    signed_on = PlDateField(_l("Data podpisania"))
    for_authority = StringField(_l("Podpisał(-a) w imieniu organu (imię, nazwisko, funkcja)"),
                                [Length(max=500)])
    for_organisation = StringField(_l("Podpisał(-a) w imieniu organizacji (imiona, nazwiska, "
                                      "funkcje)"), [Length(max=500)])
    understood = Understood()


class PaymentForm(FlaskForm):
    tranche_number = SelectField(_l("Transza"), choices=[], validate_choice=False)
    paid_on = PlDateField(_l("Data przelewu"))
    amount = MoneyField(_l("Kwota przelewu [PLN]"))
    bank_reference = StringField(_l("Identyfikator przelewu (z wyciągu)"), [Length(max=120)])
    note = TextAreaField(_l("Uwagi"), [Length(max=5000)])
    understood = Understood()
    once = OnceField()


class TerminateForm(FlaskForm):
    terminated_on = PlDateField(_l("Data rozwiązania umowy"))
    reason = TextAreaField(_l("Przyczyna rozwiązania"), [Length(max=5000)])
    confirm = BooleanField(_l("Potwierdzam rozwiązanie umowy"))
