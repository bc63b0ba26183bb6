"""Forms of the organisation pages. They only parse: the rules are in validation.py and
services.py, whose per-field messages `apply_errors` puts back on the fields."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length

from grants.core.forms import RowForm
from grants.organisations.areas import AREAS
from grants.organisations.models import LEGAL_FORM_LABELS, LegalForm


def _without_nul(value):
    """PostgreSQL refuses NUL characters in text: drop them instead of failing with a 500."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMeta:
    """Form Meta: every text field drops NUL characters from what was typed."""

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, StringField):
            options = dict(options)
            options["filters"] = [*unbound_field.kwargs.get("filters", ()), _without_nul]
        return unbound_field.bind(form=form, **options)


class Marked:
    """Marks a field as required (the asterisk and aria-required); the check is the service's."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


def _legal_form_choices() -> list[tuple[str, str]]:
    return [("", _l("— wybierz —"))] + [(f.value, gettext(LEGAL_FORM_LABELS[f])) for f in LegalForm]


class RepresentativeForm(RowForm):
    class Meta(NulFreeMeta):
        pass

    full_name = StringField(_l("Imię i nazwisko"), validators=[Marked()])
    function = StringField(_l("Funkcja"), validators=[Marked()])
    signs_alone = BooleanField(_l("Może reprezentować samodzielnie"))


class OrganisationForm(FlaskForm):
    class Meta(NulFreeMeta):
        pass

    name = StringField(_l("Pełna nazwa organizacji"), validators=[Marked()])
    legal_form = SelectField(_l("Forma prawna"), choices=_legal_form_choices,
                             validate_choice=False, validators=[Marked()])
    krs = StringField(_l("Numer KRS"), render_kw={"inputmode": "numeric",
                                                  "autocomplete": "off"})
    other_register_name = StringField(_l("Nazwa innego rejestru lub ewidencji"))
    other_register_number = StringField(_l("Numer w innym rejestrze lub ewidencji"))
    nip = StringField(_l("NIP"), validators=[Marked()], render_kw={"autocomplete": "off"})
    regon = StringField(_l("REGON"), validators=[Marked()],
                        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    street = StringField(_l("Ulica i numer"), validators=[Marked()],
                         render_kw={"autocomplete": "street-address"})
    postal_code = StringField(_l("Kod pocztowy"), validators=[Marked()],
                              render_kw={"autocomplete": "postal-code"})
    city = StringField(_l("Miejscowość"), validators=[Marked()],
                       render_kw={"autocomplete": "address-level2"})
    email = EmailField(_l("E-mail organizacji"), validators=[Marked()],
                       render_kw={"autocomplete": "email"})
    phone = StringField(_l("Telefon"), render_kw={"autocomplete": "tel", "type": "tel"})
    iban = StringField(_l("Numer rachunku bankowego (IBAN)"), validators=[Marked()],
                       render_kw={"autocomplete": "off"})
    areas = SelectMultipleField(_l("Obszary działalności pożytku publicznego ze statutu"),
                                choices=lambda: [(c, gettext(n)) for c, n in AREAS],
                                validate_choice=False,
                                widget=widgets.ListWidget(prefix_label=False),
                                option_widget=widgets.CheckboxInput())
    signing_rule = TextAreaField(_l("Sposób reprezentacji"), validators=[Marked()],
                                 render_kw={"rows": 2})
    representatives = FieldList(FormField(RepresentativeForm), min_entries=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows_errors: list[str] = []  # about the representatives as a whole

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self[name].data for name in (
            "name", "legal_form", "krs", "other_register_name", "other_register_number", "nip",
            "regon", "street", "postal_code", "city", "email", "phone", "iban", "areas",
            "signing_rule")}
        data["representatives"] = [entry.form.data for entry in self.representatives]
        return data

    def handle_rows(self, formdata) -> bool:
        """The server-side "Dodaj wiersz" / "Usuń" buttons. True when one was pressed."""
        if "add_representative" in formdata:
            self.representatives.append_entry()
            return True
        remove = formdata.get("remove_representative")
        if remove is not None:
            entries = self.representatives.entries
            try:
                index = int(remove)
            except ValueError:
                return True
            if 0 <= index < len(entries) and len(entries) > 1:
                del entries[index]
            return True
        return False


def organisation_form_data(org) -> dict[str, Any]:
    """The form's initial values for an existing organisation."""
    return {
        "name": org.name, "legal_form": org.legal_form.value, "krs": org.krs or "",
        "other_register_name": org.other_register_name or "",
        "other_register_number": org.other_register_number or "", "nip": org.nip,
        "regon": org.regon, "street": org.street, "postal_code": org.postal_code,
        "city": org.city, "email": org.email, "phone": org.phone, "iban": org.iban,
        "areas": list(org.areas or []), "signing_rule": org.signing_rule,
        "representatives": [{"full_name": r.full_name, "function": r.function,
                             "signs_alone": r.signs_alone} for r in org.representatives],
    }


def apply_errors(form, field_errors: dict[str, list[str]]) -> list[str]:
    """Put a service's per-field messages on the form's fields; returns those left over.

    Keys are field names; representative rows use "representatives-<i>-<field>".
    """
    left: list[str] = []
    summary: list[str] = []  # the rows' messages, for the form's list of errors at the top
    for key, raw in field_errors.items():
        messages = [gettext(m) for m in raw]
        target = None
        if key in form._fields:
            target = form[key]
        elif key.startswith("representatives-") and "representatives" in form._fields:
            _, index, name = key.split("-", 2)
            entries = form.representatives.entries
            if index.isdigit() and int(index) < len(entries):
                target = entries[int(index)].form._fields.get(name)
                summary += [str(_l("Osoba %(n)d: %(message)s", n=int(index) + 1,
                                   message=m)) for m in messages]
        if isinstance(target, FieldList):
            form.rows_errors = list(form.rows_errors) + list(messages)
            summary += list(messages)
            continue
        if target is None:
            left.extend(messages)
            continue
        target.errors = list(target.errors or []) + list(messages)
    if summary and "representatives" in form._fields:
        form.representatives.errors = summary
    return left


class InviteForm(FlaskForm):
    class Meta(NulFreeMeta):
        pass

    email = EmailField(_l("Adres e-mail osoby zapraszanej"), validators=[Marked()],
                       render_kw={"autocomplete": "off"})


class VerifyForm(FlaskForm):
    class Meta(NulFreeMeta):
        pass

    note = TextAreaField(_l("Uwagi (przy odrzuceniu: powód, który zobaczy organizacja)"),
                         validators=[Length(max=2000, message=_l("Najwyżej 2000 znaków."))],
                         render_kw={"rows": 3})
