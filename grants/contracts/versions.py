"""A version's settings (the original's or an annex's): checked all at once, normalised, written
to the version's rows, and read back as plain values for the audit trail and the annex diff.

Problems are collected as (field, Polish message) pairs (grants.contracts.rules) and raised as
one ValidationFailed with field errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from grants.contracts import parties as representation
from grants.contracts import rules
from grants.contracts.deadlines import final_report_due, use_by_of, years_of
from grants.contracts.models import (
    Contract,
    ContractItem,
    ContractStatus,
    ContractTranche,
    ContractVersion,
    TrancheCondition,
)
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.extensions import db

ZERO = Decimal("0.00")
MAX_TEXT = 5000


def refuse_problems(problems: Sequence[rules.Problem], message: str,
                    more: Sequence[rules.Problem] = ()) -> None:
    """Raise ValidationFailed(message) with the problems as field errors (none: nothing)."""
    if not problems and not more:
        return
    field_errors: dict[str, list[str]] = {}
    for p in [*problems, *more]:
        field_errors.setdefault(p.field, []).append(p.message)
    raise ValidationFailed(message, field_errors=field_errors)


def ensure_open(contract: Contract) -> None:
    if contract.status in (ContractStatus.TERMINATED, ContractStatus.CLOSED):
        raise InvalidTransition(N_("Umowa została rozwiązana lub rozliczona - nie można jej "
                                   "zmieniać."))


def clean_iban(text: str | None) -> tuple[str, list[rules.Problem]]:
    raw = (text or "").strip()
    if not raw:
        return "", [rules.Problem("bank_account", N_("Podaj numer rachunku bankowego."))]
    candidate = raw.replace(" ", "").upper()
    if candidate.isdigit() and len(candidate) == 26:
        candidate = "PL" + candidate
    try:
        return stdnum_iban.validate(candidate), []
    except StdnumError:
        return raw, [rules.Problem("bank_account", N_("Numer rachunku jest nieprawidłowy "
                                                      "(sprawdź cyfry kontrolne IBAN)."))]


def text(data: Mapping, key: str, *, required: str | None = None, problems: list) -> str:
    value = (data.get(key) or "").strip()
    if required and not value:
        problems.append(rules.Problem(key, required))
    if len(value) > MAX_TEXT:
        problems.append(rules.Problem(key, N_("Tekst jest zbyt długi (najwyżej 5000 znaków).")))
    return value


def _use_by(start, end, given: Mapping, base: Mapping) -> dict[int, dt.date]:
    defaults = rules.default_use_by(start, end)
    return {year: given.get(year) or (base.get("use_by") or {}).get(year) or defaults[year]
            for year in rules.budget_years(start, end)}


def represents(text_value: str, organisation, key: str) -> list[rules.Problem]:
    """The persons named in `text_value` are as many as the organisation's signing rule needs
    (grants.contracts.parties); the problem is put on field `key`."""
    if not text_value or organisation is None:
        return []
    message = representation.representation_problem(
        text_value, representation.people_of(organisation), organisation.signing_rule or "",
        organisation.name)
    return [rules.Problem(key, message)] if message else []


def _parties(pick, problems: list, lead) -> tuple[str, str, str]:
    """The bank account and both parties' representatives."""
    bank, bank_problems = clean_iban(pick("bank_account"))
    problems += bank_problems
    merged = {k: pick(k) for k in ("authority_representatives",
                                   "organisation_representatives")}
    authority = text(merged, "authority_representatives", problems=problems,
                     required=N_("Podaj osoby reprezentujące organ."))
    organisation = text(merged, "organisation_representatives", problems=problems,
                        required=N_("Podaj osoby reprezentujące organizację."))
    problems += represents(organisation, lead, "organisation_representatives")
    return bank, authority, organisation


def _joint(data: Mapping, base: Mapping, partners: Sequence, problems: list) -> list[dict]:
    """The joint offerors' entries (grants.contracts.models.ContractVersion.joint_parties)
    with the representatives typed in `data["joint_representatives"]` (in the partners'
    order), or kept from `base`."""
    rows = list(base.get("joint_parties") or [])
    typed = data.get("joint_representatives")
    out = []
    for i, (row, organisation) in enumerate(zip(rows, partners, strict=True)):
        key = f"joint-{i}-representatives"
        given = typed[i] if typed is not None and i < len(typed) else row["representatives"]
        value = text({key: given}, key, problems=problems,
                     required=f"Podaj osoby reprezentujące organizację {organisation.name}.")
        problems += represents(value, organisation, key)
        out.append({**row, "representatives": value})
    return out


