"""What every area's forms share: fields for amounts and numbers typed in the interface's
language (core.money.parse_amount / format_amount) and dates typed the Polish way, row
sub-forms answering in Polish, and the one way a refused service's messages are put on a
form's fields.

Fields keep what was typed when it is wrong and say why next to the field; services receive
clean values (Decimal, date, int) or None.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, Form, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from grants.core import formatting
from grants.core.errors import DomainError
from grants.core.i18n import translate, translated
from grants.core.money import AmountError, format_amount, parse_amount


class RowForm(Form):
    """A row of a FieldList (or a sub-form). A plain wtforms.Form answers with WTForms' English
    messages ("Field cannot be longer than 120 characters."); this takes Flask-WTF's
    translations, as FlaskForm does."""

    class Meta:
        def get_translations(self, form):
            from flask_wtf.i18n import translations

            return translations


def checkboxes_form(items: Sequence[tuple[str, str]]) -> type[RowForm]:
    """A sub-form of one checkbox per (name, label): an offer's declarations."""
    return type("CheckboxesForm", (RowForm,), {name: BooleanField(label) for name, label in items})


def amount_locale() -> str:
    """The interface's language ("pl" or "en") in which amounts are typed and shown."""
    try:
        locale = get_locale()
    except (RuntimeError, KeyError):  # outside a request
        locale = None
    return "en" if str(locale or "pl").lower().startswith("en") else "pl"


class MoneyField(Field):
    """An amount in PLN typed in the interface's language (core.money.parse_amount: Polish
    "1 234,56", English "1,234.56"); keeps what was typed on error; a saved value is shown as
    format_amount gives it."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, minimum: Decimal | None = Decimal("0"),
                 **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None or isinstance(self.data, str):  # a default given as text
            return self.data or ""
        return format_amount(self.data, amount_locale())

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if text == "":
            self.data = None
            return
        try:
            self.data = self.parse(text)
        except ValueError:
            self.data = None
            raise

    def parse(self, text: str) -> Decimal:
        """The number typed (not empty); a ValueError carries the message shown next to the
        field. A field of other numbers (points, percentages) overrides this."""
        try:
            value = parse_amount(text, amount_locale())
        except AmountError as exc:
            raise ValueError(gettext(exc.msgid, **exc.values)) from exc
        if self.minimum is not None and value < self.minimum:
            raise ValueError(str(_l("Kwota nie może być ujemna.")))
        return value


class DecimalTextField(MoneyField):
    """A decimal number (units, percentages) typed as an amount is; shown without ",00"."""

    def _value(self) -> str:
        text = super()._value()
        if self.raw_data or not text:
            return text
        return text.removesuffix(",00" if amount_locale() == "pl" else ".00")


class PlDateField(DateField):
    """A date from <input type=date> (2027-01-31) or typed as 31.01.2027; empty is None.
    Dates outside 2000-2100 (the range of core.cleaning.clean_date) are refused with a
    message: a date like 31.12.9999 overflowed the services' deadline arithmetic (a 500)."""

    EARLIEST = datetime.date(2000, 1, 1)
    LATEST = datetime.date(2100, 12, 31)

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"],
                         invalid_value_message=_l("Podaj datę w formacie dd.mm.rrrr."),
                         **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        super().process_formdata([valuelist[0].strip()])
        if self.data is not None and not self.EARLIEST <= self.data <= self.LATEST:
            self.data = None
            raise ValueError(str(_l("Data spoza dopuszczalnego zakresu (2000-2100).")))


class IntField(Field):
    """A whole number; keeps what was typed on error; empty is None."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, minimum: int = 0, maximum: int = 10**6,
                 **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("inputmode", "numeric")
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        text = ((valuelist[0] if valuelist else "") or "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError as exc:
            self.data = None
            raise ValueError(str(_l("Podaj liczbę całkowitą."))) from exc
        if not self.minimum <= self.data <= self.maximum:
            self.data = None
            raise ValueError(str(_l("Podaj liczbę od %(low)d do %(high)d.",
                                    low=self.minimum, high=self.maximum)))


class ChoiceField(SelectField):
    """A select whose refusals (not a number, not on the list) read in Polish."""

    def gettext(self, string):
        return str(_l("Wybierz pozycję z listy."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConfirmForm(FlaskForm):
    """A POST that changes a state (withdraw, discard, close ...): the CSRF token and a
    confirmation."""

    confirm = BooleanField(_l("Potwierdzam"))


# ---------------------------------------------------------------- a refused service's messages

def flat_fields(form) -> dict:
    """Every field of a form by its full name (rows of FieldLists and sub-forms of FormFields
    included), so that a service's field_errors keyed by those names can be put in place."""
    out = {}
    for f in form:
        if f.type == "FieldList":
            out[f.name] = f
            for entry in f.entries:
                for sub in entry.form:
                    out[sub.name] = sub
        elif f.type == "FormField":
            for sub in f.form:
                out[sub.name] = sub
        else:
            out[f.name] = f
    return out


def _row_key(key: str, rows: Mapping[str, Sequence[int]]) -> str:
    """`kind-i-name` of the i-th row the service saw, as the name of the form's entry that
    row came from (entries removed on the page are not sent to the service)."""
    parts = key.split("-", 2)
    if len(parts) == 3 and parts[0] in rows and parts[1].isdigit():
        entries = rows[parts[0]]
        if int(parts[1]) < len(entries):
            return f"{parts[0]}-{entries[int(parts[1])]}-{parts[2]}"
    return key


def place_errors(form, field_errors: Mapping[str, Sequence[str]], *,
                 rows: Mapping[str, Sequence[int]] | None = None) -> list[str]:
    """Put a service's per-field messages (keys: field names, `kind-i-name` for rows) on the
    form's fields, translated; return the messages that belong to no field. `rows` maps a
    row table to the entry index of each row passed to the service."""
    fields = flat_fields(form) if form is not None else {}
    loose: list[str] = []
    for key, messages in field_errors.items():
        field = fields.get(_row_key(key, rows or {}))
        if field is not None and field.type != "FieldList":
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


def refusal_messages(exc: DomainError, loose: Sequence[str] = ()) -> list[str]:
    """The messages shown above a form a service refused: the refusal first, then the
    messages that belong to no field on the form (`loose`), each once."""
    first = translate(exc.message)
    out = [first]
    for message in loose:
        if message not in out:
            out.append(message)
    return out


def apply_refusal(form, exc: DomainError, *,
                  rows: Mapping[str, Sequence[int]] | None = None) -> list[str]:
    """place_errors() of the refusal's field errors, then refusal_messages()."""
    return refusal_messages(exc, place_errors(form, exc.field_errors or {}, rows=rows))


def polish_choice(value, label) -> SelectChoice:
    """An option whose label is Polish content (a name, a title): marked lang="pl" on a page in
    another language."""
    return SelectChoice(value, label, render_kw=formatting.lang_pl())
