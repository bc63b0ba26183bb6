"""The version form's rows (use-by dates per budget year, tranches, budget items): filled from
a version or the generation defaults, read back as the service's data, and the service's field
errors put next to the rows they came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask_babel import gettext as _

from grants.contracts import rules
from grants.contracts.deadlines import use_by_of
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core.errors import DomainError

T = TypeVar("T")
EXTRA_TRANCHE_ROWS = 2


def _reset(field_list) -> None:
    field_list.entries = []
    field_list.last_index = -1


def fill(form, values: dict, *, items=None) -> None:
    """Rows of the form from `values` (services.defaults or a version), plus blank tranche
    rows."""
    _reset(form.use_by)
    start, end = values.get("start_date"), values.get("end_date")
    years = rules.budget_years(start, end) if start and end and start <= end else []
    use_by = values.get("use_by") or {}
    for year in years:
        form.use_by.append_entry({"year": str(year), "use_by": use_by.get(year)})
    _reset(form.tranches)
    for t in values.get("tranches") or []:
        form.tranches.append_entry({"number": str(t.number) if t.number else "",
                                    "due_on": t.due_on, "amount": t.amount,
                                    "condition": t.condition})
    for _i in range(EXTRA_TRANCHE_ROWS):
        form.tranches.append_entry({"condition": "none"})
    _reset(form.joint)
    for row in values.get("joint_parties") or []:
        form.joint.append_entry({"representatives": row["representatives"]})
    label_joint(form, values.get("joint_parties") or [])
    _reset(form.items)
    for it in items or []:
        form.items.append_entry({"code": it.code, "planned_total": it.planned_total,
                                 "planned_grant": it.planned_grant})


def label_joint(form, joint_parties) -> None:
    """Each joint offeror's representatives field labelled with the offeror's name."""
    for entry, row in zip(form.joint.entries, joint_parties, strict=False):
        entry.form.representatives.label.text = _(
            "Reprezentanci oferenta wspólnego %(name)s", name=row.get("name", ""))


def values_of(version) -> dict:
    """A version's settings as the form shows them."""
    return {"number": version.contract.number, "start_date": version.start_date,
            "end_date": version.end_date, "use_by": use_by_of(version),
            "tranches": [TrancheRow(t.number, t.due_on, t.amount, str(t.condition))
                         for t in version.tranches],
            "item_tolerance_pct": version.item_tolerance_pct,
            "share_tolerance_pp": version.share_tolerance_pp,
            "authority_representatives": version.authority_representatives,
            "organisation_representatives": version.organisation_representatives,
            "joint_parties": [dict(p) for p in version.joint_parties or []],
            "bank_account": version.bank_account, "reason": version.reason}


def item_rows(version) -> list[ItemRow]:
    return [ItemRow(i.code, i.name, i.planned_total, i.planned_grant) for i in version.items]


def _blank(entry) -> bool:
    return not any((f.raw_data or [""])[0].strip() for f in (entry.form.due_on,
                                                            entry.form.amount))


def _tranches(form) -> tuple[list[TrancheRow], list[int]]:
    tranches, index = [], []
    for i, entry in enumerate(form.tranches.entries):
        if _blank(entry):
            continue
        raw = (entry.form.number.data or "").strip()
        number = int(raw) if raw.isdigit() and len(raw) < 6 else None
        tranches.append(TrancheRow(number, entry.form.due_on.data, entry.form.amount.data,
                                   entry.form.condition.data or "none"))
        index.append(i)
    return tranches, index


def parse(form, *, with_items: bool) -> tuple[dict, dict[str, list[int]]]:
    """The service's data from a validated form and the index maps of the rows passed."""
    use_by = {}
    for entry in form.use_by.entries:
        year = (entry.form.year.data or "").strip()
        if year.isdigit() and len(year) == 4:
            use_by[int(year)] = entry.form.use_by.data
    tranches, t_index = _tranches(form)
    data = {"number": form.number.data, "start_date": form.start_date.data,
            "end_date": form.end_date.data, "use_by": use_by, "tranches": tranches,
            "item_tolerance_pct": form.item_tolerance_pct.data,
            "share_tolerance_pp": form.share_tolerance_pp.data,
            "authority_representatives": form.authority_representatives.data or "",
            "organisation_representatives": form.organisation_representatives.data or "",
            "joint_representatives": [e.form.representatives.data or ""
                                      for e in form.joint.entries],
            "bank_account": form.bank_account.data or "", "reason": form.reason.data or ""}
    rows = {"tranches": t_index, "items": []}
    if with_items:
        data["items"] = [ItemRow((e.form.code.data or "").strip(), "", e.form.planned_total.data,
                                 e.form.planned_grant.data) for e in form.items.entries]
        rows["items"] = list(range(len(form.items.entries)))
    return data, rows


def with_row_names(form, call: Callable[[], T]) -> Callable[[], T]:
    """`call`, whose refusal names a use-by date `use_by-<year>` as the form's row of that
    year (`use_by-<i>-use_by`), so that the message is put next to it."""
    def wrapped() -> T:
        try:
            return call()
        except DomainError as exc:
            exc.field_errors = {_use_by_key(form, key): messages
                                for key, messages in (exc.field_errors or {}).items()}
            raise
    return wrapped


def _use_by_key(form, key: str) -> str:
    parts = key.split("-")
    if key.startswith("use_by-") and len(parts) == 2:
        for entry in form.use_by.entries:
            if (entry.form.year.data or "") == parts[1]:
                return entry.form.use_by.name
    return key
