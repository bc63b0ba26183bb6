"""Forms of the offer (2018 template). Amounts typed the Polish way; a bad value keeps the
typed text and gets a message next to the field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from grants.core.forms import (
    ChoiceField,
    DecimalTextField,
    IntField,
    MoneyField,
    MultiCheckboxField,
    PlDateField,
    RowForm,
    checkboxes_form,
)
from grants.offers.rules import DECLARATIONS


class ScheduleRowForm(RowForm):
    action = StringField(_l("Nazwa działania"), [Length(max=300)])
    description = TextAreaField(_l("Opis działania"), [Length(max=5000)])
    target_group = StringField(_l("Grupa docelowa"), [Length(max=300)])
    start_date = PlDateField(_l("Data rozpoczęcia"))
    end_date = PlDateField(_l("Data zakończenia"))
    non_party = StringField(_l("Zakres działania realizowany przez podmiot niebędący stroną "
                               "umowy"), [Length(max=300)])


class ResultRowForm(RowForm):
    name = StringField(_l("Nazwa rezultatu"), [Length(max=300)])
    target_value = StringField(_l("Planowany poziom osiągnięcia rezultatu (wartość docelowa)"),
                               [Length(max=120)])
    monitoring = TextAreaField(_l("Sposób monitorowania rezultatów / źródło informacji"),
                               [Length(max=5000)])


class CostRowForm(RowForm):
    """A row of a cost calculation: the small grant's (art. 19a) whole row; the offer's
    (CostItemForm) adds its part, action and year."""

    name = StringField(_l("Rodzaj kosztu"), [Length(max=300)])
    unit = StringField(_l("Rodzaj miary"), [Length(max=60)])
    unit_cost = MoneyField(_l("Koszt jednostkowy [PLN]"))
    units = DecimalTextField(_l("Liczba jednostek"))
    grant_part = MoneyField(_l("W tym z dotacji [PLN]"))


class CostItemForm(CostRowForm):
    section = SelectField(_l("Część kalkulacji"),
                          choices=[SelectChoice("I", _l("I – działania")),
                                   SelectChoice("II", _l("II – administracja"))],
                          default="I", validate_choice=False)
    action_no = IntField(_l("Nr działania"), minimum=1, maximum=99)
    year = IntField(_l("Rok"), minimum=2000, maximum=2100)


class PartnerForm(RowForm):
    lookup = StringField(_l("NIP lub nazwa organizacji"), [Length(max=300)])
    actions = TextAreaField(_l("Działania realizowane przez oferenta"), [Length(max=5000)])
    cost_share = MoneyField(_l("Część kosztów [PLN]"))


class ContactFields:
    """The offer's contact person, for a FlaskForm to inherit (the small grant's names the
    person's role in its own label)."""

    contact_name = StringField(_l("Imię i nazwisko"), [Length(max=200)])
    contact_email = StringField(_l("Adres e-mail"), [Optional(), Email(
        message=_l("Podaj poprawny adres e-mail.")), Length(max=254)])
    contact_phone = StringField(_l("Telefon"), [Length(max=40)])


class UpdatableFields:
    """The parts of an offer its update after the award changes too (awards.forms.UpdateForm),
    for a FlaskForm to inherit: the results, the sources, the split and the rows of the
    schedule, the results and the costs."""

    expected_results = TextAreaField(_l("Zakładane rezultaty realizacji zadania"),
                                     [Length(max=10000)])
    # V.B
    own_financial = MoneyField(_l("Wkład własny finansowy [PLN]"))
    own_personal = MoneyField(_l("Wkład własny niefinansowy osobowy [PLN]"))
    own_in_kind = MoneyField(_l("Wkład własny niefinansowy rzeczowy [PLN]"))
    beneficiaries_cash = MoneyField(_l("Świadczenia pieniężne od odbiorców zadania [PLN]"))
    # V.C
    lead_cost_share = MoneyField(_l("Część kosztów oferenta składającego ofertę [PLN]"))
    # VI
    contribution_valuation = TextAreaField(_l("Sposób wyceny wkładu osobowego i rzeczowego"),
                                           [Length(max=10000)])
    # rows (III.4 schedule, III.6 results, V.A cost items)
    schedule = FieldList(FormField(ScheduleRowForm), min_entries=0, max_entries=200)
    results = FieldList(FormField(ResultRowForm), min_entries=0, max_entries=200)
    cost_items = FieldList(FormField(CostItemForm), min_entries=0, max_entries=500)


class OfferForm(ContactFields, UpdatableFields, FlaskForm):
    """The whole offer: contact person (II), results, sources, split, rows and the
    contribution's valuation (UpdatableFields), and the rest below."""

    # III. the task
    title = StringField(_l("Tytuł zadania publicznego"), [Length(max=300)])
    start_date = PlDateField(_l("Data rozpoczęcia"))
    end_date = PlDateField(_l("Data zakończenia"))
    place = TextAreaField(_l("Miejsce realizacji"), [Length(max=10000)])
    target_group = TextAreaField(_l("Grupa docelowa"), [Length(max=10000)])
    need = TextAreaField(_l("Potrzeba, na którą odpowiada zadanie"), [Length(max=10000)])
    complementarity = TextAreaField(_l("Komplementarność z innymi działaniami"),
                                    [Length(max=10000)])
    # IV
    previous_activity = TextAreaField(_l("Informacja o wcześniejszej działalności oferenta"),
                                      [Length(max=10000)])
    resources = TextAreaField(_l("Zasoby kadrowe, rzeczowe i finansowe oferenta"),
                              [Length(max=10000)])
    # VI
    unpaid_activity = BooleanField(_l("Zadanie realizowane w ramach nieodpłatnej działalności "
                                      "pożytku publicznego"))
    paid_activity = BooleanField(_l("Zadanie realizowane w ramach odpłatnej działalności "
                                    "pożytku publicznego"))
    other_info = TextAreaField(_l("Inne informacje"), [Length(max=10000)])
    # VII
    declarations = FormField(checkboxes_form(DECLARATIONS))
    # attachments
    upload_kind = SelectField(_l("Rodzaj załącznika"), choices=[], validate_choice=False)
    upload = FileField(_l("Plik"))
    # V.C joint offerors
    partners = FieldList(FormField(PartnerForm), min_entries=0, max_entries=20)

ROW_KINDS = ("schedule", "results", "cost_items", "partners")
ROW_FORMS = {"schedule": ScheduleRowForm, "results": ResultRowForm,
             "cost_items": CostItemForm, "partners": PartnerForm}


class NewOfferForm(FlaskForm):
    task_id = ChoiceField(_l("Zadanie konkursowe"), coerce=int,
                          validators=[DataRequired(message=_l("Wybierz zadanie."))])
    organisation_id = ChoiceField(_l("Organizacja składająca ofertę"), coerce=int,
                                  validators=[DataRequired(message=_l("Wybierz organizację."))])


class FileOfferForm(FlaskForm):
    signed_by = MultiCheckboxField(_l("Osoby upoważnione do reprezentacji potwierdzające "
                                      "złożenie oferty"), coerce=int, validate_choice=False)
    confirm = BooleanField(_l("Potwierdzam, że oferta jest kompletna i zgodna ze stanem "
                              "faktycznym i prawnym, a zaznaczone osoby upoważniły mnie do jej "
                              "złożenia."),
                           validators=[DataRequired(message=_l(
                               "Potwierdź złożenie oferty, zaznaczając pole."))])
