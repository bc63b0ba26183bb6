"""Helpers of the reports' tests: the final report of the worked-example contract and the
data of a report that passes every filing check (settlement.md's actual costs)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from sqlalchemy import select

from grants.core import clock
from grants.extensions import db
from grants.taskreports import drafts, imports
from grants.taskreports.models import ReportKind, TaskReport
from tests.support.contract_factory import make_contract

D = Decimal
# Tuesday 10 November 2026, 12:00 Warsaw: after the task (ended 31.10), before the due date.
BEFORE_DUE = dt.datetime(2026, 11, 10, 12, 0, tzinfo=clock.WARSAW)

ACTUAL = {  # item: (grant, own, other, personal, in kind)
    "I.1.1": (D("6400.00"), D("3600.00"), D("0"), D("0"), D("0")),
    "I.1.2": (D("17000.00"), D("2000.00"), D("0"), D("0"), D("0")),
    "I.2.1": (D("0"), D("0"), D("0"), D("3000.00"), D("0")),
    "II.1": (D("2400.00"), D("1600.00"), D("0"), D("0"), D("0")),
}
DOCUMENTS = [
    {"number": "FV/1/2026", "issued_on": dt.date(2026, 3, 31), "issuer": "Jan Koordynator",
     "amount": D("10000.00"), "item_code": "I.1.1", "grant_part": D("6400.00"),
     "paid_on": dt.date(2026, 4, 5)},
    {"number": "FV/7/2026", "issued_on": dt.date(2026, 6, 30), "issuer": "Bar Mleczny Sp. z o.o.",
     "amount": D("12000.00"), "item_code": "I.1.2", "grant_part": D("10000.00"),
     "paid_on": dt.date(2026, 7, 3)},
    {"number": "FV/9/2026", "issued_on": dt.date(2026, 10, 31), "issuer": "Bar Mleczny Sp. z o.o.",
     "amount": D("7000.00"), "item_code": "I.1.2", "grant_part": D("7000.00"),
     "paid_on": dt.date(2026, 10, 31)},
    {"number": "RK/2/2026", "issued_on": dt.date(2026, 10, 15), "issuer": "Biuro Rachunkowe",
     "amount": D("4000.00"), "item_code": "II.1", "grant_part": D("2400.00"),
     "paid_on": None},
]


def final_report(contract) -> TaskReport:
    return db.session.scalar(select(TaskReport).where(
        TaskReport.contract_id == contract.id, TaskReport.kind == ReportKind.FINAL))


def report_data(version, documents=None, **overrides) -> dict:
    data = {"description": "Wydano 5 200 posiłków.", "deviations": "", "other_info": "",
            "personal_input": D("3000.00"), "in_kind_input": D("0"), "revenues": D("0"),
            "bank_interest": D("12.34"),
            "results": [{"achieved_value": "5200", "comment": ""} for _r in version.results],
            "costs": [dict(zip(drafts.COST_FIELDS, ACTUAL[c.item_code], strict=True))
                      for c in version.costs],
            "documents": [dict(d) for d in (DOCUMENTS if documents is None else documents)]}
    data.update(overrides)
    return data


def contract_with_report(world, **kw):
    contract = make_contract(world, paid=True, **kw)
    db.session.commit()
    return contract, final_report(contract)


def filled_report(world, **kw):
    """A paid example contract and its final report with a complete draft (not filed)."""
    contract, report = contract_with_report(world, **kw)
    version = drafts.start_report_version(report, actor=world.ngo_admin)
    drafts.save_report_draft(report, actor=world.ngo_admin, data=report_data(version))
    db.session.commit()
    return contract, report


def documents_xlsx(rows) -> bytes:
    """The documents' XLSX as the import expects it: the header row, then `rows`."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([h for _k, h in imports.COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
