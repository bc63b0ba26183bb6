"""The rule set in force on a day, and the administrator's edits (each a new dated entry)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from grants.core import audit
from grants.core.errors import ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.interest import Rate
from grants.extensions import db
from grants.rules.catalogue import KEY_INDEX, KEYS
from grants.rules.models import RuleValue, TaxArrearsRate


@dataclass(frozen=True)
class RuleSet:
    """The statutory numbers in force on `on`. Attribute access by key: rules.offer_min_days."""

    on: date
    values: dict[str, Decimal]

    def __getattr__(self, key: str):
        values = object.__getattribute__(self, "values")
        if key not in values:
            raise AttributeError(key)
        spec = KEY_INDEX[key]
        return int(values[key]) if spec.integer else values[key]


def rules_in_force(on: date) -> RuleSet:
    """Latest entry of every key with effective_from <= on."""
    rows = db.session.execute(
        select(RuleValue.key, RuleValue.value, RuleValue.effective_from)
        .where(RuleValue.effective_from <= on)
        .order_by(RuleValue.key, RuleValue.effective_from)
    ).all()
    values: dict[str, Decimal] = {}
    for key, value, _eff in rows:
        values[key] = value
    missing = [k.key for k in KEYS if k.key not in values]
    if missing:
        raise ValidationFailed(
            msg("Brak zestawu reguł obowiązującego w dniu %(day)s (klucze: %(keys)s).", day=on,
                keys=", ".join(missing))
        )
    return RuleSet(on=on, values=values)


def _bad(field: str, message: str) -> ValidationFailed:
    """The refusal of one bad value of an edit, its message on the field."""
    return ValidationFailed(message, field_errors={field: [message]})


def set_rule(key: str, value: Decimal, effective_from: date, *, actor,
             legal_basis: str = "") -> RuleValue:
    """Add (or replace, for the same date) the value of `key` in force from `effective_from`."""
    spec = KEY_INDEX.get(key)
    if spec is None:
        raise _bad("key", msg("Nieznana reguła: %(key)s.", key=key))
    if value is None or value < 0:
        raise _bad("value", N_("Wartość reguły nie może być ujemna."))
    if spec.integer and value != value.to_integral_value():
        raise _bad("value", N_("Ta reguła przyjmuje tylko liczby całkowite."))
    existing = db.session.scalar(select(RuleValue).filter_by(key=key,
                                                             effective_from=effective_from))
    before = audit.snapshot(existing) if existing else None
    if existing:
        existing.value = value
        existing.legal_basis = legal_basis or existing.legal_basis
        row = existing
    else:
        row = RuleValue(key=key, value=value, effective_from=effective_from,
                        legal_basis=legal_basis or spec.legal_basis,
                        created_by_id=getattr(actor, "id", None))
        db.session.add(row)
    db.session.flush()
    audit.record(actor, "rule.set", row, before=before, after=audit.snapshot(row))
    return row


def set_rate(effective_from: date, percent: Decimal, *, actor, legal_basis: str = "") -> TaxArrearsRate:
    if percent is None or percent < 0 or percent > 100:
        raise _bad("percent", N_("Stopa procentowa musi mieścić się między 0 a 100."))
    row = db.session.scalar(select(TaxArrearsRate).filter_by(effective_from=effective_from))
    before = audit.snapshot(row) if row else None
    if row is None:
        row = TaxArrearsRate(effective_from=effective_from, percent=percent,
                             legal_basis=legal_basis, created_by_id=getattr(actor, "id", None))
        db.session.add(row)
    else:
        row.percent = percent
    db.session.flush()
    audit.record(actor, "tax_rate.set", row, before=before, after=audit.snapshot(row))
    return row


def rates() -> list[Rate]:
    return [Rate(r.effective_from, r.percent) for r in db.session.scalars(
        select(TaxArrearsRate).order_by(TaxArrearsRate.effective_from))]


def history() -> list[RuleValue]:
    return list(db.session.scalars(
        select(RuleValue).order_by(RuleValue.key, RuleValue.effective_from.desc())))
