"""The officer's formal check form: every checklist item pass / fail with a note, the
outcome's reasons and the due date of a correction."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from grants.core.confirm import Understood
from grants.core.forms import PlDateField, RowForm
from grants.formal.services import MAX_NOTE, MAX_REASONS


class ItemForm(RowForm):
    passed = RadioField(_l("Wynik"), choices=[SelectChoice("pass", _l("spełnia")),
                                              SelectChoice("fail", _l("nie spełnia"))],
                        validate_choice=False)
    note = TextAreaField(_l("Uwagi"), validators=[
        Length(max=MAX_NOTE, message=_l("Najwyżej %(max)d znaków."))])


class CheckForm(FlaskForm):
    items = FieldList(FormField(ItemForm))
    reasons = TextAreaField(
        _l("Uzasadnienie: przyczyny odrzucenia albo co oferent ma uzupełnić"),
        validators=[Length(max=MAX_REASONS, message=_l("Najwyżej %(max)d znaków."))])
    due_date = PlDateField(_l("Termin uzupełnienia"))
    understood = Understood(_l("Rozumiem skutki odrzucenia oferty i chcę ją odrzucić"))


class CsrfForm(FlaskForm):
    """A POST button: the CSRF token only."""
