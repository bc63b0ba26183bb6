"""The verbs of task reports (art. 18 UDPP). Services flush, never commit; the caller commits.

- `ensure_final_reports` (contract or annex signed) creates the final report(s);
- the organisation: `start_report_version` (prefilled from the contract, or a copy of the
  filed version when corrections were asked), `save_report_draft`, `import_documents`,
  `file_report` (checks of `filing_problems`, then frozen: content JSON + SHA-256);
- the officer: `request_partial_report`, `review_report` (accept / corrections with a due
  date), `record_report_call` (art. 18 ust. 3: 7 more days for a missing final report).

Messages are Polish (translated when shown); amounts are Decimal, dates `date`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from grants.auth.queries import staff_emails
from grants.contracts.models import Contract, ContractStatus, ContractVersion
from grants.core import audit, clock
from grants.core.deadlines import due_date
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import ZERO, q
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.taskreports import permissions
from grants.taskreports.models import (
    ReportCall,
    ReportCost,
    ReportDocument,
    ReportKind,
    ReportResult,
    ReportReview,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    ReviewDecision,
    TaskReport,
)


def final_report_periods(version: ContractVersion) -> list[tuple[int, dt.date, dt.date, dt.date]]:
    """(year, period start, period end, due date) of each final report the version requires:
    one for a task within one year; one per budget year for a multi-year task (the version's
    `years` rows, each with its own report_due)."""
    if not version.years:
        return [(version.end_date.year, version.start_date, version.end_date,
                 version.report_due)]
    periods = []
    for row in sorted(version.years, key=lambda r: r["year"]):
        year = int(row["year"])
        start = max(version.start_date, dt.date(year, 1, 1))
        end = min(version.end_date, dt.date(year, 12, 31))
        periods.append((year, start, end, dt.date.fromisoformat(row["report_due"])))
    return periods


def final_report_due(end: dt.date) -> dt.date:
    """30 days after the task ends (report_days of the rules in force on that day), moved off
    Saturdays and public holidays."""
    return due_date(end, rules_in_force(end).report_days)


def ensure_final_reports(contract: Contract, *, actor) -> list[TaskReport]:
    """Create the final report(s) the version in force requires and keep the due date of those
    not yet accepted in line with it (an annex may move the task's end). Called when the
    contract or an annex is signed."""
    version = contract.version_in_force
    if version is None:
        return []
    existing = {r.year: r for r in db.session.query(TaskReport).filter_by(
        contract_id=contract.id, kind=ReportKind.FINAL)}
    reports = []
    for year, start, end, due in final_report_periods(version):
        report = existing.get(year)
        if report is None:
            report = TaskReport(contract_id=contract.id, kind=ReportKind.FINAL, year=year,
                                sequence=1, period_start=start, period_end=end, due_on=due)
            db.session.add(report)
            audit.record(actor, "report.expected", report,
                         after={"year": year, "due_on": due.isoformat()})
        elif report.status != ReportStatus.ACCEPTED and (
                report.due_on, report.period_start, report.period_end) != (due, start, end):
            before = {"due_on": report.due_on.isoformat()}
            report.due_on, report.period_start, report.period_end = due, start, end
            audit.record(actor, "report.due_changed", report, before=before,
                         after={"due_on": due.isoformat()})
        reports.append(report)
    db.session.flush()
    return reports


# ---------------------------------------------------------------- helpers

MONEY_FIELDS = ("personal_input", "in_kind_input", "revenues", "bank_interest")
TEXT_FIELDS = {"description": 20000, "deviations": 10000, "other_info": 10000}
COST_FIELDS = ("actual_grant", "actual_own", "actual_other", "actual_personal",
               "actual_in_kind")
DOCUMENT_TEXT_LIMITS = {"number": 120, "issuer": 300, "item_code": 20}


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _zl(amount: Decimal) -> str:
    """1 234,56 zł (Polish, for the messages services raise)."""
    text = f"{q(amount):,.2f}".replace(",", "\xa0").replace(".", ",")
    return f"{text}\xa0zł"


def _money(value: Decimal | None) -> str:
    return str(q(value if value is not None else ZERO))


def _kind_label(report: TaskReport) -> str:
    return "końcowe" if report.kind == ReportKind.FINAL else "częściowe"


def _ensure_writer(actor, report: TaskReport) -> None:
    if not permissions.can_edit_report(actor, report):
        raise NotAllowed(N_("Sprawozdanie składają członkowie organizacji, z którą zawarto "
                            "umowę."))


def _ensure_reviewer(actor, report: TaskReport) -> None:
    if not permissions.can_review(actor, report):
        raise NotAllowed(N_("Sprawozdania oceniają urzędnicy organu, który zawarł umowę."))


def _version_in_force(contract: Contract) -> ContractVersion:
    version = contract.version_in_force
    if version is None or contract.status not in (ContractStatus.SIGNED,
                                                  ContractStatus.TERMINATED):
        raise InvalidTransition(N_("Sprawozdanie dotyczy podpisanej umowy."))
    return version


def _draft(report: TaskReport) -> ReportVersion:
    version = report.draft_version
    if version is None:
        raise InvalidTransition(N_("Nie ma wersji roboczej sprawozdania - najpierw ją "
                                   "rozpocznij."))
    return version


def organisation_emails(contract: Contract) -> list[str]:
    """The organisation's address and its members' (active users)."""
    emails = [contract.organisation.email] if contract.organisation.email else []
    for m in contract.organisation.memberships:
        if m.user is not None and m.user.active and m.user.email not in emails:
            emails.append(m.user.email)
    return emails


def report_items(report: TaskReport, version: ContractVersion) -> list:
    """The contract's budget items the report covers (a multi-year task: the items of the
    report's year and those without a year)."""
    items = list(version.items)
    if report.kind == ReportKind.FINAL and any(i.year == report.year for i in items):
        items = [i for i in items if i.year in (None, report.year)]
    return items


def use_by_for(report: TaskReport, version: ContractVersion) -> dt.date:
    """The date by which the grant reported on had to be used (per year for a multi-year
    task)."""
    for row in version.years or []:
        if int(row["year"]) == report.year and row.get("use_by"):
            return dt.date.fromisoformat(row["use_by"])
    return version.use_by


def paid_so_far(contract: Contract, on: dt.date) -> Decimal:
    """Transfers recorded with a date up to `on` (reversals included)."""
    return sum((p.amount for p in contract.payments if p.paid_on <= on), ZERO)


# ---------------------------------------------------------------- versions and drafts

def start_report_version(report: TaskReport, *, actor) -> ReportVersion:
    """A draft to write: the first one prefilled from the contract's version in force (one
    result per contract result with its target value, one cost row per budget item); after
    the officer asked for corrections, a copy of the filed version. An existing draft is
    returned as it is."""
    _ensure_writer(actor, report)
    contract_version = _version_in_force(report.contract)
    existing = report.draft_version
    if existing is not None:
        return existing
    if report.status == ReportStatus.FILED:
        raise InvalidTransition(N_("Sprawozdanie zostało złożone i czeka na ocenę urzędu - "
                                   "nie można go teraz zmieniać."))
    if report.status == ReportStatus.ACCEPTED:
        raise InvalidTransition(N_("Sprawozdanie zostało przyjęte - nie można go już "
                                   "zmieniać."))
    number = max((v.number for v in report.versions), default=0) + 1
    source = report.filed_version if report.status == ReportStatus.CORRECTIONS else None
    if source is not None:
        version = ReportVersion(
            number=number, state=ReportVersionState.DRAFT,
            **{f: getattr(source, f) for f in (*TEXT_FIELDS, *MONEY_FIELDS)})
        version.results = [ReportResult(position=r.position, name=r.name,
                                        target_value=r.target_value,
                                        achieved_value=r.achieved_value, comment=r.comment)
                           for r in source.results]
        version.costs = [ReportCost(position=c.position, item_code=c.item_code,
                                    item_name=c.item_name,
                                    **{f: getattr(c, f) for f in COST_FIELDS})
                         for c in source.costs]
        version.documents = [ReportDocument(
            position=d.position, number=d.number, issued_on=d.issued_on, issuer=d.issuer,
            amount=d.amount, item_code=d.item_code, grant_part=d.grant_part, paid_on=d.paid_on)
            for d in source.documents]
    else:
        version = ReportVersion(number=number, state=ReportVersionState.DRAFT)
        version.results = [ReportResult(position=i, name=r.name, target_value=r.target_value)
                           for i, r in enumerate(contract_version.results, start=1)]
        version.costs = [ReportCost(position=i, item_code=item.code, item_name=item.name)
                         for i, item in enumerate(report_items(report, contract_version),
                                                  start=1)]
    report.versions.append(version)
    db.session.flush()
    audit.record(actor, "report.version_started", version, after={
        "report_id": report.id, "number": number,
        "copy_of": source.number if source is not None else None})
    return version


def _clean_amount(value: Any, key: str, errors: dict[str, list[str]]) -> Decimal:
    if value is None or value == "":
        return ZERO
    if not isinstance(value, Decimal):
        errors.setdefault(key, []).append(N_("Podaj kwotę (np. 1234,56)."))
        return ZERO
    if value < 0:
        errors.setdefault(key, []).append(N_("Kwota nie może być ujemna."))
        return ZERO
    return q(value)


def _clean_text(value: Any, key: str, limit: int, errors: dict[str, list[str]]) -> str:
    text = (value or "").strip() if isinstance(value, str) else ("" if value is None
                                                                 else str(value))
    if len(text) > limit:
        errors.setdefault(key, []).append(f"Tekst jest za długi (najwyżej {limit} znaków).")
    return text


def clean_documents(rows: Sequence[Mapping[str, Any]],
                    errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Documents as stored: number, issued_on, issuer, amount (> 0), item_code, grant_part
    (0 .. amount), paid_on. Problems go to `errors` under documents-<i>-<field>."""
    out = []
    for i, row in enumerate(rows):
        key = f"documents-{i}-"
        doc: dict[str, Any] = {}
        for name, limit in DOCUMENT_TEXT_LIMITS.items():
            doc[name] = _clean_text(row.get(name), key + name, limit, errors)
            if not doc[name]:
                errors.setdefault(key + name, []).append({
                    "number": N_("Podaj numer dokumentu."),
                    "issuer": N_("Podaj wystawcę dokumentu."),
                    "item_code": N_("Wybierz pozycję kosztorysu."),
                }[name])
        issued, paid = row.get("issued_on"), row.get("paid_on")
        if not isinstance(issued, dt.date):
            errors.setdefault(key + "issued_on", []).append(N_("Podaj datę wystawienia."))
            issued = None
        if paid is not None and not isinstance(paid, dt.date):
            errors.setdefault(key + "paid_on", []).append(N_("Podaj datę zapłaty."))
            paid = None
        amount = _clean_amount(row.get("amount"), key + "amount", errors)
        if row.get("amount") in (None, "") or (isinstance(row.get("amount"), Decimal)
                                               and row["amount"] == 0):
            errors.setdefault(key + "amount", []).append(
                N_("Podaj kwotę dokumentu (większą od zera)."))
        grant = _clean_amount(row.get("grant_part"), key + "grant_part", errors)
        if amount > 0 and grant > amount:
            errors.setdefault(key + "grant_part", []).append(
                f"Część z dotacji ({_zl(grant)}) nie może być większa od kwoty dokumentu "
                f"({_zl(amount)}).")
        doc.update(issued_on=issued, paid_on=paid, amount=amount, grant_part=grant)
        out.append(doc)
    return out


def _replace_documents(version: ReportVersion, docs: Iterable[Mapping[str, Any]]) -> None:
    version.documents.clear()
    db.session.flush()
    for pos, d in enumerate(docs, start=1):
        version.documents.append(ReportDocument(position=pos, **d))


def save_report_draft(report: TaskReport, *, actor, data: Mapping[str, Any]) -> ReportVersion:
    """Save the draft: part I (description, deviations, results achieved per target), part II
    (actual costs per item and source; personal and in-kind input; revenues and bank
    interest), other information and the list of documents.

    `data`: the text and money fields by name; "results" and "costs" lists aligned with the
    draft's rows; "documents" a list of dicts (number, issued_on, issuer, amount, item_code,
    grant_part, paid_on) replacing the draft's list. Nothing is saved when a value is wrong
    (ValidationFailed with field_errors like documents-2-amount)."""
    _ensure_writer(actor, report)
    version = _draft(report)
    errors: dict[str, list[str]] = {}
    texts = {name: _clean_text(data.get(name), name, limit, errors)
             for name, limit in TEXT_FIELDS.items()}
    amounts = {name: _clean_amount(data.get(name), name, errors) for name in MONEY_FIELDS}
    results = list(data.get("results") or [])
    costs = list(data.get("costs") or [])
    if len(results) != len(version.results) or len(costs) != len(version.costs):
        raise ValidationFailed(N_("Formularz nie odpowiada wersji sprawozdania - odśwież "
                                  "stronę."))
    clean_results = [
        {"achieved_value": _clean_text(r.get("achieved_value"), f"results-{i}-achieved_value",
                                       120, errors),
         "comment": _clean_text(r.get("comment"), f"results-{i}-comment", 5000, errors)}
        for i, r in enumerate(results)]
    clean_costs = [{f: _clean_amount(c.get(f), f"costs-{i}-{f}", errors) for f in COST_FIELDS}
                   for i, c in enumerate(costs)]
    docs = None
    if "documents" in data:
        docs = clean_documents(list(data["documents"] or []), errors)
    if errors:
        raise ValidationFailed(N_("Sprawozdanie nie zostało zapisane - popraw zaznaczone pola."),
                               field_errors=errors)
    before = audit.snapshot(version, [*TEXT_FIELDS, *MONEY_FIELDS])
    for name, value in {**texts, **amounts}.items():
        setattr(version, name, value)
    for row, values in zip(version.results, clean_results, strict=True):
        row.achieved_value, row.comment = values["achieved_value"], values["comment"]
    for row, values in zip(version.costs, clean_costs, strict=True):
        for f, v in values.items():
            setattr(row, f, v)
    if docs is not None:
        _replace_documents(version, docs)
    version.updated_at = clock.now()
    db.session.flush()
    audit.record(actor, "report.draft_saved", version, before=before, after={
        **audit.snapshot(version, [*TEXT_FIELDS, *MONEY_FIELDS]),
        "costs": [{"item_code": c.item_code, **{f: getattr(c, f) for f in COST_FIELDS}}
                  for c in version.costs],
        "documents": len(version.documents)})
    return version


def import_documents(report: TaskReport, *, actor,
                     rows: Sequence[Mapping[str, Any]]) -> ReportVersion:
    """Replace the draft's list of documents with `rows` (parsed by taskreports.imports):
    all or nothing."""
    _ensure_writer(actor, report)
    version = _draft(report)
    errors: dict[str, list[str]] = {}
    docs = clean_documents(rows, errors)
    if errors:
        raise ValidationFailed(N_("Nie zaimportowano dokumentów - plik zawiera błędy."),
                               field_errors=errors)
    before = {"documents": len(version.documents)}
    _replace_documents(version, docs)
    db.session.flush()
    audit.record(actor, "report.documents_imported", version, before=before,
                 after={"documents": len(docs),
                        "grant_total": _money(sum((d["grant_part"] for d in docs), ZERO))})
    return version


# ---------------------------------------------------------------- filing

@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class CostRow:
    item_code: str
    actual_grant: Decimal


@dataclass(frozen=True)
class DocumentRow:
    number: str
    issued_on: dt.date
    amount: Decimal
    item_code: str
    grant_part: Decimal
    paid_on: dt.date | None = None


def filing_problems(*, costs: Sequence[CostRow], documents: Sequence[DocumentRow],
                    item_codes: Collection[str], paid: Decimal, period_start: dt.date,
                    last_day: dt.date, partial: bool = False) -> list[Problem]:
    """The checks a report must pass to be filed (a pure function):

    - every document's item code is one of the contract's budget items;
    - a document's grant part is at most its amount;
    - per item, the grant parts of its documents sum to the item's actual grant (to the
      grosz);
    - the actual grant in total does not exceed what was paid (for a partial report: paid so
      far);
    - every document is dated from `period_start` up to `last_day` (the date by which the
      grant was to be used; for a partial report, the end of the period reported on), and
      one paid from the grant is paid by `last_day`.
    """
    problems: list[Problem] = []
    codes = set(item_codes)
    for i, d in enumerate(documents):
        key = f"documents-{i}-"
        if d.item_code not in codes:
            problems.append(Problem(key + "item_code", (
                f"Dokument {d.number}: pozycja kosztorysu „{d.item_code}” nie występuje w "
                f"umowie (pozycje umowy: {', '.join(sorted(codes))}).")))
        if d.grant_part > d.amount:
            problems.append(Problem(key + "grant_part", (
                f"Dokument {d.number}: część z dotacji ({_zl(d.grant_part)}) jest większa od "
                f"kwoty dokumentu ({_zl(d.amount)}).")))
        if d.issued_on < period_start or d.issued_on > last_day:
            until = ("końca okresu objętego sprawozdaniem" if partial
                     else "terminu wykorzystania dotacji")
            problems.append(Problem(key + "issued_on", (
                f"Dokument {d.number} z dnia {_day(d.issued_on)}: data spoza okresu "
                f"{_day(period_start)}–{_day(last_day)}. Dokumenty muszą pochodzić z okresu "
                f"realizacji zadania - najpóźniej z dnia {_day(last_day)} ({until}).")))
        if d.paid_on is not None and d.grant_part > 0 and d.paid_on > last_day:
            problems.append(Problem(key + "paid_on", (
                f"Dokument {d.number}: zapłacony z dotacji {_day(d.paid_on)}, po dniu "
                f"{_day(last_day)}, do którego dotację należało wykorzystać.")))
    per_item: dict[str, Decimal] = {}
    for d in documents:
        per_item[d.item_code] = per_item.get(d.item_code, ZERO) + d.grant_part
    for i, c in enumerate(costs):
        documented = q(per_item.get(c.item_code, ZERO))
        if documented != q(c.actual_grant):
            diff = documented - q(c.actual_grant)
            more_less = "więcej" if diff > 0 else "mniej"
            problems.append(Problem(f"costs-{i}-actual_grant", (
                f"Pozycja {c.item_code}: dokumenty wykazują z dotacji {_zl(documented)}, a "
                f"koszt z dotacji w tabeli kosztów to {_zl(c.actual_grant)} - o "
                f"{_zl(abs(diff))} {more_less}.")))
    total = q(sum((c.actual_grant for c in costs), ZERO))
    if total > q(paid):
        problems.append(Problem("costs", (
            f"Koszty z dotacji razem ({_zl(total)}) przekraczają kwotę dotacji przekazaną "
            f"{'do dnia złożenia' if partial else 'na podstawie umowy'} ({_zl(paid)}) o "
            f"{_zl(total - q(paid))}.")))
    return problems


def check_report(report: TaskReport, version: ReportVersion | None = None,
                 on: dt.date | None = None) -> list[Problem]:
    """`filing_problems` of the draft (or `version`) against the contract in force, plus the
    description of part I."""
    version = version or _draft(report)
    contract_version = _version_in_force(report.contract)
    on = on or clock.today()
    partial = report.kind == ReportKind.PARTIAL
    last_day = report.period_end if partial else use_by_for(report, contract_version)
    problems = []
    if not (version.description or "").strip():
        problems.append(Problem("description", N_("Opisz zrealizowane działania (część I).")))
    problems += filing_problems(
        costs=[CostRow(c.item_code, c.actual_grant) for c in version.costs],
        documents=[DocumentRow(d.number, d.issued_on, d.amount, d.item_code, d.grant_part,
                               d.paid_on) for d in version.documents],
        item_codes=[i.code for i in contract_version.items],
        paid=paid_so_far(report.contract, on), period_start=report.period_start,
        last_day=last_day, partial=partial)
    return problems


def filing_deadline(report: TaskReport) -> tuple[dt.date, str]:
    """The date a filing now answers to, and why: the correction's due date, the call's, or
    the report's own due date."""
    if report.status == ReportStatus.CORRECTIONS and report.correction_due is not None:
        return report.correction_due, "corrections"
    if report.calls:
        return max(c.due_on for c in report.calls), "call"
    return report.due_on, "report"


