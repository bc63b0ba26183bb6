"""The dashboard's filters and the export's date (GET forms: no CSRF token, nothing changes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

HORIZONS = (7, 14, 30, 60)
BAD_DATE = _l("Podaj datę w formacie RRRR-MM-DD (np. 2026-12-24).")
BAD_CHOICE = _l("Wybierz jedną z dostępnych pozycji.")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DashboardFilterForm(FlaskForm):
    """Year of the money chart and how far ahead the lists look. A value out of the choices
    is refused with a message and the defaults are used."""

    class Meta:
        csrf = False

    rok = SelectField(_l("Rok"), coerce=_int_or_none, validate_choice=False)
    dni = SelectField(_l("Terminy na najbliższe"), coerce=_int_or_none, validate_choice=False,
                      choices=[SelectChoice(d, _l("%(n)s dni", n=d)) for d in HORIZONS])

    def set_years(self, years: list[int]) -> None:
        self.rok.choices = [SelectChoice(y, str(y)) for y in years]

    def choose(self, *, year: int, days: int) -> tuple[int, int]:
        """The year and horizon asked for, or the defaults (with a message on the field)."""
        chosen = []
        for f, default in ((self.rok, year), (self.dni, days)):
            allowed = [choice.value for choice in f.choices]
            if f.raw_data and f.data not in allowed:
                f.errors = [BAD_CHOICE]
                f.data = default
            elif f.data is None:
                f.data = default
            chosen.append(f.data)
        return chosen[0], chosen[1]


class ExportForm(FlaskForm):
    class Meta:
        csrf = False

    do = DateField(_l("Przelewy z terminem do dnia"),
                   validators=[InputRequired(_l("Podaj datę."))],
                   invalid_value_message=BAD_DATE)
