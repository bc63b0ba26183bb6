"""The organisation writes a report: a draft version to start (prefilled from the contract,
or a copy of the filed version when the officer asked for corrections), to save, and the
list of documents imported from an XLSX file (parsed by taskreports.imports). A filed version
is never changed: a correction is a new draft (grants.core.frozen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.formatting import pln
from grants.core.i18n import N_
from grants.core.money import ZERO, q
from grants.extensions import db
from grants.taskreports.models import (
    ReportCost,
    ReportDocument,
    ReportResult,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)
from grants.taskreports.services import (
    amount_text,
    draft_of,
    ensure_writer,
    report_items,
    version_in_force,
)

MONEY_FIELDS = ("personal_input", "in_kind_input", "revenues", "revenues_spent",
                "bank_interest", "bank_interest_spent")
TYPED_MONEY_FIELDS = ("revenues", "revenues_spent", "bank_interest", "bank_interest_spent")
# the personal and in-kind contribution of the report: the sums of the cost table's columns
# (one figure in the table, the summary and the frozen content), never typed a second time
CONTRIBUTIONS = {"personal_input": "actual_personal", "in_kind_input": "actual_in_kind"}
# what was spent on the task of each (only the rest is returned): not more than was earned
SPENT_OF = {"revenues_spent": "revenues", "bank_interest_spent": "bank_interest"}
TEXT_FIELDS = {"description": 20000, "deviations": 10000, "other_info": 10000}
COST_FIELDS = ("actual_grant", "actual_own", "actual_other", "actual_personal",
               "actual_in_kind")
DOCUMENT_TEXT_LIMITS = {"number": 120, "issuer": 300, "item_code": 20}


def start_report_version(report: TaskReport, *, actor) -> ReportVersion:
    """A draft to write: the first one prefilled from the contract's version in force (one
    result per contract result with its target value, one cost row per budget item); after
    the officer asked for corrections, a copy of the filed version. An existing draft is
    returned as it is."""
    ensure_writer(actor, report)
    contract_version = version_in_force(report.contract)
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
                f"Część z dotacji ({pln(grant)}) nie może być większa od kwoty dokumentu "
                f"({pln(amount)}).")
        doc.update(issued_on=issued, paid_on=paid, amount=amount, grant_part=grant)
        out.append(doc)
    return out


def _replace_documents(version: ReportVersion, docs: Iterable[Mapping[str, Any]]) -> None:
    version.documents.clear()
    db.session.flush()
    for pos, d in enumerate(docs, start=1):
        version.documents.append(ReportDocument(position=pos, **d))


def _clean_amounts(data: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, Decimal]:
    """Part II's amounts; of the revenues and the bank interest, what was spent on the task
    is never more than was earned."""
    amounts = {name: _clean_amount(data.get(name), name, errors)
               for name in TYPED_MONEY_FIELDS}
    for spent, earned in SPENT_OF.items():
        if amounts[spent] > amounts[earned]:
            errors.setdefault(spent, []).append(N_("Kwota wydatkowana na zadanie nie może "
                                                   "przekraczać kwoty uzyskanej."))
    return amounts


def save_report_draft(report: TaskReport, *, actor, data: Mapping[str, Any]) -> ReportVersion:
    """Save the draft: part I (description, deviations, results achieved per target), part II
    (actual costs per item and source - the personal and in-kind input are the sums of their
    columns; revenues and bank interest), other information and the list of documents.

    `data`: the text and money fields by name; "results" and "costs" lists aligned with the
    draft's rows; "documents" a list of dicts (number, issued_on, issuer, amount, item_code,
    grant_part, paid_on) replacing the draft's list. Nothing is saved when a value is wrong
    (ValidationFailed with field_errors like documents-2-amount)."""
    ensure_writer(actor, report)
    version = draft_of(report)
    errors: dict[str, list[str]] = {}
    texts = {name: _clean_text(data.get(name), name, limit, errors)
             for name, limit in TEXT_FIELDS.items()}
    amounts = _clean_amounts(data, errors)
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
    for name, column in CONTRIBUTIONS.items():
        setattr(version, name, sum((getattr(c, column) for c in version.costs), ZERO))
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


def import_documents(report: TaskReport, *, actor, rows: Sequence[Mapping[str, Any]],
                     typed: Mapping[str, Any] | None = None) -> ReportVersion:
    """Replace the draft's list of documents with `rows` (parsed by taskreports.imports):
    all or nothing. `typed`: the rest of the report's form as typed on the page when the file
    was sent (`save_report_draft`'s data; its documents are replaced by the file's): saved
    with the import, so that nothing typed is lost."""
    ensure_writer(actor, report)
    version = draft_of(report)
    errors: dict[str, list[str]] = {}
    docs = clean_documents(rows, errors)
    if errors:
        raise ValidationFailed(N_("Nie zaimportowano dokumentów - plik zawiera błędy."),
                               field_errors=errors)
    if typed is not None:
        save_report_draft(report, actor=actor,
                          data={k: v for k, v in typed.items() if k != "documents"})
    before = {"documents": len(version.documents)}
    _replace_documents(version, docs)
    db.session.flush()
    audit.record(actor, "report.documents_imported", version, before=before,
                 after={"documents": len(docs),
                        "grant_total": amount_text(sum((d["grant_part"] for d in docs), ZERO))})
    return version