def version_content(report: TaskReport, version: ReportVersion, *,
                    filing: Mapping[str, Any]) -> dict[str, Any]:
    contract = report.contract
    return {
        "report": {"id": report.id, "kind": report.kind.value, "year": report.year,
                   "sequence": report.sequence, "period_start": report.period_start.isoformat(),
                   "period_end": report.period_end.isoformat(),
                   "due_on": report.due_on.isoformat(), "version": version.number},
        "contract": {"id": contract.id, "number": contract.number,
                     "organisation": contract.organisation.name,
                     "organiser": contract.organiser.name},
        "I": {"description": version.description or "", "deviations": version.deviations or "",
              "results": [{"position": r.position, "name": r.name,
                           "target_value": r.target_value or "",
                           "achieved_value": r.achieved_value or "",
                           "comment": r.comment or ""} for r in version.results]},
        "II": {"costs": [{"position": c.position, "item_code": c.item_code,
                          "item_name": c.item_name or "",
                          **{f: _money(getattr(c, f)) for f in COST_FIELDS},
                          "actual_total": _money(c.actual_total)} for c in version.costs],
               "grant_total": _money(sum((c.actual_grant for c in version.costs), ZERO)),
               "cost_total": _money(sum((c.actual_total for c in version.costs), ZERO)),
               **{f: _money(getattr(version, f)) for f in MONEY_FIELDS}},
        "III": {"other_info": version.other_info or ""},
        "documents": [{"position": d.position, "number": d.number,
                       "issued_on": d.issued_on.isoformat(), "issuer": d.issuer,
                       "amount": _money(d.amount), "item_code": d.item_code,
                       "grant_part": _money(d.grant_part),
                       "paid_on": d.paid_on.isoformat() if d.paid_on else None}
                      for d in version.documents],
        "filing": dict(filing),
    }


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes that are hashed (as for offers)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def is_late(filed_at: dt.datetime, deadline: dt.date) -> bool:
    """Filed after 23:59:59 Warsaw time on the deadline day."""
    return filed_at > clock.local_instant(deadline)


