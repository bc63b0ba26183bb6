"""The demo's final report of the finished small grant: filed with its documents 20 days
after the task's end and accepted a week later."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from grants.auth.models import User
from grants.contracts.models import Contract
from grants.demo.days import at
from grants.extensions import db
from grants.taskreports import drafts, filing, review
from grants.taskreports.models import ReportKind, TaskReport

D = Decimal


def _final_report_data(version, end: dt.date) -> dict:
    return {
        "description": "Zorganizowano 10 dni półkolonii dla 19 dzieci.",
        "deviations": "Jedno dziecko zrezygnowało przed rozpoczęciem zajęć.",
        "results": [{"achieved_value": "19", "comment": "Jedna rezygnacja."},
                    {"achieved_value": "10", "comment": ""}],
        "costs": [{"actual_grant": D("6000.00"), "actual_own": D("0.00")},
                  {"actual_grant": D("3300.00"), "actual_own": D("0.00")},
                  {"actual_grant": D("0.00"), "actual_own": D("1500.00")}][
                      :len(version.costs)],
        "documents": [
            {"number": "RACH/7/2026", "issued_on": end - dt.timedelta(days=1),
             "issuer": "Jan Opiekun – umowa zlecenie", "amount": D("6000.00"),
             "item_code": version.costs[0].item_code, "grant_part": D("6000.00"),
             "paid_on": end},
            {"number": "FV/2026/311", "issued_on": end - dt.timedelta(days=2),
             "issuer": "Bar Mleczny Sopot sp. z o.o.", "amount": D("3300.00"),
             "item_code": version.costs[1].item_code, "grant_part": D("3300.00"),
             "paid_on": end},
            {"number": "FV/2026/88", "issued_on": end - dt.timedelta(days=5),
             "issuer": "Aquapark Sopot", "amount": D("1500.00"),
             "item_code": version.costs[2].item_code, "grant_part": D("0.00"),
             "paid_on": end - dt.timedelta(days=5)}],
    }


def final_report_accepted(contract: Contract, *, ngo_user: User, officer: User,
                           end: dt.date) -> None:
    """The final report filed 20 days after the task's end and accepted a week later."""
    report = db.session.scalar(select(TaskReport).filter_by(
        contract_id=contract.id, kind=ReportKind.FINAL))
    filed_on = end + dt.timedelta(days=20)
    with at(filed_on):
        drafts.start_report_version(report, actor=ngo_user)
        drafts.save_report_draft(report, actor=ngo_user,
                                  data=_final_report_data(report.draft_version, end))
        filing.file_report(report, actor=ngo_user)
    with at(filed_on + dt.timedelta(days=7)):
        review.review_report(report, actor=officer, decision="accepted",
                              note="Sprawozdanie kompletne.")
