"""Forms of the organisation pages. They only parse: the rules are in validation.py and
services.py, whose per-field messages grants.core.forms.place_errors puts back on the fields
(the representatives' rows through `OrganisationForm.rows()`)."""

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
    StringField,
    TextAreaField,
)
from wtforms.validators import Length

from grants.core.forms import MultiCheckboxField, RowForm
from grants.organisations.areas import AREAS
from grants.organisations.models import LEGAL_FORM_LABELS, LegalForm


class Marked:
    """Marks a field as required (the asterisk and aria-required); the check is the service's."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


def _legal_form_choices() -> list[tuple[str, str]]:
    return [("", _l("— wybierz —"))] + [(f.value, gettext(LEGAL_FORM_LABELS[f])) for f in LegalForm]


class RepresentativeForm(RowForm):
    full_name = StringField(_l("Imię i nazwisko"), validators=[Marked()])
    function = StringField(_l("Funkcja"), validators=[Marked()])
    signs_alone = BooleanField(_l("Może reprezentować samodzielnie"))


class OrganisationForm(FlaskForm):
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
    areas = MultiCheckboxField(_l("Obszary działalności pożytku publicznego ze statutu"),
                               choices=lambda: [(c, gettext(n)) for c, n in AREAS],
                               validate_choice=False)
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

    def rows(self) -> dict[str, list[int]]:
        """`rows=` of place_errors: the service numbers the representatives in the order it got
        them, the form's entries by the index in their names (which need not run 0, 1, 2 ...:
        rows removed on the page leave gaps unless WTForms renumbers them)."""
        return {"representatives": [int(entry.name.rsplit("-", 1)[1])
                                    for entry in self.representatives.entries]}

    def list_row_errors(self, whole: list[str]) -> None:
        """Once a refusal is on the fields: the representatives' messages are listed at the top
        of the form too ("Osoba 2: ..."), and `whole` - those about the list as a whole - also
        above its table."""
        self.rows_errors = list(whole)
        summary = [gettext("Osoba %(n)d: %(message)s", n=n, message=message)
                   for n, entry in enumerate(self.representatives.entries, 1)
                   for sub in entry.form for message in sub.errors] + list(whole)
        if summary:
            self.representatives.errors = summary

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
    """The form's initial values for an existing organisation (the name and legal form it
    asked for, while an officer has not verified them yet)."""
    return {
        "name": org.requested_name, "legal_form": org.requested_legal_form.value, "krs": org.krs or "",
        "other_register_name": org.other_register_name or "",
        "other_register_number": org.other_register_number or "", "nip": org.nip,
        "regon": org.regon, "street": org.street, "postal_code": org.postal_code,
        "city": org.city, "email": org.email, "phone": org.phone, "iban": org.iban,
        "areas": list(org.areas or []), "signing_rule": org.signing_rule,
        "representatives": [{"full_name": r.full_name, "function": r.function,
                             "signs_alone": r.signs_alone} for r in org.representatives],
    }



class InviteForm(FlaskForm):
    email = EmailField(_l("Adres e-mail osoby zapraszanej"), validators=[Marked()],
                       render_kw={"autocomplete": "off"})


class VerifyForm(FlaskForm):
    note = TextAreaField(_l("Uwagi (przy odrzuceniu: powód, który zobaczy organizacja)"),
                         validators=[Length(max=2000, message=_l("Najwyżej 2000 znaków."))],
                         render_kw={"rows": 3})