def file_report(report: TaskReport, *, actor) -> ReportVersion:
    """File the draft: every check of `check_report` must pass. The version is frozen
    (state FILED, content JSON and its SHA-256); a version filed before becomes SUPERSEDED;
    the report is FILED. Filing after the deadline is allowed and marked late in the frozen
    content. The organiser's officers get an e-mail."""
    _ensure_writer(actor, report)
    version = _draft(report)
    if report.status in (ReportStatus.FILED, ReportStatus.ACCEPTED):
        raise InvalidTransition(N_("Sprawozdanie jest już złożone."))
    problems = check_report(report, version)
    if problems:
        field_errors: dict[str, list[str]] = {}
        for p in problems:
            field_errors.setdefault(p.field, []).append(p.message)
        raise ValidationFailed("Sprawozdania nie można złożyć: "
                               + " ".join(p.message for p in problems),
                               field_errors=field_errors)
    filed_at = clock.now().replace(microsecond=0)
    deadline, reason = filing_deadline(report)
    late = is_late(filed_at, deadline)
    previous = report.filed_version
    filing = {
        "filed_at": filed_at.isoformat(),
        "filed_at_local": clock.to_local(filed_at).strftime("%d.%m.%Y %H:%M:%S"),
        "timezone": "Europe/Warsaw",
        "filed_by": {"id": actor.id, "full_name": actor.full_name, "email": actor.email},
        "deadline": deadline.isoformat(), "deadline_reason": reason, "late": late,
        "after_report_due": is_late(filed_at, report.due_on),
        "replaces_version": previous.number if previous is not None else None,
    }
    content = version_content(report, version, filing=filing)
    sha = content_sha256(content)
    status_before = report.status
    with db.session.no_autoflush:
        if previous is not None:
            previous.state = ReportVersionState.SUPERSEDED
        version.state = ReportVersionState.FILED
        version.filed_at, version.filed_by_id = filed_at, actor.id
        version.content, version.sha256 = content, sha
        report.status = ReportStatus.FILED
    db.session.flush()
    audit.record(actor, "report.filed", version, before={"status": status_before}, after={
        "report_id": report.id, "version": version.number, "sha256": sha, "late": late,
        "deadline": deadline, "supersedes": previous.number if previous else None})
    recipients = staff_emails(report.contract.organiser_id)
    if recipients:
        queue_mail(db.session, to=recipients,
                   subject=f"Złożono sprawozdanie {_kind_label(report)} – umowa "
                           f"{report.contract.number}",
                   template="report_filed", report=report, version=version, content=content,
                   late=late, deadline=deadline)
    return version


