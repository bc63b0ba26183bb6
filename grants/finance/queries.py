"""Read helpers of the finance dashboard, the bank export and the reminders.

Every list is a fixed number of set-based statements whatever the number of contracts (the
dashboard of a centre with thousands of contracts stays fast; tests count the statements).
Sums are taken by the database in integer grosze (CAST(ROUND(amount * 100))) and turned into
Decimal here, so that no amount ever passes through a float - SQLite stores NUMERIC as REAL.

- `tranches_due`: tranches of the version in force of signed contracts with something left to
  pay, due on or before a day, payable ones first (the blocker says why the others wait);
- `reports_due`: final and partial reports expected (status due; the call's due date for a
  final report with a ReportCall) or in corrections (correction_due), due within N days or
  overdue;
- `returns_due`: parts to return still open, with the interest to date
  (`settlements.queries.outstanding`);
- `money_by_month` / `money_by_competition`: money paid, settled (the grant accounted for:
  paid - total to return) and returned in a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, and_, case, cast, exists, extract, func, select, true
from sqlalchemy.orm import aliased, subqueryload

from grants.calls.models import Competition
from grants.contracts import rules as contract_rules
from grants.contracts.models import (
    Contract,
    ContractStatus,
    ContractTranche,
    ContractVersion,
    Payment,
    TrancheCondition,
)
from grants.core.i18n import N_
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.rules.services import rates, rules_in_force
from grants.settlements.models import ReturnKind, ReturnPart, ReturnPayment, Settlement
from grants.settlements.queries import outstanding
from grants.taskreports.models import ReportCall, ReportKind, ReportStatus, TaskReport

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
SMALL_GRANTS_LABEL = N_("Tryb pozakonkursowy (art. 19a)")


def _grosze(column):
    """An amount column as an integer number of grosze (exact on SQLite and PostgreSQL)."""
    return cast(func.round(column * 100), BigInteger)


def _money(grosze) -> Decimal:
    return (Decimal(int(grosze or 0)) / HUNDRED).quantize(Decimal("0.01"))


def _scope(column, organiser_ids: Collection[int] | None):
    """Restrict to the organisers (or organisations) given (None: all - the reminders' run)."""
    if organiser_ids is None:
        return true()
    return column.in_(list(organiser_ids))


# ------------------------------------------------------------------------ tranches due

@dataclass(frozen=True)
class TrancheDue:
    contract_id: int
    contract_number: str
    organiser_id: int
    organisation_name: str
    iban: str
    tranche_number: int
    due_on: dt.date
    amount: Decimal
    paid: Decimal
    left: Decimal
    overdue: bool
    blocker: str | None          # a Polish msgid (translate when shown); None: payable now

    @property
    def payable(self) -> bool:
        return self.blocker is None

    @property
    def transfer_title(self) -> str:
        return f"Umowa {self.contract_number}, transza {self.tranche_number}"


def _is_version_in_force():
    """ContractVersion is the latest signed version of its contract: signed, and no later
    signed version exists. (A NOT EXISTS on the (contract_id, number) unique index: the
    planner cannot misjudge it as it did a grouped subquery right after a bulk load.)"""
    later = aliased(ContractVersion)
    return and_(ContractVersion.signed_on.is_not(None),
                ~exists().where(later.contract_id == ContractVersion.contract_id,
                                later.number > ContractVersion.number,
                                later.signed_on.is_not(None)))


def tranches_due(organiser_ids: Collection[int] | None, until: dt.date, *,
                 today: dt.date) -> list[TrancheDue]:
    """Tranches of the version in force of signed contracts with something left to pay
    (amount - paid on that tranche number), due on or before `until`; payable ones first,
    then by due date. One statement.

    The blocker is contracts.rules.tranche_blocker fed with figures the statement computes for
    all rows at once (contracts.queries.tranche_blocker would query per tranche): only signed
    contracts and unpaid tranches, and for each tranche the conditioned tranches up to it and
    the accepted partial reports. tests/finance/test_queries.py checks that both agree."""
    paid = (select(Payment.contract_id.label("contract_id"),
                   Payment.tranche_number.label("number"),
                   func.sum(_grosze(Payment.amount)).label("grosze"))
            .group_by(Payment.contract_id, Payment.tranche_number).subquery("paid"))
    accepted = (select(TaskReport.contract_id.label("contract_id"),
                       func.count().label("n"))
                .where(TaskReport.kind == ReportKind.PARTIAL,
                       TaskReport.status == ReportStatus.ACCEPTED)
                .group_by(TaskReport.contract_id).subquery("accepted"))
    earlier = ContractTranche.__table__.alias("earlier")
    needed = (select(func.count()).select_from(earlier)
              .where(earlier.c.version_id == ContractTranche.version_id,
                     earlier.c.condition == TrancheCondition.PARTIAL_REPORT.value,
                     earlier.c.number <= ContractTranche.number)
              .correlate(ContractTranche).scalar_subquery())
    paid_grosze = func.coalesce(paid.c.grosze, 0)
    stmt = (
        select(Contract.id, Contract.number, Contract.organiser_id, Organisation.name,
               ContractVersion.bank_account, ContractTranche.number, ContractTranche.due_on,
               ContractTranche.amount, ContractTranche.condition, paid_grosze,
               func.coalesce(accepted.c.n, 0), needed)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .join(ContractVersion, and_(ContractVersion.contract_id == Contract.id,
                                    _is_version_in_force()))
        .join(ContractTranche, ContractTranche.version_id == ContractVersion.id)
        .outerjoin(paid, and_(paid.c.contract_id == Contract.id,
                              paid.c.number == ContractTranche.number))
        .outerjoin(accepted, accepted.c.contract_id == Contract.id)
        .where(Contract.status == ContractStatus.SIGNED,
               _scope(Contract.organiser_id, organiser_ids),
               ContractTranche.due_on <= until,
               _grosze(ContractTranche.amount) > paid_grosze)
    )
    rows = []
    for (cid, number, organiser_id, org_name, iban, t_number, due_on, amount, condition,
         paid_gr, n_accepted, n_needed) in db.session.execute(stmt):
        paid_amount = _money(paid_gr)
        blocker = contract_rules.tranche_blocker(
            signed=True, amount=amount, paid=paid_amount,
            needs_report=condition == TrancheCondition.PARTIAL_REPORT,
            conditioned_up_to=n_needed, accepted_partial_reports=n_accepted)
        rows.append(TrancheDue(
            contract_id=cid, contract_number=number, organiser_id=organiser_id,
            organisation_name=org_name, iban=iban, tranche_number=t_number, due_on=due_on,
            amount=amount, paid=paid_amount, left=amount - paid_amount,
            overdue=due_on < today, blocker=blocker))
    rows.sort(key=lambda r: (not r.payable, r.due_on, r.contract_number, r.tranche_number))
    return rows


# ------------------------------------------------------------------------- reports due

@dataclass(frozen=True)
class ReportDue:
    report_id: int
    contract_id: int
    contract_number: str
    organiser_id: int
    organisation_id: int
    organisation_name: str
    kind: ReportKind
    year: int
    sequence: int
    status: ReportStatus
    due_on: dt.date              # the date that counts now (call / correction / report due)
    called: bool                 # a final report with a written call (art. 18 ust. 3)
    overdue: bool

    @property
    def is_correction(self) -> bool:
        return self.status == ReportStatus.CORRECTIONS


def _report_rows(where, *, today: dt.date) -> list[ReportDue]:
    calls = (select(ReportCall.report_id.label("report_id"),
                    func.max(ReportCall.due_on).label("due_on"))
             .group_by(ReportCall.report_id).subquery("calls"))
    called = and_(TaskReport.kind == ReportKind.FINAL, calls.c.due_on.is_not(None))
    effective = case((TaskReport.status == ReportStatus.CORRECTIONS, TaskReport.correction_due),
                     (called, calls.c.due_on),
                     else_=TaskReport.due_on)
    stmt = (
        select(TaskReport.id, Contract.id, Contract.number, Contract.organiser_id,
               Organisation.id, Organisation.name, TaskReport.kind, TaskReport.year,
               TaskReport.sequence, TaskReport.status, effective.label("effective"),
               case((called, True), else_=False))
        .join(Contract, Contract.id == TaskReport.contract_id)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .outerjoin(calls, calls.c.report_id == TaskReport.id)
        .where(Contract.status == ContractStatus.SIGNED, *where(effective))
        .order_by(effective, Contract.number, TaskReport.id)
    )
    return [ReportDue(report_id=rid, contract_id=cid, contract_number=number,
                      organiser_id=organiser_id, organisation_id=org_id,
                      organisation_name=org_name, kind=ReportKind(kind), year=year,
                      sequence=seq, status=ReportStatus(status), due_on=due,
                      called=bool(was_called), overdue=due < today)
            for (rid, cid, number, organiser_id, org_id, org_name, kind, year, seq, status,
                 due, was_called) in db.session.execute(stmt)]


def reports_due(organiser_ids: Collection[int] | None, *, today: dt.date,
                within_days: int = 7,
                organisation_ids: Collection[int] | None = None) -> list[ReportDue]:
    """Reports expected (status due) or in corrections whose date that counts falls within
    `within_days` days from `today` (both ends included) or has passed. One statement.
    `organisation_ids` restricts them to those organisations' contracts (None: all)."""
    until = today + dt.timedelta(days=within_days)
    return _report_rows(lambda effective: (
        _scope(Contract.organiser_id, organiser_ids),
        _scope(Contract.organisation_id, organisation_ids),
        TaskReport.status.in_([ReportStatus.DUE, ReportStatus.CORRECTIONS]),
        effective <= until), today=today)


def corrections_requested(organiser_ids: Collection[int] | None, *, today: dt.date,
                          organisation_ids: Collection[int] | None = None) -> list[ReportDue]:
    """Reports in corrections whose correction deadline has not passed (the reminders tell
    the organisation about the request and its deadline)."""
    return _report_rows(lambda effective: (
        _scope(Contract.organiser_id, organiser_ids),
        _scope(Contract.organisation_id, organisation_ids),
        TaskReport.status == ReportStatus.CORRECTIONS,
        effective >= today), today=today)


# ------------------------------------------------------------------------- returns due

@dataclass(frozen=True)
class ReturnDue:
    part_id: int
    settlement_id: int
    contract_id: int
    contract_number: str
    organiser_id: int
    organisation_id: int
    organisation_name: str
    kind: ReturnKind
    tranche_number: int | None
    due_on: dt.date
    interest_from: dt.date       # the first day interest counts when paid late
    principal_left: Decimal
    interest: Decimal            # interest to date (full złoty; 0 under the floor)
    overdue: bool

    @property
    def total(self) -> Decimal:
        return self.principal_left + self.interest


def returns_due(organiser_ids: Collection[int] | None, *, today: dt.date,
                until: dt.date | None = None,
                organisation_ids: Collection[int] | None = None) -> list[ReturnDue]:
    """Parts to return not yet settled (principal left or interest), due on or before `until`
    (every open part when None), with the interest due on `today`, by due date.

    Four statements whatever the number of parts: the parts with their contracts, their
    payments, the rate table and the rules in force, both read once and given to
    `settlements.queries.outstanding`. The payments are a subquery load (one statement joining
    this query as a subquery), not a selectin load: selectin sends the parts' ids 500 at a
    time, one more statement per 500 open parts (bench/run.py seeds ~500)."""
    stmt = (
        select(ReturnPart, Contract.number, Contract.organiser_id, Organisation.id,
               Organisation.name)
        .join(Contract, Contract.id == ReturnPart.contract_id)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .where(_scope(Contract.organiser_id, organiser_ids),
               _scope(Contract.organisation_id, organisation_ids),
               ReturnPart.settled_at.is_(None))
        .options(subqueryload(ReturnPart.payments))
        .order_by(ReturnPart.due_on, Contract.number, ReturnPart.id)
    )
    if until is not None:
        stmt = stmt.where(ReturnPart.due_on <= until)
    rows = []
    rate_table, floor = None, None
    for part, number, organiser_id, org_id, org_name in db.session.execute(stmt):
        if rate_table is None:
            rate_table, floor = rates(), rules_in_force(today).interest_floor
        owed = outstanding(part, today, rate_table=rate_table, floor=floor)
        if owed.principal <= 0 and owed.interest <= 0:
            continue
        rows.append(ReturnDue(
            part_id=part.id, settlement_id=part.settlement_id, contract_id=part.contract_id,
            contract_number=number, organiser_id=organiser_id, organisation_id=org_id,
            organisation_name=org_name, kind=ReturnKind(part.kind),
            tranche_number=part.tranche_number, due_on=part.due_on,
            interest_from=part.interest_from, principal_left=owed.principal, interest=owed.interest,
            overdue=part.due_on < today))
    return rows


# ---------------------------------------------------------------- money per month / competition

MEASURES = ("paid", "settled", "returned")


@dataclass
class MoneyRow:
    label: str                   # month number as text, or the competition's title
    paid: Decimal = ZERO
    settled: Decimal = ZERO
    returned: Decimal = ZERO
    month: int | None = None
    competition_id: int | None = None

    def add(self, measure: str, amount: Decimal) -> None:
        setattr(self, measure, getattr(self, measure) + amount)


@dataclass
class MoneyYear:
    year: int
    months: list[MoneyRow]           # 12 rows, January first (zeros included)
    competitions: list[MoneyRow]     # competitions with money in the year, then small grants
    totals: MoneyRow


def money_in_year(organiser_ids: Collection[int] | None, year: int) -> MoneyYear:
    """Money paid (transfers by their date), settled (for each settlement: paid - total to
    return, by the finding date) and returned (return payments by their date) in `year`, per
    month and per competition (small-grant contracts together). Three statements, each
    grouped by month and competition."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def grouped(source, day_column, amount, *joins):
        month = extract("month", day_column)
        stmt = select(month, Competition.id, Competition.title,
                      func.sum(amount)).select_from(source)
        for target, on in joins:
            stmt = stmt.join(target, on)
        return db.session.execute(
            stmt.outerjoin(Competition, Competition.procedure_id == Contract.procedure_id)
            .where(_scope(Contract.organiser_id, organiser_ids),
                   day_column >= first, day_column <= last)
            .group_by(month, Competition.id, Competition.title))

    results = {
        "paid": grouped(Payment, Payment.paid_on, _grosze(Payment.amount),
                        (Contract, Contract.id == Payment.contract_id)),
        "settled": grouped(Settlement, Settlement.finding_date,
                           _grosze(Settlement.paid) - _grosze(Settlement.total),
                           (Contract, Contract.id == Settlement.contract_id)),
        "returned": grouped(ReturnPayment, ReturnPayment.paid_on, _grosze(ReturnPayment.amount),
                            (ReturnPart, ReturnPart.id == ReturnPayment.part_id),
                            (Contract, Contract.id == ReturnPart.contract_id)),
    }
    months = [MoneyRow(label=str(m), month=m) for m in range(1, 13)]
    competitions: dict[int | None, MoneyRow] = {}
    totals = MoneyRow(label="")
    for measure, rows in results.items():
        for month, competition_id, title, grosze in rows:
            amount = _money(grosze)
            months[int(month) - 1].add(measure, amount)
            row = competitions.get(competition_id)
            if row is None:
                row = competitions[competition_id] = MoneyRow(
                    label=title if competition_id is not None else SMALL_GRANTS_LABEL,
                    competition_id=competition_id)
            row.add(measure, amount)
            totals.add(measure, amount)
    ordered = sorted((r for k, r in competitions.items() if k is not None),
                     key=lambda r: (r.label, r.competition_id))
    if None in competitions:
        ordered.append(competitions[None])
    return MoneyYear(year=year, months=months, competitions=ordered, totals=totals)


def years_with_money(organiser_ids: Collection[int] | None) -> list[int]:
    """Years of the first and the last transfer (for the year selector); one statement."""
    first, last = db.session.execute(
        select(func.min(Payment.paid_on), func.max(Payment.paid_on))
        .join(Contract, Contract.id == Payment.contract_id)
        .where(_scope(Contract.organiser_id, organiser_ids))).one()
    if first is None:
        return []
    return list(range(first.year, last.year + 1))