def validated(data: Mapping, *, base: Mapping, items: list[ItemRow], paid: Mapping[int, Decimal],
              existing: Sequence[int], message: str, parties: Sequence = (),
              more: Sequence[rules.Problem] = ()) -> dict:
    """Check every setting of a version at once and return them normalised. `base` holds the
    current values of what `data` leaves out (None); `parties` are the organisations on the
    organisation's side (the lead offeror, then the joint offerors of base["joint_parties"]),
    whose signing rules the named representatives must satisfy; `more` are the caller's own
    problems, refused together with these."""
    def pick(key):
        value = data.get(key)
        return base.get(key) if value is None else value

    problems: list[rules.Problem] = []
    start, end = pick("start_date"), pick("end_date")
    problems += rules.check_dates(start, end)
    use_by_map: dict[int, dt.date] = {}
    if not problems:
        use_by_map = _use_by(start, end, dict(data.get("use_by") or {}), base)
        problems += rules.check_use_by(start, end, use_by_map)
    item_pct, share_pp = pick("item_tolerance_pct"), pick("share_tolerance_pp")
    problems += rules.check_tolerances(item_pct, share_pp)
    bank, authority, organisation = _parties(pick, problems, parties[0] if parties else None)
    joint = _joint(data, base, parties[1:], problems)
    item_problems = rules.check_items(items, sum(paid.values(), ZERO))
    problems += item_problems
    grant = sum((i.planned_grant or ZERO for i in items), ZERO)
    tranches = list(pick("tranches") or [])
    if not item_problems:
        problems += rules.check_tranches(tranches, grant, paid=paid, existing=existing)
    refuse_problems(problems, message, more)
    return {"start_date": start, "end_date": end, "use_by": use_by_map[end.year],
            "years": years_of(use_by_map, end), "report_due": final_report_due(end),
            "grant_total": grant, "total_cost": sum((i.planned_total for i in items), ZERO),
            "item_tolerance_pct": q(item_pct), "share_tolerance_pp": q(share_pp),
            "bank_account": bank, "authority_representatives": authority,
            "organisation_representatives": organisation, "joint_parties": joint,
            "tranches": rules.number_tranches(tranches, existing), "items": items}


def _write_items(version: ContractVersion, rows: Sequence[ItemRow],
                 item_years: Mapping | None) -> None:
    old_items = {i.code: i for i in version.items}
    new_codes = [i.code for i in rows]
    for code, item in old_items.items():
        if code not in new_codes:
            version.items.remove(item)
    for pos, row in enumerate(rows, start=1):
        item = old_items.get(row.code)
        if item is None:
            item = ContractItem(code=row.code, name=row.name,
                                year=(item_years or {}).get(row.code))
            version.items.append(item)
        item.position, item.planned_total, item.planned_grant = (
            pos, q(row.planned_total), q(row.planned_grant))


def _write_tranches(version: ContractVersion, rows: Sequence[TrancheRow]) -> None:
    old_tranches = {t.number: t for t in version.tranches}
    keep = {r.number for r in rows}
    for number, tranche in old_tranches.items():
        if number not in keep:
            version.tranches.remove(tranche)
    db.session.flush()
    for row in rows:
        tranche = old_tranches.get(row.number)
        if tranche is None:
            tranche = ContractTranche(number=row.number)
            version.tranches.append(tranche)
        tranche.due_on, tranche.amount = row.due_on, q(row.amount)
        tranche.condition, tranche.year = TrancheCondition(row.condition), row.due_on.year


def write(version: ContractVersion, values: Mapping, *, item_years: Mapping | None = None) -> None:
    """Put validated() values on a draft version and its items and tranches."""
    for key in ("start_date", "end_date", "use_by", "years", "report_due", "grant_total",
                "total_cost", "item_tolerance_pct", "share_tolerance_pp", "bank_account",
                "authority_representatives", "organisation_representatives", "joint_parties"):
        setattr(version, key, values[key])
    _write_items(version, values["items"], item_years)
    _write_tranches(version, values["tranches"])


def version_snapshot(version: ContractVersion) -> dict:
    """The version's content as plain values (for the audit trail and the annex diff)."""
    return {
        "number": version.number, "title": version.title,
        "start_date": version.start_date, "end_date": version.end_date,
        "use_by": version.use_by, "years": list(version.years or []),
        "report_due": version.report_due, "grant_total": version.grant_total,
        "total_cost": version.total_cost, "item_tolerance_pct": version.item_tolerance_pct,
        "share_tolerance_pp": version.share_tolerance_pp,
        "bank_account": version.bank_account,
        "authority_representatives": version.authority_representatives,
        "organisation_representatives": version.organisation_representatives,
        # only a joint offer's: the content (and SHA-256) of other versions stays as it was
        **({"joint_parties": [dict(p) for p in version.joint_parties]}
           if version.joint_parties else {}),
        "items": [{"code": i.code, "name": i.name, "planned_total": i.planned_total,
                   "planned_grant": i.planned_grant} for i in version.items],
        "tranches": [{"number": t.number, "due_on": t.due_on, "amount": t.amount,
                      "condition": str(t.condition)} for t in version.tranches],
    }


def base_of(version: ContractVersion) -> dict:
    """The version's current settings, as validated() takes them."""
    return {"start_date": version.start_date, "end_date": version.end_date,
            "use_by": use_by_of(version), "item_tolerance_pct": version.item_tolerance_pct,
            "share_tolerance_pp": version.share_tolerance_pp,
            "bank_account": version.bank_account,
            "authority_representatives": version.authority_representatives,
            "organisation_representatives": version.organisation_representatives,
            "joint_parties": [dict(p) for p in version.joint_parties or []],
            "tranches": [TrancheRow(t.number, t.due_on, t.amount, str(t.condition))
                         for t in version.tranches]}


def paid_by_tranche(contract: Contract | None) -> dict[int, Decimal]:
    paid: dict[int, Decimal] = {}
    for p in (contract.payments if contract is not None else []):
        paid[p.tranche_number] = paid.get(p.tranche_number, ZERO) + p.amount
    return paid
