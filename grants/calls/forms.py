"""Forms of the competitions area. Repeating groups are FieldLists of sub-forms whose rows are
added and removed by submit buttons (no JavaScript); nothing typed is lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from grants.calls.catalogue import MODE_LABELS, STATUTORY_CRITERIA
from grants.calls.models import Competition, Mode
from grants.calls.services import ROW_COLUMNS, ROW_MODELS, SCALARS
from grants.core import clock
from grants.core.forms import MoneyField, RowForm, amount_locale, polish_choice
from grants.core.i18n import translated
from grants.core.money import parse_amount
from grants.organisations.areas import AREAS
from grants.procedures.forms import RequiredChannelDates

BAD_DATE = _l("Podaj datę w formacie RRRR-MM-DD (np. 2026-12-24).")
BAD_TIME = _l("Podaj godzinę w formacie GG:MM (np. 12:00).")
BAD_INT = _l("Podaj liczbę całkowitą.")
BAD_CHOICE = _l("Wybierz jedną z dostępnych pozycji.")


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _area_choices() -> list[tuple[str, str]]:
    """The areas of public benefit, their names translated when rendered."""
    return [(code, _l(name)) for code, name in AREAS]


class NumberField(MoneyField):
    """A non-negative number (percent, points) typed with a comma or a dot: "80", "12,5"."""

    def parse(self, text: str) -> Decimal:
        try:
            value = parse_amount(text.replace("%", ""), amount_locale())
        except ValueError as exc:
            raise ValueError(str(_l("„%(text)s” nie jest liczbą (np. 80 lub 12,5).",
                                    text=text))) from exc
        if value < 0:
            raise ValueError(str(_l("Liczba nie może być ujemna.")))
        return value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = format(Decimal(self.data).normalize(), "f")
        return text.replace(".", ",") if amount_locale() == "pl" else text


def _money(label, required: bool = True, **kw):
    validators = [InputRequired(_l("Podaj kwotę."))] if required else [Optional()]
    return MoneyField(label, validators=validators, **kw)


def _date(label, required: bool = True, message=None):
    validators = [InputRequired(message or _l("Podaj datę."))] if required else [Optional()]
    return DateField(label, validators=validators, invalid_value_message=BAD_DATE)


# --- rows -------------------------------------------------------------------------------------

class TaskRowForm(RowForm):
    row_id = HiddenField()
    title = StringField(_l("Nazwa zadania"), validators=[
        InputRequired(_l("Podaj nazwę zadania.")), Length(max=300, message=_l("Najwyżej 300 znaków."))])
    description = TextAreaField(_l("Opis zadania (cel, grupa docelowa, zakres)"))
    funds = _money(_l("Wysokość środków przeznaczonych na zadanie (zł)"))
    min_grant = _money(_l("Minimalna kwota dotacji (zł)"), required=False)
    max_grant = _money(_l("Maksymalna kwota dotacji (zł)"))
    start_date = _date(_l("Początek realizacji"), message=_l("Podaj datę rozpoczęcia."))
    end_date = _date(_l("Koniec realizacji"), message=_l("Podaj datę zakończenia."))


class CriterionRowForm(RowForm):
    row_id = HiddenField()
    statutory_point = SelectField(
        _l("Punkt art. 15 ust. 1"), coerce=int,
        choices=[SelectChoice(p, f"{p}. {name}", render_kw={"lang": "pl"})  # the statute's words
                 for p, name in STATUTORY_CRITERIA.items()],
        invalid_value_message=BAD_CHOICE, invalid_choice_message=BAD_CHOICE)
    name = StringField(_l("Nazwa kryterium"), validators=[
        InputRequired(_l("Podaj nazwę kryterium.")), Length(max=300, message=_l("Najwyżej 300 znaków."))])
    max_points = NumberField(_l("Maks. punktów"), validators=[
        InputRequired(_l("Podaj maksymalną liczbę punktów."))])
    min_points = NumberField(_l("Min. punktów (opcjonalnie)"), validators=[Optional()])


class ChecklistRowForm(RowForm):
    row_id = HiddenField()
    text = StringField(_l("Wymóg formalny"), validators=[
        InputRequired(_l("Podaj treść wymogu.")), Length(max=500, message=_l("Najwyżej 500 znaków."))])


class AttachmentRowForm(RowForm):
    row_id = HiddenField()
    name = StringField(_l("Nazwa załącznika"), validators=[
        InputRequired(_l("Podaj nazwę załącznika.")), Length(max=300, message=_l("Najwyżej 300 znaków."))])
    mandatory = BooleanField(_l("Obowiązkowy"))


class SameKindRowForm(RowForm):
    row_id = HiddenField()
    source_competition_id = HiddenField()
    year = IntegerField(_l("Rok"), validators=[InputRequired(_l("Podaj rok.")), NumberRange(
        min=1990, max=2100, message=_l("Podaj rok (np. 2026)."))], invalid_value_message=BAD_INT)
    name = StringField(_l("Nazwa zadania"), validators=[
        InputRequired(_l("Podaj nazwę zadania.")), Length(max=300, message=_l("Najwyżej 300 znaków."))])
    total_cost = _money(_l("Koszt zadania (zł)"))
    grant = _money(_l("Dotacja dla organizacji (zł)"))


# Repeating groups: form attribute -> (row form, Polish name of one row for buttons/labels).
GROUPS: dict[str, str] = {
    "tasks": _l("Zadanie"),
    "criteria": _l("Kryterium"),
    "checklist": _l("Wymóg formalny"),
    "required_attachments": _l("Załącznik"),
    "same_kind_tasks": _l("Wiersz"),
}

# Inputs that count when deciding whether a row was left blank.
_CONTENT_TYPES = {"StringField", "TextAreaField", "MoneyField", "NumberField", "IntegerField"}


class CompetitionForm(FlaskForm):
    organiser_id = SelectField(_l("Organizator"), coerce=int, invalid_value_message=BAD_CHOICE,
                               invalid_choice_message=BAD_CHOICE)
    title = StringField(_l("Tytuł konkursu"), validators=[
        InputRequired(_l("Podaj tytuł konkursu.")), Length(max=300, message=_l("Najwyżej 300 znaków."))])
    reference = StringField(_l("Znak sprawy"), validators=[
        Length(max=60, message=_l("Najwyżej 60 znaków."))])
    area = SelectField(_l("Rodzaj zadania (sfera pożytku publicznego, art. 4 ust. 1)"),
                       choices=_choices([("", _l("– wybierz –"))] + _area_choices()),
                       validators=[InputRequired(_l("Wybierz rodzaj zadania."))],
                       invalid_choice_message=BAD_CHOICE)
    mode = SelectField(_l("Forma realizacji zadania"),
                       choices=_choices((m.value, label) for m, label in MODE_LABELS.items()),
                       invalid_choice_message=BAD_CHOICE)
    max_grant_pct = NumberField(_l("Maksymalny udział dotacji w kosztach zadania (%)"),
                                validators=[Optional()])
    min_own_pct = NumberField(_l("Minimalny wkład własny (% kosztów)"), validators=[Optional()])
    description = TextAreaField(_l("Opis zadania: cel, grupa docelowa, oczekiwane rezultaty"))
    grant_rules = TextAreaField(_l("Zasady przyznawania dotacji"))
    task_conditions = TextAreaField(_l("Terminy i warunki realizacji zadania"))
    tasks = FieldList(FormField(TaskRowForm))
    deadline_date = _date(_l("Termin składania ofert – dzień"),
                          message=_l("Podaj dzień terminu składania ofert."))
    confirm_day_off = BooleanField(
        _l("Potwierdzam termin składania ofert w sobotę, niedzielę lub święto"))
    deadline_time = TimeField(_l("Termin składania ofert – godzina (czas warszawski)"),
                              format="%H:%M", validators=[InputRequired(_l("Podaj godzinę."))],
                              invalid_value_message=BAD_TIME)
    selection_procedure = TextAreaField(_l("Tryb i kryteria stosowane przy wyborze ofert"))
    tie_break_point = SelectField(
        _l("Przy równej liczbie punktów decyduje najpierw wyższa średnia w kryterium"),
        choices=_choices([("", _l("– żadnym: tylko wcześniejsze złożenie oferty –"))]
                         + [(str(p), _l("art. 15 ust. 1 pkt %(n)d", n=p))
                            for p in STATUTORY_CRITERIA]),
        invalid_choice_message=BAD_CHOICE)
    criteria = FieldList(FormField(CriterionRowForm))
    min_score_pct = NumberField(_l("Minimalna liczba punktów uprawniająca do dotacji "
                                   "(% maksymalnej)"),
                                validators=[InputRequired(_l("Podaj minimalną liczbę punktów."))])
    checklist = FieldList(FormField(ChecklistRowForm))
    required_attachments = FieldList(FormField(AttachmentRowForm))
    decision_date = _date(_l("Termin dokonania wyboru ofert"), required=False)
    completion_days = IntegerField(
        _l("Termin na uzupełnienie braków formalnych (dni)"), invalid_value_message=BAD_INT,
        validators=[InputRequired(_l("Podaj liczbę dni.")),
                    NumberRange(1, 365, _l("Podaj liczbę dni od 1 do 365."))])
    update_days = IntegerField(
        _l("Termin na aktualizację oferty po przyznaniu niższej dotacji (dni)"),
        invalid_value_message=BAD_INT,
        validators=[InputRequired(_l("Podaj liczbę dni.")),
                    NumberRange(1, 365, _l("Podaj liczbę dni od 1 do 365."))])
    budget_division = StringField(_l("Dział"), validators=[
        Length(max=10, message=_l("Najwyżej 10 znaków."))])
    budget_chapter = StringField(_l("Rozdział"), validators=[
        Length(max=10, message=_l("Najwyżej 10 znaków."))])
    budget_paragraph = StringField(_l("Paragraf"), validators=[
        Length(max=10, message=_l("Najwyżej 10 znaków."))])
    based_on_draft_budget = BooleanField(
        _l("Ogłoszenie na podstawie projektu uchwały budżetowej (art. 13 ust. 5)"))
    same_kind_tasks = FieldList(FormField(SameKindRowForm))

    general_errors: list[str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.general_errors = []

    # -- organiser choice --------------------------------------------------------------------
    def set_organisers(self, organisers) -> None:
        """The organiser select appears only for an officer of several organisers."""
        if len(organisers) <= 1:
            del self.organiser_id
            return
        self.organiser_id.choices = [polish_choice(o.id, o.name) for o in organisers]

    # -- rows ----------------------------------------------------------------------------------
    def drop_blank_rows(self) -> None:
        """Rows left entirely empty are not part of what the user meant to save."""
        for group in GROUPS:
            field_list = getattr(self, group)
            kept = [e for e in field_list.entries if not _blank_entry(e)]
            if len(kept) != len(field_list.entries):
                field_list.entries = kept
                field_list._compact_indices()

    def add_row(self, group: str) -> None:
        field_list = getattr(self, group)
        entry = field_list.append_entry()
        if group == "required_attachments":
            entry.form.mandatory.data = True

    def remove_row(self, group: str, index: int) -> None:
        field_list = getattr(self, group)
        if 0 <= index < len(field_list.entries):
            del field_list.entries[index]
            field_list._compact_indices()

    def replace_rows(self, group: str, rows: list[dict]) -> None:
        field_list = getattr(self, group)
        field_list.entries = []
        field_list.last_index = -1
        for row in rows:
            field_list.append_entry(row)

    # -- data ----------------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """What the services take (see services module docstring)."""
        data: dict[str, Any] = {
            name: getattr(self, name).data for name in (
                "title", "reference", "area", "max_grant_pct", "min_own_pct", "description",
                "grant_rules", "task_conditions", "selection_procedure", "confirm_day_off",
                "min_score_pct", "decision_date", "completion_days", "update_days",
                "budget_division", "budget_chapter", "budget_paragraph",
                "based_on_draft_budget")
        }
        data["mode"] = Mode(self.mode.data)
        data["tie_break_point"] = _int_or_none(self.tie_break_point.data)
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = value.strip()
        if data["max_grant_pct"] is None:
            data["max_grant_pct"] = Decimal("100")
        data["offer_deadline"] = clock.local_instant(self.deadline_date.data,
                                                     self.deadline_time.data)
        for group in GROUPS:
            rows = []
            for entry in getattr(self, group).entries:
                sub = entry.form
                row = {"id": _int_or_none(sub.row_id.data)}
                for col in ROW_COLUMNS[group]:
                    value = getattr(sub, col).data
                    if col == "source_competition_id":
                        value = _int_or_none(value)
                    row[col] = value
                rows.append(row)
            data[group] = rows
        return data

    def apply_errors(self, field_errors: dict[str, list[str]], message: str = "") -> None:
        """Attach a service's per-field messages ("tasks.0.funds") to the form's inputs."""
        aliases = {"offer_deadline": "deadline_date"}
        for key, messages in field_errors.items():
            field = self._resolve(aliases.get(key, key))
            if field is None:
                self.general_errors.extend(translated(messages))
            else:
                field.errors = list(field.errors) + translated(messages)
        if message and not field_errors:
            self.general_errors.append(message)

    def _resolve(self, key: str):
        parts = key.split(".")
        field = self._fields.get(parts[0])
        if field is None:
            return None
        if len(parts) == 3 and parts[0] in GROUPS:
            try:
                entry = field.entries[int(parts[1])]
            except (ValueError, IndexError):
                return None
            return entry.form._fields.get(parts[2])
        return field if len(parts) == 1 and parts[0] not in GROUPS else None

    def error_list(self) -> list[tuple[str, str]]:
        """(input id, message) of every error, in form order, for the summary at the top."""
        out: list[tuple[str, str]] = [("", m) for m in self.general_errors]
        for name, field in self._fields.items():
            if name in GROUPS:
                for n, entry in enumerate(field.entries, 1):
                    for sub in entry.form:
                        for m in sub.errors:
                            out.append((sub.id, f"{GROUPS[name]} {n} – {sub.label.text}: {m}"))
            else:
                for m in field.errors if isinstance(field.errors, list | tuple) else []:
                    if not isinstance(m, dict | list | tuple):
                        out.append((field.id, f"{field.label.text}: {m}"))
        return out


class CorrectionForm(CompetitionForm):
    reason = TextAreaField(_l("Powód sprostowania (zostanie opublikowany)"), validators=[
        InputRequired(_l("Podaj powód sprostowania."))])


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _blank_entry(entry) -> bool:
    for sub in entry.form:
        if type(sub).__name__ in _CONTENT_TYPES:
            raw = (sub.raw_data or [""])[0] if sub.raw_data is not None else None
            if raw is None:
                if sub.data not in (None, ""):
                    return False
            elif str(raw).strip():
                return False
    return True


def form_data(competition: Competition | None = None, defaults: dict | None = None) -> dict:
    """The form's initial data, from a saved competition or from a new draft's defaults."""
    if competition is not None:
        source = {name: getattr(competition, name) for name in SCALARS}
        for group in ROW_MODELS:
            source[group] = [{"id": r.id, **{c: getattr(r, c) for c in ROW_COLUMNS[group]}}
                             for r in getattr(competition, group)]
    else:
        source = dict(defaults or {})
    data = {k: v for k, v in source.items() if k not in GROUPS and k != "offer_deadline"}
    data["mode"] = getattr(source.get("mode"), "value", source.get("mode"))
    point = source.get("tie_break_point")
    data["tie_break_point"] = str(point) if point is not None else ""
    deadline = source.get("offer_deadline")
    if deadline is not None:
        local = clock.to_local(deadline)
        data["deadline_date"] = local.date()
        data["deadline_time"] = time(local.hour, local.minute)
    for group in GROUPS:
        data[group] = [{**{k: v for k, v in row.items() if k != "id"},
                        "row_id": row.get("id") or ""} for row in source.get(group, [])]
    if competition is not None:
        data["organiser_id"] = competition.organiser_id
        data["confirm_day_off"] = competition.deadline_day_off_confirmed is not None
    return data


@dataclass
class RowAction:
    kind: str  # "save", "add", "remove", "fill_same_kind"
    group: str = ""
    index: int = -1


def parse_action(value: str | None) -> RowAction:
    """The pressed submit button: "save", "add:tasks", "remove:criteria:2", "fill_same_kind"."""
    parts = (value or "save").split(":")
    if parts[0] == "add" and len(parts) == 2 and parts[1] in GROUPS:
        return RowAction("add", parts[1])
    if parts[0] == "remove" and len(parts) == 3 and parts[1] in GROUPS and parts[2].isdigit():
        return RowAction("remove", parts[1], int(parts[2]))
    if parts[0] == "fill_same_kind":
        return RowAction("fill_same_kind")
    return RowAction("save")


class PublishForm(RequiredChannelDates, FlaskForm):
    """The days the announcement appears in the three channels (art. 13 ust. 3)."""


class DocumentForm(FlaskForm):
    title = StringField(_l("Tytuł dokumentu (np. Regulamin konkursu)"), validators=[
        Length(max=300, message=_l("Najwyżej 300 znaków."))])
    file = FileField(_l("Plik"))
