"""Form fields shared by every area: money typed the Polish way, percentages."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.widgets import TextInput

from grants.core.money import AmountError, parse_amount


class RowForm(Form):
    """A row of a FieldList (or a sub-form). A plain wtforms.Form answers with WTForms' English
    messages ("Field cannot be longer than 120 characters."); this takes Flask-WTF's
    translations, as FlaskForm does."""

    class Meta:
        def get_translations(self, form):
            from flask_wtf.i18n import translations

            return translations


class MoneyField(Field):
    """An amount in PLN: accepts "1 234,56" or "1234.56"; keeps what was typed on error."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, minimum: Decimal | None = Decimal("0"),
                 **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum
        self.raw = ""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:.2f}".replace(".", ",")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if text == "":
            self.data = None
            return
        try:
            self.data = parse_amount(text)
        except AmountError as exc:
            self.data = None
            raise ValueError(gettext(exc.msgid, **exc.values)) from exc
        if self.minimum is not None and self.data < self.minimum:
            self.data = None
            raise ValueError(str(_l("Kwota nie może być ujemna.")))


class DecimalTextField(MoneyField):
    """A decimal number (units, percentages) typed with a comma or a dot."""


def refusal_messages(exc, loose: list[str]) -> list[str]:
    """The messages shown above a form a service refused: the refusal first, then the
    messages that belong to no field on the form (`loose`), each once."""
    first = gettext(exc.message)
    return [first] + [m for m in loose if m != first]


def apply_refusal(form, exc) -> list[str]:
    """Put the field errors of a refused service (DomainError.field_errors, keyed by the
    form's field names) on the form's fields, translated; return refusal_messages()."""
    from grants.core.i18n import translated

    loose: list[str] = []
    for key, messages in (exc.field_errors or {}).items():
        field = form._fields.get(key)
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return refusal_messages(exc, loose)


def flat_fields(form) -> dict:
    """Every field of a form by its full name (rows of FieldLists and sub-forms of FormFields
    included), so that a service's field_errors keyed by those names can be put in place."""
    out = {}
    for f in form:
        if f.type == "FieldList":
            for entry in f.entries:
                for sub in entry.form:
                    out[sub.name] = sub
        elif f.type == "FormField":
            for sub in f.form:
                out[sub.name] = sub
        else:
            out[f.name] = f
    return out