def is_version_late(version: ReportVersion) -> bool:
    """The late flag frozen at filing."""
    return bool((version.content or {}).get("filing", {}).get("late"))


# ---------------------------------------------------------------- the officer

def request_partial_report(contract: Contract, *, actor, period_start: dt.date | None,
                           period_end: dt.date | None, requested_on: dt.date | None,
                           delivered_on: dt.date | None, due_on: dt.date | None,
                           note: str = "") -> TaskReport:
    """Ask for a partial report (art. 18 ust. 2): due no earlier than
    `partial_report_min_days` (30) after the request is delivered, moved off a Saturday or
    holiday. The organisation gets an e-mail."""
    if not permissions.can_request_partial(actor, contract):
        raise NotAllowed(N_("O sprawozdanie częściowe wzywają urzędnicy organu, który zawarł "
                            "umowę."))
    version = _version_in_force(contract)
    errors: dict[str, list[str]] = {}
    for name, value, message in (
            ("period_start", period_start, N_("Podaj początek okresu sprawozdawczego.")),
            ("period_end", period_end, N_("Podaj koniec okresu sprawozdawczego.")),
            ("requested_on", requested_on, N_("Podaj datę wezwania.")),
            ("delivered_on", delivered_on, N_("Podaj datę doręczenia wezwania.")),
            ("due_on", due_on, N_("Podaj termin złożenia sprawozdania."))):
        if value is None:
            errors[name] = [message]
    if errors:
        raise ValidationFailed(N_("Wezwanie nie zostało zapisane - uzupełnij daty."),
                               field_errors=errors)
    if period_end < period_start:
        errors["period_end"] = [N_("Koniec okresu nie może poprzedzać jego początku.")]
    elif period_start < version.start_date or period_end > version.end_date:
        errors["period_start"] = [
            f"Okres sprawozdawczy musi mieścić się w okresie realizacji zadania "
            f"({_day(version.start_date)}–{_day(version.end_date)})."]
    if delivered_on < requested_on:
        errors["delivered_on"] = [N_("Wezwanie nie mogło zostać doręczone przed jego "
                                     "wysłaniem.")]
    if delivered_on > clock.today():
        errors["delivered_on"] = [N_("Data doręczenia nie może być z przyszłości.")]
    days = rules_in_force(delivered_on).partial_report_min_days
    earliest = due_date(delivered_on, days)
    if due_on < earliest:
        errors["due_on"] = [
            f"Termin musi wynosić co najmniej {days} dni od doręczenia wezwania "
            f"({_day(delivered_on)}): najwcześniej {_day(earliest)}."]
    if errors:
        raise ValidationFailed(" ".join(m for ms in errors.values() for m in ms),
                               field_errors=errors)
    year = period_end.year
    sequence = (db.session.scalar(
        select(func.max(TaskReport.sequence)).where(
            TaskReport.contract_id == contract.id, TaskReport.kind == ReportKind.PARTIAL,
            TaskReport.year == year)) or 0) + 1
    report = TaskReport(contract_id=contract.id, kind=ReportKind.PARTIAL, year=year,
                        sequence=sequence, period_start=period_start, period_end=period_end,
                        requested_on=requested_on, delivered_on=delivered_on,
                        request_note=(note or "").strip(), requested_by_id=actor.id,
                        due_on=due_on, status=ReportStatus.DUE)
    db.session.add(report)
    db.session.flush()
    audit.record(actor, "report.partial_requested", report, after=audit.snapshot(report, [
        "contract_id", "year", "sequence", "period_start", "period_end", "requested_on",
        "delivered_on", "due_on", "request_note"]))
    queue_mail(db.session, to=organisation_emails(contract),
               subject=f"Wezwanie do złożenia sprawozdania częściowego – umowa {contract.number}",
               template="report_requested", report=report, contract=contract)
    return report


