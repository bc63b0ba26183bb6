"""The verbs of settlements: the officer settles a final report (accepted, or - for a contract
terminated or whose report never came after the call - from what is known), finance staff
record the returns as they are paid. Services flush, never commit; the caller commits once.

The arithmetic is `settlements.rules` (settlement.md). Inputs (grants.settlements.inputs) come
from the contract version in force (items and tranches of the report's budget year for a
multi-year task, tolerances, the use-by date of that year), the transfers (Payment rows,
netted per tranche number so that a reversing entry cancels its transfer), the report's filed
(accepted) version - actual costs per item (C'_i = every source, G'_i = the grant), revenues
and bank interest not spent on the task - and the misuse findings of control (M_i per item,
one part per finding, due after the control's finding date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from grants.contracts import hooks as contract_hooks
from grants.contracts import permissions as contract_perms
from grants.contracts.models import Contract, ContractStatus
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.notifications import public_url, queue_mail
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.organisations.services import admin_emails
from grants.organisers.services import return_instructions
from grants.settlements import inputs, pdf, queries, rules
from grants.settlements.inputs import PartPlan, Prepared
from grants.settlements.labels import BASIS_LABELS, KIND_LABELS
from grants.settlements.models import ReturnPart, ReturnPayment, Settlement
from grants.taskreports.models import ReportStatus, TaskReport

ZERO = Decimal("0.00")
MAX_NOTE = 5000


@dataclass
class Preview:
    prepared: Prepared
    breakdown: rules.Breakdown
    parts: list[PartPlan] = field(default_factory=list)

    @property
    def result(self) -> rules.SettlementResult:
        return self.breakdown.result


_RULE_MESSAGES = [
    ("more than the grant paid", N_("W sprawozdaniu wykazano wydatki z dotacji wyższe niż "
                                    "przekazana dotacja - popraw sprawozdanie (korekta) albo "
                                    "ewidencję przelewów.")),
    ("misused", N_("Kwota nieprawidłowo wydatkowana przekracza wydatki z dotacji w pozycji "
                   "kosztorysu - sprawdź ustalenia kontroli.")),
    ("above actual total", N_("Wydatki z dotacji w pozycji przekraczają jej koszt "
                              "całkowity.")),
    ("planned total", N_("Planowany koszt całkowity zadania wynosi zero - nie można obliczyć "
                         "udziału dotacji.")),
]


def _rule_error(exc: ValueError) -> ValidationFailed:
    text = str(exc)
    for needle, message in _RULE_MESSAGES:
        if needle in text:
            return ValidationFailed(message)
    return ValidationFailed(msg("Nie można obliczyć rozliczenia: %(reason)s", reason=text))


def preview_settlement(report: TaskReport, *, finding_date: dt.date) -> Preview:
    """What settle_report would record on `finding_date` (nothing is written)."""
    prepared = inputs.prepare(report, finding_date=finding_date)
    try:
        breakdown = rules.compute(prepared.data, return_days=prepared.return_days)
    except ValueError as exc:
        raise _rule_error(exc) from exc
    return Preview(prepared, breakdown, inputs.plan_parts(prepared, breakdown.result))


# ---------------------------------------------------------------- recording

def details_of(preview: Preview) -> dict:
    b, p = preview.breakdown, preview.prepared
    s = str
    return {
        "items": [{"code": ln.code, "name": p.names.get(ln.code, ""),
                   "planned_total": s(ln.planned_total), "planned_grant": s(ln.planned_grant),
                   "allowed": s(ln.allowed), "actual_total": s(ln.actual_total),
                   "actual_grant": s(ln.actual_grant), "excess": s(ln.excess),
                   "misused": s(ln.misused), "eligible": s(ln.eligible)} for ln in b.lines],
        "grant_planned": s(b.grant_planned), "total_planned": s(b.total_planned),
        "grant_spent": s(b.grant_spent), "total_actual": s(b.total_actual),
        "eligible": s(b.eligible), "share": s(b.share),
        "share_limit_rate": s(b.share_limit_rate), "share_limit": s(b.share_limit),
        "tranches": [{"number": n, "paid_on": d.isoformat(), "amount": s(a)}
                     for n, d, a in p.tranches],
        "misused_by_tranche": {str(n): s(a) for n, a in sorted(p.misused_by_tranche.items())},
        "return_days": p.return_days, "year": p.report.year, "basis": p.basis.value,
    }


def _check_finding_date(report: TaskReport, finding_date) -> None:
    if not isinstance(finding_date, dt.date):
        raise ValidationFailed(N_("Podaj datę ustaleń."),
                               field_errors={"finding_date": [N_("Podaj datę ustaleń.")]})
    if finding_date > clock.today():
        msg = N_("Data ustaleń nie może być późniejsza niż dzisiejsza.")
        raise ValidationFailed(msg, field_errors={"finding_date": [msg]})
    if report.accepted_on is not None and report.status == ReportStatus.ACCEPTED \
            and finding_date < report.accepted_on:
        msg = N_("Data ustaleń nie może być wcześniejsza niż przyjęcie sprawozdania.")
        raise ValidationFailed(msg, field_errors={"finding_date": [msg]})


def settle_report(report: TaskReport, *, actor, finding_date: dt.date,
                  note: str = "") -> Settlement:
    """Record the settlement of a final report - accepted, or without it for a contract
    terminated or whose report never came after the call (inputs.settlement_basis): figures,
    per-item table, one ReturnPart per amount to return, the PDF; e-mail the organisation;
    close the contract when nothing is to be returned and every final report is settled."""
    contract = report.contract
    if not contract_perms.is_officer(actor, contract):
        raise NotAllowed(N_("Rozliczenie zapisuje pracownik merytoryczny organizatora."))
    if queries.settlement_of_report(report) is not None:
        raise InvalidTransition(N_("To sprawozdanie zostało już rozliczone."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        msg = N_("Uwagi mogą mieć najwyżej 5000 znaków.")
        raise ValidationFailed(msg, field_errors={"note": [msg]})
    _check_finding_date(report, finding_date)
    preview = preview_settlement(report, finding_date=finding_date)
    r, p = preview.result, preview.prepared
    settlement = Settlement(
        contract_id=contract.id, report_id=report.id, basis=p.basis,
        report_version_id=p.report_version.id if p.report_version else None,
        contract_version_id=p.version.id, finding_date=finding_date, use_by=p.data.use_by,
        item_tolerance_pct=p.version.item_tolerance_pct,
        share_tolerance_pp=p.version.share_tolerance_pp, paid=preview.breakdown.paid,
        unused=r.unused, excess_items=r.excess_items, misused=r.misused,
        excess_share=r.excess_share, revenues=r.revenues, bank_interest=r.bank_interest,
        total=r.total, unused_due=r.unused_due, excess_due=r.excess_due,
        misused_due=min((pt.due_on for pt in preview.parts if pt.misuse_finding_id),
                        default=r.misused_due),
        details=details_of(preview), note=note,
        recorded_at=clock.now(), recorded_by_id=actor.id)
    for plan in preview.parts:
        settlement.parts.append(ReturnPart(
            contract_id=contract.id, kind=plan.kind, principal=plan.principal,
            due_on=plan.due_on, interest_from=plan.interest_from,
            tranche_number=plan.tranche_number, misuse_finding_id=plan.misuse_finding_id))
    db.session.add(settlement)
    db.session.flush()
    settlement.pdf_file = _render_pdf(settlement, actor=actor)
    db.session.flush()
    audit.record(actor, "settlement.recorded", settlement, after={
        **audit.snapshot(settlement, ["report_id", "basis", "finding_date", "paid", "unused",
                                      "excess_items", "misused", "excess_share", "revenues",
                                      "bank_interest", "total", "unused_due", "excess_due",
                                      "misused_due", "note"]),
        "parts": [audit.snapshot(pt, ["id", "kind", "principal", "due_on", "interest_from",
                                      "tranche_number", "misuse_finding_id"])
                  for pt in settlement.parts]})
    _mail_settlement(settlement)
    _close_if_settled(contract, actor=actor, on=finding_date)
    return settlement


def _render_pdf(settlement: Settlement, *, actor) -> StoredFile:
    content = pdf.render_settlement_pdf(settlement=settlement, contract=settlement.contract,
                                        report=settlement.report, generated_at=clock.now())
    name = settlement.contract.number.replace("/", "-").replace(" ", "_")
    stored = StoredFile.from_bytes(f"rozliczenie-{name}-{settlement.report.year}.pdf",
                                   "application/pdf", content, created_by=actor)
    db.session.add(stored)
    return stored


def organisation_addresses(contract: Contract) -> list[str]:
    out = [contract.organisation.email] if contract.organisation.email else []
    for a in admin_emails(contract.organisation):
        if a and a not in out:
            out.append(a)
    return out


def _mail_settlement(settlement: Settlement) -> None:
    contract = settlement.contract
    to = organisation_addresses(contract)
    if not to:
        return
    queue_mail(db.session, to=to,
               subject=f"Rozliczenie dotacji – umowa {contract.number}",
               template="settlement_recorded", settlement=settlement, contract=contract,
               kind_labels=KIND_LABELS, basis_labels=BASIS_LABELS,
               instructions=return_instructions(contract.organiser, contract.number),
               url=public_url("settlements.show", settlement_id=settlement.id))


# ---------------------------------------------------------------- returns

def _paid_on_problem(part: ReturnPart, paid_on) -> str | None:
    if not isinstance(paid_on, dt.date):
        return N_("Podaj datę wpłaty.")
    if paid_on > clock.today():
        return N_("Data wpłaty nie może być późniejsza niż dzisiejsza.")
    first_transfer = min((p.paid_on for p in part.settlement.contract.payments
                          if p.amount > 0), default=None)
    if first_transfer is not None and paid_on < first_transfer:
        return N_("Data wpłaty nie może być wcześniejsza niż przekazanie dotacji.")
    if part.payments and paid_on < part.payments[-1].paid_on:
        return N_("Data wpłaty nie może być wcześniejsza niż ostatnia wpłata zarejestrowana "
                  "na tę należność.")
    return None


def _refuse_payment_input(part: ReturnPart, *, paid_on, amount, bank_reference: str) -> None:
    """The bank reference given (120 characters at most), the day the money reached the
    account - from the grant's first transfer (a return may come before the settlement is
    recorded) and the part's last payment up to today -, an amount above zero."""
    errors: dict[str, list[str]] = {}
    if not bank_reference:
        errors["bank_reference"] = [N_("Podaj tytuł lub numer referencyjny przelewu.")]
    elif len(bank_reference) > 120:
        errors["bank_reference"] = [N_("Numer referencyjny może mieć najwyżej 120 znaków.")]
    problem = _paid_on_problem(part, paid_on)
    if problem is not None:
        errors["paid_on"] = [problem]
    if not isinstance(amount, Decimal) or amount <= 0:
        errors["amount"] = [N_("Kwota wpłaty musi być większa od zera.")]
    if errors:
        raise ValidationFailed(N_("Wpłata nie została zapisana - popraw zaznaczone pola."),
                               field_errors=errors)


