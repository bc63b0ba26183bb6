"""Forms of the committee's pages. A bad value keeps the typed text and gets a message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import TextInput

from grants.core.forms import amount_locale
from grants.evaluation import rules


class PointsField(Field):
    """Points typed as amounts are in the interface's language ("12", "12,5" or "12.50";
    "12.5" in English); empty is None; the typed text is kept."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("inputmode", "decimal")
        kwargs["render_kw"].setdefault("autocomplete", "off")
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = format(self.data.normalize(), "f")
        return text.replace(".", ",") if amount_locale() == "pl" else text

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = rules.parse_points(valuelist[0], amount_locale())
        except ValueError as exc:
            self.data = None
            raise ValueError(gettext(str(exc))) from exc


class PercentField(Field):
    """A percentage 0-100 typed with a comma or a dot."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(self.data.normalize(), "f").replace(".", ",")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip().replace(" ", "").replace("%", "").replace(",", ".")
        if not text:
            self.data = None
            return
        try:
            value = Decimal(text)
            if not value.is_finite() or abs(value) > 1000:
                raise InvalidOperation
        except ArithmeticError as exc:
            self.data = None
            raise ValueError(str(_l("Podaj liczbę, np. 50 albo 12,5."))) from exc
        self.data = value


class SettingsForm(FlaskForm):
    justification_below_pct = PercentField(
        _l("Uzasadnienie wymagane poniżej (% maksimum kryterium)"))
    disagreement_pct = PercentField(
        _l("Rozbieżność ocen: rozrzut sum powyżej (% maksymalnej sumy)"))
    deviation_pct = PercentField(
        _l("Odchylenie członka: średnio powyżej (% maksymalnej sumy)"))


class AddMemberForm(FlaskForm):
    user_id = SelectField(_l("Osoba (rola członka komisji u organizatora)"))
    kind = SelectField(_l("Kogo reprezentuje"))
    naming_organisation_id = SelectField(_l("Organizacja, która wskazała osobę"))
    function = SelectField(_l("Funkcja w komisji"))


class DeclarationForm(FlaskForm):
    confirm = BooleanField(_l("Składam powyższe oświadczenie o bezstronności"))


class ConflictForm(FlaskForm):
    target = SelectField(_l("Oferta albo oferent, którego dotyczy konflikt"))
    reason = TextAreaField(_l("Okoliczność uzasadniająca wyłączenie (art. 24 KPA)"),
                           validators=[Length(max=5000)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Przyczyna zamknięcia oceny mimo braku części ocen"),
                           validators=[Length(max=5000)])
    confirm = BooleanField(_l("Zamykam ocenę ofert – po zamknięciu nie można zmienić "
                              "żadnej oceny"))


def score_form(criteria, *, formdata=None, data: dict | None = None) -> FlaskForm:
    """A form with `points_<id>` and `justification_<id>` for each criterion."""

    class ScoreForm(FlaskForm):
        pass

    for c in criteria:
        setattr(ScoreForm, f"points_{c.id}", PointsField(
            _l("Punkty (0–%(max)s)", max=_points_text(c.max_points))))
        setattr(ScoreForm, f"justification_{c.id}", TextAreaField(
            _l("Uzasadnienie"), validators=[Length(max=5000)], render_kw={"rows": 3}))
    if formdata is not None:
        return ScoreForm(formdata=formdata)
    return ScoreForm(formdata=None, data=data or {})


def _points_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")
