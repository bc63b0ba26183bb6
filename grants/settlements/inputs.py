"""The inputs of a settlement, gathered from the database (settlement.md).

A settlement settles the final report of a budget year. Its basis is
- REPORT: the accepted final report - actual costs per item, revenues and bank interest
  (only what was not spent on the task is returned);
- TERMINATED: the contract was terminated and the final report is not accepted;
- NO_REPORT: the final report never came: a call for it (art. 18 ust. 3 UDPP) was made and its
  deadline passed with nothing filed.
Without an accepted final report the officer settles from what is known: the tranches paid,
the accepted partial reports of the year (their actual costs, revenues and bank interest) and
the findings of control; grant spend not shown by an accepted report is unused. For a
terminated contract the funds were to be used by the day of termination when that is earlier
than the contract's date.

Each finding of control is its own part to return: due 15 days (`return_days`) after the
day the control found it (`found_on`, UFP art. 252 ust. 1), not after the settlement's
finding date, with interest from the day its tranche was transferred.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from grants.contracts.models import Contract, ContractStatus, ContractVersion
from grants.controls.models import MisuseFinding
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_, msg
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.settlements import rules
from grants.settlements.models import ReturnKind, ReturnPart, SettlementBasis
from grants.taskreports.models import ReportKind, ReportStatus, ReportVersion, TaskReport

ZERO = Decimal("0.00")


@dataclass
class PartPlan:
    """A part to return as the settlement would record it."""

    kind: ReturnKind
    principal: Decimal
    due_on: dt.date
    interest_from: dt.date
    tranche_number: int | None = None
    misuse_finding_id: int | None = None


@dataclass
class Known:
    """What the reports say of a year: actual (total, grant) per item code, and the revenues
    and bank interest not spent on the task."""

    costs: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    revenues: Decimal = ZERO
    bank_interest: Decimal = ZERO


@dataclass
class Prepared:
    """The inputs of one settlement, gathered from the database."""

    report: TaskReport
    contract: Contract
    version: ContractVersion
    report_version: ReportVersion | None
    basis: SettlementBasis
    data: rules.SettlementInput
    names: dict[str, str]
    tranches: list[tuple[int, dt.date, Decimal]]      # (number, first paid on, net amount)
    findings: list[MisuseFinding]
    return_days: int

    @property
    def misused_by_tranche(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for m in self.findings:
            out[m.tranche_number] += m.amount
        return dict(sorted(out.items()))


def year_scope(version: ContractVersion, year: int):
    """Item codes, tranche numbers and the use-by date of the budget year `year`."""
    multi = bool(version.years)
    items = list(version.items)
    if multi and any(it.year is not None for it in items):
        items = [it for it in items if it.year == year]
    tranche_numbers = {t.number for t in version.tranches}
    if multi:
        tranche_numbers = {t.number for t in version.tranches
                           if (t.year if t.year is not None else t.due_on.year) == year}
    use_by = version.use_by
    for row in version.years or []:
        if int(row.get("year", 0)) == year and row.get("use_by"):
            use_by = dt.date.fromisoformat(row["use_by"])
    return items, tranche_numbers, use_by, multi


def overdue_call(report: TaskReport, on: dt.date):
    """The call for the report whose deadline passed before `on` with nothing filed."""
    if report.filed_version is not None or report.status != ReportStatus.DUE:
        return None
    passed = [c for c in report.calls if c.due_on < on]
    return passed[-1] if passed else None


def settlement_basis(report: TaskReport, on: dt.date) -> SettlementBasis | None:
    """What the final report can be settled from on `on`, or None when it cannot yet."""
    if report.kind != ReportKind.FINAL:
        return None
    if report.status == ReportStatus.ACCEPTED:
        return SettlementBasis.REPORT
    if report.contract.status == ContractStatus.TERMINATED:
        return SettlementBasis.TERMINATED
    if overdue_call(report, on) is not None:
        return SettlementBasis.NO_REPORT
    return None


def _check_report(report: TaskReport, on: dt.date):
    if report.kind != ReportKind.FINAL:
        raise InvalidTransition(N_("Rozlicza się tylko sprawozdanie końcowe."))
    basis = settlement_basis(report, on)
    if basis is None:
        raise InvalidTransition(N_(
            "Rozliczyć można przyjęte sprawozdanie końcowe, a bez niego - umowę rozwiązaną "
            "albo taką, w której sprawozdania nie złożono mimo wezwania (art. 18 ust. 3)."))
    contract = report.contract
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.TERMINATED):
        raise InvalidTransition(N_("Rozliczyć można tylko sprawozdanie z podpisanej umowy."))
    version = contract.version_in_force
    if version is None:
        raise InvalidTransition(N_("Umowa nie ma podpisanej wersji."))
    filed = None
    if basis == SettlementBasis.REPORT:
        filed = report.filed_version
        if filed is None:
            raise InvalidTransition(N_("Sprawozdanie nie ma złożonej wersji."))
    return basis, contract, version, filed


def _unspent(version: ReportVersion) -> tuple[Decimal, Decimal]:
    """Revenues and bank interest not spent on the task (R, B) of one report version."""
    revenues = (version.revenues or ZERO) - (version.revenues_spent or ZERO)
    interest = (version.bank_interest or ZERO) - (version.bank_interest_spent or ZERO)
    if revenues < 0 or interest < 0:
        raise ValidationFailed(N_("Sprawozdanie wykazuje wydatkowanie na zadanie większej "
                                  "kwoty przychodów lub odsetek bankowych, niż uzyskano."))
    return revenues, interest


def _known(report: TaskReport, filed: ReportVersion | None) -> Known:
    """The final report's figures, or without it the accepted partial reports' of the year."""
    if filed is not None:
        versions = [filed]
    else:
        versions = [r.filed_version for r in db.session.scalars(
            select(TaskReport).where(TaskReport.contract_id == report.contract_id,
                                     TaskReport.kind == ReportKind.PARTIAL,
                                     TaskReport.year == report.year,
                                     TaskReport.status == ReportStatus.ACCEPTED)
            .order_by(TaskReport.sequence))]
        versions = [v for v in versions if v is not None]
    known = Known()
    for v in versions:
        for c in v.costs:
            total, grant = known.costs.get(c.item_code, (ZERO, ZERO))
            known.costs[c.item_code] = (total + c.actual_total, grant + c.actual_grant)
        revenues, interest = _unspent(v)
        known.revenues += revenues
        known.bank_interest += interest
    return known


def _tranches(contract: Contract, multi: bool, numbers: set[int]):
    net: dict[int, Decimal] = defaultdict(lambda: ZERO)
    first_paid: dict[int, dt.date] = {}
    for p in contract.payments:
        if multi and p.tranche_number not in numbers:
            continue
        net[p.tranche_number] += p.amount
        if p.amount > 0 and (p.tranche_number not in first_paid
                             or p.paid_on < first_paid[p.tranche_number]):
            first_paid[p.tranche_number] = p.paid_on
    return [(n, first_paid[n], net[n]) for n in sorted(net) if net[n] > 0 and n in first_paid]


def open_findings(contract: Contract, codes: set[str]) -> list[MisuseFinding]:
    """The contract's findings of misuse on `codes` that no part returns yet."""
    taken = select(ReturnPart.misuse_finding_id).where(
        ReturnPart.contract_id == contract.id, ReturnPart.misuse_finding_id.is_not(None))
    return [m for m in db.session.scalars(
        select(MisuseFinding).where(MisuseFinding.contract_id == contract.id,
                                    MisuseFinding.id.not_in(taken))
        .order_by(MisuseFinding.found_on, MisuseFinding.id)) if m.item_code in codes]


