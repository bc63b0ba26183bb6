"""Forms of the administration pages (parsing only; the rules are in the services)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import DateInput

from grants.admin.services import ROLE_LABELS
from grants.auth.models import StaffRoleKind
from grants.core.forms import DecimalTextField, polish_choice
from grants.rules.catalogue import KEY_INDEX, KEYS


class DayField(Field):
    """A date from an <input type="date"> (2026-12-24) or typed the Polish way (24.12.2026);
    keeps what was typed on error."""

    widget = DateInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        self.data = None
        if not text:
            return
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                self.data = dt.datetime.strptime(text, pattern).date()
                return
            except ValueError:
                continue
        raise ValueError(str(_l("Podaj datę w postaci dd.mm.rrrr (np. 24.12.2026).")))


def _required(message):
    return InputRequired(message=message)


class RuleForm(FlaskForm):
    key = SelectField(_l("Reguła"), choices=lambda: [(k.key, _l(k.label)) for k in KEYS],
                      validate_choice=False, validators=[_required(_l("Wybierz regułę."))])
    value = DecimalTextField(_l("Nowa wartość"), validators=[_required(_l("Podaj wartość."))])
    effective_from = DayField(_l("Obowiązuje od dnia"),
                              validators=[_required(_l("Podaj datę wejścia w życie."))])
    legal_basis = StringField(_l("Podstawa prawna (np. Dz.U. 2026 poz. 123)"),
                              validators=[Length(max=500, message=_l("Najwyżej 500 znaków."))])

    def validate_key(self, field) -> None:
        if field.data not in KEY_INDEX:
            raise ValidationError(_l("Wybierz regułę z listy."))


class RateForm(FlaskForm):
    effective_from = DayField(_l("Obowiązuje od dnia"),
                              validators=[_required(_l("Podaj datę wejścia w życie."))])
    percent = DecimalTextField(_l("Stawka roczna w %"),
                               validators=[_required(_l("Podaj stawkę."))])
    legal_basis = StringField(_l("Podstawa (np. obwieszczenie Ministra Finansów)"),
                              validators=[Length(max=500, message=_l("Najwyżej 500 znaków."))])


def _organiser_choices(organisers, empty: str | None = None):
    choices = [polish_choice(str(o.id), f"{o.short_name} – {o.name}") for o in organisers]
    return ([SelectChoice("", empty)] if empty else []) + choices


def _role_choices(empty: str | None = None):
    choices = [(k.value, _l(ROLE_LABELS[k])) for k in StaffRoleKind]
    return ([("", empty)] if empty else []) + choices


class StaffAccountForm(FlaskForm):
    full_name = StringField(_l("Imię i nazwisko"),
                            validators=[_required(_l("Podaj imię i nazwisko."))])
    email = EmailField(_l("E-mail"), validators=[_required(_l("Podaj adres e-mail."))],
                       render_kw={"autocomplete": "off"})
    password = PasswordField(_l("Hasło początkowe (puste: wyślemy link do ustawienia hasła)"),
                             render_kw={"autocomplete": "new-password"})
    is_admin = BooleanField(_l("Administrator systemu"))
    organiser_id = SelectField(_l("Organizator (pierwsza rola, opcjonalnie)"),
                               validate_choice=False)
    role = SelectField(_l("Rola u organizatora"), validate_choice=False)

    def set_choices(self, organisers) -> None:
        self.organiser_id.choices = _organiser_choices(organisers, str(_l("— bez roli —")))
        self.role.choices = _role_choices(str(_l("— bez roli —")))


class GrantRoleForm(FlaskForm):
    email = EmailField(_l("E-mail osoby"), validators=[_required(_l("Podaj adres e-mail."))],
                       render_kw={"autocomplete": "off"})
    organiser_id = SelectField(_l("Organizator"), validate_choice=False,
                               validators=[_required(_l("Wybierz organizatora."))])
    role = SelectField(_l("Rola"), validate_choice=False,
                       validators=[_required(_l("Wybierz rolę."))])

    def __init__(self, *args, **kwargs):
        """Shown on the page of the account form: its own ids (the names stay), so each label
        points at its own field."""
        super().__init__(*args, **kwargs)
        for f in self:
            f.id = f"grant-{f.name}"
            f.label.field_id = f.id

    def set_choices(self, organisers) -> None:
        self.organiser_id.choices = _organiser_choices(organisers, str(_l("— wybierz —")))
        self.role.choices = _role_choices(str(_l("— wybierz —")))


class OrganiserForm(FlaskForm):
    name = StringField(_l("Pełna nazwa"), validators=[_required(_l("Podaj nazwę organizatora."))])
    short_name = StringField(_l("Skrót (np. MOPS)"),
                             validators=[_required(_l("Podaj skrót nazwy."))])
    authority = StringField(_l("Organ (np. Prezydent Miasta Sopotu)"),
                            validators=[_required(_l("Podaj organ."))])
    regon = StringField(_l("REGON"))
    nip = StringField(_l("NIP"))
    address = StringField(_l("Adres"))
    email = EmailField(_l("E-mail"))
    phone = StringField(_l("Telefon"))
    bip_url = StringField(_l("Adres strony BIP"), render_kw={"type": "url"})
    executive_body_id = SelectField(_l("Organ wykonawczy, dla którego działa"),
                                    validate_choice=False)

    def set_choices(self, bodies) -> None:
        self.executive_body_id.choices = _body_choices(
            bodies, str(_l("— organ wpisany wyżej —")))


def _body_choices(bodies, empty: str):
    return [SelectChoice("", empty)] + [polish_choice(str(b.id), b.name) for b in bodies]


class ExecutiveBodyForm(FlaskForm):
    """The executive body an organiser acts for: one of the list or a new one by name."""

    executive_body_id = SelectField(_l("Organ wykonawczy"), validate_choice=False)
    new_body = StringField(_l("albo nowy organ (nazwa)"))

    def set_choices(self, bodies) -> None:
        self.executive_body_id.choices = _body_choices(bodies, str(_l("— nowy organ —")))


class ReturnSettingsForm(FlaskForm):
    """The organiser's account and transfer title for returns of grants."""

    return_account = StringField(_l("Numer rachunku do zwrotów dotacji"))
    return_title = StringField(_l("Tytuł przelewu zwrotu"))