def review_report(report: TaskReport, *, actor, decision: str | None, note: str = "",
                  correction_due: dt.date | None = None) -> ReportReview:
    """Accept the filed version or ask for corrections (a note and a due date not in the
    past). The organisation gets an e-mail either way."""
    _ensure_reviewer(actor, report)
    if report.status != ReportStatus.FILED or report.filed_version is None:
        raise InvalidTransition(N_("Ocenić można tylko złożone sprawozdanie, które czeka na "
                                   "ocenę."))
    note = (note or "").strip()
    try:
        choice = ReviewDecision(decision)
    except ValueError:
        raise ValidationFailed(N_("Wybierz decyzję: przyjęcie albo wezwanie do poprawek."),
                               field_errors={"decision": [N_("Wybierz decyzję.")]}) from None
    errors: dict[str, list[str]] = {}
    if choice == ReviewDecision.CORRECTIONS:
        if not note:
            errors["note"] = [N_("Opisz, co należy poprawić.")]
        if correction_due is None:
            errors["correction_due"] = [N_("Podaj termin złożenia poprawionego "
                                           "sprawozdania.")]
        elif correction_due < clock.today():
            errors["correction_due"] = [N_("Termin poprawek nie może być w przeszłości.")]
    if errors:
        raise ValidationFailed(N_("Ocena nie została zapisana - popraw zaznaczone pola."),
                               field_errors=errors)
    version = report.filed_version
    before = audit.snapshot(report, ["status", "correction_due", "accepted_on"])
    review = ReportReview(report_id=report.id, version_id=version.id, decision=choice,
                          note=note, decided_by_id=actor.id,
                          correction_due=correction_due
                          if choice == ReviewDecision.CORRECTIONS else None)
    report.reviews.append(review)
    if choice == ReviewDecision.ACCEPTED:
        report.status = ReportStatus.ACCEPTED
        report.accepted_on, report.accepted_by_id = clock.today(), actor.id
        report.correction_due = None
    else:
        report.status = ReportStatus.CORRECTIONS
        report.correction_due = correction_due
    db.session.flush()
    audit.record(actor, f"report.{choice.value}", report, before=before,
                 after={**audit.snapshot(report, ["status", "correction_due", "accepted_on"]),
                        "version": version.number, "note": note})
    queue_mail(db.session, to=organisation_emails(report.contract),
               subject=(f"Sprawozdanie przyjęte – umowa {report.contract.number}"
                        if choice == ReviewDecision.ACCEPTED else
                        f"Wezwanie do poprawienia sprawozdania – umowa "
                        f"{report.contract.number}"),
               template="report_reviewed", report=report, review=review, version=version)
    return review