def record_return_payment(part: ReturnPart, *, actor, paid_on: dt.date, amount: Decimal,
                          bank_reference: str) -> ReturnPayment:
    """Finance staff record a payment against a part: split between principal and interest
    due on `paid_on` in proportion (art. 55 § 2); the contract closes when nothing is left."""
    settlement = part.settlement
    contract = settlement.contract
    if not contract_perms.is_finance(actor, contract):
        raise NotAllowed(N_("Zwroty rejestruje pracownik finansowy organizatora."))
    bank_reference = (bank_reference or "").strip()
    _refuse_payment_input(part, paid_on=paid_on, amount=amount, bank_reference=bank_reference)
    owed = queries.outstanding(part, paid_on)
    if owed.total <= 0:
        raise InvalidTransition(N_("Ta należność jest już w całości spłacona."))
    if amount > owed.total:
        text = msg("Wpłata %(amount)s przekracza kwotę należną w dniu %(day)s: %(total)s "
                   "(należność główna %(principal)s, odsetki %(interest)s).",
                   amount=Decimal(amount), day=paid_on, total=Decimal(owed.total),
                   principal=Decimal(owed.principal), interest=Decimal(owed.interest))
        raise ValidationFailed(text, field_errors={"amount": [text]})
    principal_part, interest_part = rules.split_payment(amount, owed.principal, owed.interest)
    before = audit.snapshot(part, ["principal_paid", "interest_paid", "settled_at"])
    payment = ReturnPayment(paid_on=paid_on, amount=amount, principal_part=principal_part,
                            interest_part=interest_part, interest_due_then=owed.interest,
                            bank_reference=bank_reference, recorded_at=clock.now(),
                            recorded_by_id=actor.id)
    part.payments.append(payment)
    part.principal_paid += principal_part
    part.interest_paid += interest_part
    if principal_part == owed.principal and interest_part == owed.interest:
        part.settled_at = clock.now()
    db.session.flush()
    audit.record(actor, "return.paid", payment, before=before, after={
        **audit.snapshot(payment, ["part_id", "paid_on", "amount", "principal_part",
                                   "interest_part", "interest_due_then", "bank_reference"]),
        **audit.snapshot(part, ["principal_paid", "interest_paid", "settled_at"])})
    _close_if_settled(contract, actor=actor, on=paid_on)
    return payment


def _close_if_settled(contract: Contract, *, actor, on: dt.date) -> bool:
    """Close the contract when every final report is settled and no part of any settlement
    has principal or interest left on `on`."""
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.TERMINATED):
        return False
    if not queries.everything_settled(contract, on):
        return False
    before = {"status": contract.status.value}
    contract.status = ContractStatus.CLOSED
    contract.closed_at = clock.now()
    db.session.flush()
    audit.record(actor, "contract.closed", contract, before=before,
                 after={"status": contract.status.value, "closed_at": contract.closed_at})
    contract_hooks.contract_closed.send(contract, on=on, actor=actor)
    return True
