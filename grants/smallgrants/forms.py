"""Forms of small grants. Amounts typed the Polish way; a bad value keeps the typed text and
gets a message next to the field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from grants.core.forms import (
    ChoiceField,
    IntField,
    MoneyField,
    PlDateField,
    checkboxes_form,
)
from grants.offers.forms import ContactFields, CostRowForm, ResultRowForm
from grants.smallgrants.rules import DECLARATIONS

ROW_KINDS = ("results", "cost_items")


class NewSmallGrantForm(FlaskForm):
    organisation_id = ChoiceField(_l("Organizacja składająca ofertę"), coerce=int,
                                  validators=[DataRequired(message=_l("Wybierz organizację."))])
    organiser_id = ChoiceField(_l("Organ, do którego kierujesz ofertę"), coerce=int,
                               validators=[DataRequired(message=_l("Wybierz organ."))])
    title = StringField(_l("Tytuł zadania publicznego"), [Length(max=300)])
    area = ChoiceField(_l("Sfera zadania publicznego"), validate_choice=True)


class SmallGrantForm(ContactFields, FlaskForm):
    title = StringField(_l("Tytuł zadania publicznego"), [Length(max=300)])
    area = ChoiceField(_l("Sfera zadania publicznego"))
    mode = ChoiceField(_l("Forma realizacji zadania"), default="wspieranie",
                       choices=[SelectChoice("wspieranie", _l("wspieranie – dotacja "
                                                              "współfinansuje zadanie")),
                                SelectChoice("powierzenie", _l("powierzenie – dotacja może "
                                                               "pokryć całość kosztów"))],
                       validate_choice=False)
    start_date = PlDateField(_l("Data rozpoczęcia"))
    end_date = PlDateField(_l("Data zakończenia"))
    description = TextAreaField(_l("Opis zadania"), [Length(max=10000)])
    place = TextAreaField(_l("Miejsce realizacji"), [Length(max=2000)])
    target_group = TextAreaField(_l("Grupa docelowa"), [Length(max=5000)])
    contact_name = StringField(_l("Osoba upoważniona do składania wyjaśnień"),
                               [Length(max=200)])
    own_financial = MoneyField(_l("Wkład własny finansowy [PLN]"))
    own_personal = MoneyField(_l("Wkład własny osobowy [PLN]"))
    own_in_kind = MoneyField(_l("Wkład własny rzeczowy [PLN]"))
    declarations = FormField(checkboxes_form(DECLARATIONS))
    results = FieldList(FormField(ResultRowForm), min_entries=0, max_entries=50)
    cost_items = FieldList(FormField(CostRowForm), min_entries=0, max_entries=200)


class FileForm(FlaskForm):
    confirm = BooleanField(_l("Potwierdzam, że oferta jest kompletna i zgodna ze stanem "
                              "faktycznym i prawnym, a osoby upoważnione do reprezentacji "
                              "organizacji upoważniły mnie do jej złożenia."),
                           validators=[DataRequired(message=_l(
                               "Potwierdź złożenie oferty, zaznaczając pole."))])


# ---------------------------------------------------------------- the officer

class AssessForm(FlaskForm):
    purposeful = RadioField(_l("Ocena celowości zadania"),
                            choices=[SelectChoice("yes", _l("zadanie celowe")),
                                     SelectChoice("no", _l("zadanie niecelowe"))],
                            validate_choice=False)
    assessment_note = TextAreaField(_l("Uzasadnienie / uwagi"), [Length(max=10000)])


class PublishForm(FlaskForm):
    bip_on = PlDateField(_l("Data publikacji w BIP"))
    board_on = PlDateField(_l("Data wywieszenia na tablicy ogłoszeń"))
    website_on = PlDateField(_l("Data publikacji na stronie internetowej organu"))


class ModerateForm(FlaskForm):
    comment_id = HiddenField()


class ConsiderForm(FlaskForm):
    consideration_note = TextAreaField(_l("Sposób rozpatrzenia uwag"), [Length(max=10000)])


# ---------------------------------------------------------------- the public

class CommentForm(FlaskForm):
    author_name = StringField(_l("Imię i nazwisko lub nazwa"), [Length(max=200)])
    email = StringField(_l("Adres e-mail (nieobowiązkowy, nie będzie publikowany)"),
                        [Length(max=254)])
    text = TextAreaField(_l("Treść uwagi"), [Length(max=4000)])
    # honeypot: hidden from people (and from assistive technologies); bots fill it in
    website = StringField(_l("Nie wypełniaj tego pola"))
    started = HiddenField()


# ---------------------------------------------------------------- the administrator

class YearPlanForm(FlaskForm):
    executive_body_id = ChoiceField(_l("Organ wykonawczy"), coerce=int,
                                    validators=[DataRequired(message=_l(
                                        "Wybierz organ wykonawczy."))])
    year = IntField(_l("Rok"), minimum=2000, maximum=2100,
                    validators=[DataRequired(message=_l("Podaj rok."))])
    planned_total = MoneyField(_l("Planowana kwota dotacji na zadania organizacji "
                                  "pozarządowych [PLN]"),
                               validators=[InputRequired(message=_l("Podaj kwotę."))])
    note = TextAreaField(_l("Podstawa (np. uchwała budżetowa, program współpracy)"),
                         [Length(max=2000)])