def record_report_call(report: TaskReport, *, actor, called_on: dt.date | None,
                       delivered_on: dt.date | None, note: str = "") -> ReportCall:
    """A written call for a final report not filed by its due date (art. 18 ust. 3): due
    `report_call_days` (7) after the call is delivered. Once that passes with no filing the
    contract may be terminated."""
    _ensure_reviewer(actor, report)
    if report.kind != ReportKind.FINAL:
        raise InvalidTransition(N_("Wezwanie w trybie art. 18 ust. 3 dotyczy sprawozdania "
                                   "końcowego."))
    if report.status != ReportStatus.DUE or report.filed_version is not None:
        raise InvalidTransition(N_("Sprawozdanie zostało złożone - wezwanie nie jest "
                                   "potrzebne."))
    today = clock.today()
    if today <= report.due_on:
        raise InvalidTransition(f"Termin złożenia sprawozdania ({_day(report.due_on)}) jeszcze "
                                f"nie minął.")
    errors: dict[str, list[str]] = {}
    if called_on is None:
        errors["called_on"] = [N_("Podaj datę wezwania.")]
    if delivered_on is None:
        errors["delivered_on"] = [N_("Podaj datę doręczenia wezwania.")]
    if not errors:
        if called_on <= report.due_on:
            errors["called_on"] = [f"Wezwanie wysyła się po upływie terminu sprawozdania "
                                   f"({_day(report.due_on)})."]
        if called_on > today:
            errors["called_on"] = [N_("Data wezwania nie może być z przyszłości.")]
        if delivered_on < called_on:
            errors["delivered_on"] = [N_("Wezwanie nie mogło zostać doręczone przed jego "
                                         "wysłaniem.")]
        elif delivered_on > today:
            errors["delivered_on"] = [N_("Data doręczenia nie może być z przyszłości.")]
    if errors:
        raise ValidationFailed(N_("Wezwanie nie zostało zapisane - popraw zaznaczone pola."),
                               field_errors=errors)
    due = due_date(delivered_on, rules_in_force(delivered_on).report_call_days)
    call = ReportCall(called_on=called_on, delivered_on=delivered_on, due_on=due,
                      note=(note or "").strip(), recorded_by_id=actor.id)
    report.calls.append(call)
    db.session.flush()
    audit.record(actor, "report.call_recorded", call, after={
        "report_id": report.id, **audit.snapshot(call, ["called_on", "delivered_on", "due_on",
                                                        "note"])})
    queue_mail(db.session, to=organisation_emails(report.contract),
               subject=f"Wezwanie do złożenia sprawozdania końcowego – umowa "
                       f"{report.contract.number}",
               template="report_call", report=report, call=call)
    return call


def call_lapsed(report: TaskReport, on: dt.date | None = None) -> bool:
    """A call's due date has passed with no filing: the contract may be terminated."""
    on = on or clock.today()
    return (report.kind == ReportKind.FINAL and report.status == ReportStatus.DUE
            and bool(report.calls) and max(c.due_on for c in report.calls) < on)