def prepare(report: TaskReport, *, finding_date: dt.date) -> Prepared:
    """The settlement's inputs; a ValidationFailed when the figures cannot be settled (e.g.
    more grant spent than paid)."""
    basis, contract, version, filed = _check_report(report, finding_date)
    items, tranche_numbers, use_by, multi = year_scope(version, report.year)
    if basis == SettlementBasis.TERMINATED and contract.terminated_on is not None:
        use_by = max(min(use_by, contract.terminated_on), version.start_date)
    codes = {it.code for it in items}
    known = _known(report, filed)
    unknown = sorted(set(known.costs) - {it.code for it in version.items})
    if unknown:
        raise ValidationFailed(
            msg("Sprawozdanie wykazuje koszty pozycji spoza umowy: %(codes)s.",
                codes=", ".join(unknown)))
    tranches = _tranches(contract, multi, tranche_numbers)
    findings = open_findings(contract, codes)
    paid_numbers = {n for n, _d, _a in tranches}
    missing = sorted({m.tranche_number for m in findings} - paid_numbers)
    if missing:
        raise ValidationFailed(
            msg("Nieprawidłowo wydatkowane środki przypisano do transz, których nie "
                "wypłacono: %(numbers)s.", numbers=", ".join(str(n) for n in missing)))
    misused: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for m in findings:
        misused[m.item_code] += m.amount
    rule_items = []
    for it in items:
        total, grant = known.costs.get(it.code, (ZERO, ZERO))
        if filed is None:  # misused money found by control was spent, whatever was reported
            grant = max(grant, misused.get(it.code, ZERO))
            total = max(total, grant)
        rule_items.append(rules.Item(code=it.code, planned_total=it.planned_total,
                                     planned_grant=it.planned_grant, actual_total=total,
                                     actual_grant=grant, misused=misused.get(it.code, ZERO)))
    data = rules.SettlementInput(
        items=rule_items, tranches=[rules.Tranche(paid_on=d, amount=a) for _n, d, a in tranches],
        item_tolerance_pct=version.item_tolerance_pct,
        share_tolerance_pp=version.share_tolerance_pp, use_by=use_by,
        finding_date=finding_date, revenues=known.revenues, bank_interest=known.bank_interest)
    return Prepared(report=report, contract=contract, version=version, report_version=filed,
                    basis=basis, data=data, names={it.code: it.name for it in items},
                    tranches=tranches, findings=findings,
                    return_days=rules_in_force(finding_date).return_days)


def misuse_part(finding: MisuseFinding, first_paid: dt.date, return_days: int) -> PartPlan:
    """One finding of misuse as a part: due `return_days` after the control's finding date,
    interest from the day its tranche was transferred."""
    return PartPlan(ReturnKind.MISUSED, finding.amount,
                    rules.finding_due_date(finding.found_on, return_days), first_paid,
                    tranche_number=finding.tranche_number, misuse_finding_id=finding.id)


def plan_parts(prepared: Prepared, result: rules.SettlementResult) -> list[PartPlan]:
    day = dt.timedelta(days=1)
    parts = []
    for kind, amount, due in (
            (ReturnKind.UNUSED, result.unused, result.unused_due),
            (ReturnKind.REVENUES, result.revenues, result.unused_due),
            (ReturnKind.BANK_INTEREST, result.bank_interest, result.unused_due),
            (ReturnKind.EXCESS_ITEMS, result.excess_items, result.excess_due),
            (ReturnKind.EXCESS_SHARE, result.excess_share, result.excess_due)):
        if amount > 0:
            parts.append(PartPlan(kind, amount, due, due + day))
    first_paid = {n: d for n, d, _a in prepared.tranches}
    parts += [misuse_part(m, first_paid[m.tranche_number], prepared.return_days)
              for m in prepared.findings]
    return parts
