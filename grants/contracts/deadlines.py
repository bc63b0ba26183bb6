"""The dates a contract's version fixes from the task's end: the final report's due date and,
for a multi-year task, the use-by and report dates per budget year."""

from __future__ import annotations

import datetime as dt

from grants.contracts.models import ContractVersion
from grants.core.deadlines import due_date
from grants.rules.services import rules_in_force


def final_report_due(end: dt.date) -> dt.date:
    """30 days after the task ends (report_days of the rules in force on that day), moved off
    Saturdays and public holidays."""
    return due_date(end, rules_in_force(end).report_days)


def years_of(use_by: dict[int, dt.date], end: dt.date) -> list[dict]:
    """A multi-year task's [{"year", "use_by", "report_due"}] ([] for a single year)."""
    if len(use_by) <= 1:
        return []
    return [{"year": y, "use_by": d.isoformat(),
             "report_due": final_report_due(min(end, dt.date(y, 12, 31))).isoformat()}
            for y, d in sorted(use_by.items())]


def use_by_of(version: ContractVersion) -> dict[int, dt.date]:
    """The version's use-by date per budget year."""
    if version.years:
        return {int(r["year"]): dt.date.fromisoformat(r["use_by"]) for r in version.years}
    return {version.end_date.year: version.use_by}
