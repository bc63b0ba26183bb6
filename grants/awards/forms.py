"""Forms of the awards' pages. Amounts are typed the Polish way ("1 234,56"); a bad value
keeps the typed text and gets a message next to the field. The grants per offer are inputs
named grant-<award id>, parsed by the view (their number depends on the ranking)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length

from grants.core.confirm import Understood
from grants.core.forms import MoneyField, MultiCheckboxField, PlDateField, RowForm
from grants.offers.forms import UpdatableFields
from grants.procedures.forms import ChannelDates


class RankingForm(FlaskForm):
    """Building the ranking: the tie rule is the announcement's (nothing to choose)."""


class DecisionForm(FlaskForm):
    number = StringField(_l("Numer decyzji (zarządzenia)"), [Length(max=100)])
    decided_on = PlDateField(_l("Data decyzji"))
    signer = StringField(_l("Decyzję podpisał(-a) (imię, nazwisko, funkcja)"), [Length(max=200)])
    understood = Understood()


class PublishForm(ChannelDates, FlaskForm):
    """The days the results appear in the three channels (art. 15 ust. 2h)."""

    understood = Understood()


class ObjectionForm(FlaskForm):
    received_on = PlDateField(_l("Data wpływu"))
    author = StringField(_l("Autor (oferent lub inna osoba)"), [Length(max=300)])
    offer_id = SelectField(_l("Dotyczy oferty"), choices=[], validate_choice=False)
    content = TextAreaField(_l("Treść zastrzeżeń"), [Length(max=5000)])


class AnnulForm(ChannelDates, FlaskForm):
    reason = TextAreaField(_l("Uzasadnienie unieważnienia"), [Length(max=5000)])
    decision_number = StringField(_l("Numer decyzji (zarządzenia) o unieważnieniu – "
                                     "nieobowiązkowo"), [Length(max=100)])
    confirm = BooleanField(_l("Potwierdzam unieważnienie konkursu"))


class PartnerShareForm(RowForm):
    cost_share = MoneyField(_l("Część kosztów [PLN]"))


class UpdateForm(UpdatableFields, FlaskForm):
    """The offer's parts its update changes; of the joint offerors only their cost shares."""

    partners = FieldList(FormField(PartnerShareForm), min_entries=0, max_entries=20)


UPDATE_ROW_KINDS = ("schedule", "results", "cost_items")


class FileUpdateForm(FlaskForm):
    signed_by = MultiCheckboxField(_l("Osoby upoważnione do reprezentacji potwierdzające "
                                      "złożenie aktualizacji"), coerce=int,
                                   validate_choice=False)
    confirm = BooleanField(_l("Potwierdzam, że aktualizacja jest zgodna ze stanem faktycznym, a "
                              "zaznaczone osoby upoważniły mnie do jej złożenia."))


class DeclineForm(FlaskForm):
    confirm = BooleanField(_l("Potwierdzam rezygnację z dotacji"))
