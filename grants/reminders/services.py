"""`flask reminders send` (run daily by cron): e-mails about reports and returns.

To the organisation (its e-mail address and its admin members), each once per occasion:
- report_due_soon: a report (final or partial) due within 7 days - once per report and due
  date (a call for a missing final report or an annex moving the date is a new occasion);
- report_overdue: a report (or a correction) whose date has passed - once per report and date;
- correction_requested: the officer asked for corrections - once per report and correction
  deadline;
- return_due_soon: a part to return due within 7 days - once per part and due date;
- return_overdue: a part not returned by its due date, with the interest to date - once per
  part and due date.
To the officers of the organiser: officer_digest, one e-mail per officer per day listing the
overdue reports and returns of their organisers (only when there is something).

Idempotent: before queueing each e-mail a ReminderSent row (kind, object, recipient, occasion)
is inserted inside a SAVEPOINT; the unique constraint refusing it means it was sent already
(by an earlier run, or by another server running at the same moment: PostgreSQL makes the
second insert wait for the first transaction and then refuses it), and the e-mail is skipped.
E-mails leave only after the caller's commit (grants.core.notifications).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.exc import IntegrityError

from grants.core.notifications import public_url, queue_mail
from grants.extensions import db
from grants.finance import queries as finance_queries
from grants.finance.labels import REPORT_LABELS, RETURN_LABELS
from grants.organisers.models import Organiser
from grants.reminders import (
    notices,  # noqa: F401 - the e-mails on transfers and closing
    queries,
)
from grants.reminders.models import ReminderSent

SOON_DAYS = queries.SOON_DAYS
KINDS = ("report_due_soon", "report_overdue", "correction_requested", "return_due_soon",
         "return_overdue", "officer_digest")

SUBJECTS = {
    "report_due_soon": "Przypomnienie: termin złożenia sprawozdania {number} upływa {due}",
    "report_overdue": "Minął termin złożenia sprawozdania – umowa {number}",
    "correction_overdue": "Minął termin złożenia korekty sprawozdania – umowa {number}",
    "correction_requested": "Korekta sprawozdania do {due} – umowa {number}",
    "return_due_soon": "Przypomnienie: termin zwrotu dotacji {due} – umowa {number}",
    "return_overdue": "Zwrot dotacji po terminie – umowa {number}",
    "officer_digest": "Sprawozdania i zwroty po terminie – stan na {day}",
}


def _claim(kind: str, object_type: str, object_id: int, recipient: queries.Recipient,
           occasion: dt.date, on: dt.date) -> bool:
    """Record that this reminder goes out; False when it already went (or is going) out."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(kind=kind, object_type=object_type, object_id=object_id,
                                        recipient=recipient.email,
                                        occasion=occasion.isoformat(), sent_on=on,
                                        user_id=recipient.user_id))
    except IntegrityError:
        return False
    return True


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


class _Run:
    def __init__(self, on: dt.date):
        self.on = on
        self.summary = dict.fromkeys(KINDS, 0)
        self.summary["already_sent"] = 0

    def send(self, kind: str, object_type: str, object_id: int, recipients, occasion: dt.date,
             *, subject: str, template: str, **context) -> None:
        for recipient in recipients:
            if not _claim(kind, object_type, object_id, recipient, occasion, self.on):
                self.summary["already_sent"] += 1
                continue
            queue_mail(db.session, to=recipient.email, subject=subject, template=template,
                       on=self.on, recipient=recipient, **context)
            self.summary[kind] += 1


def _report_context(r: finance_queries.ReportDue) -> dict:
    return {"report": r, "kind_label": REPORT_LABELS[r.kind],
            "organiser": db.session.get(Organiser, r.organiser_id),
            "link": public_url("taskreports.show", report_id=r.report_id)}


def _return_context(r: finance_queries.ReturnDue) -> dict:
    return {"part": r, "kind_label": RETURN_LABELS[r.kind],
            "organiser": db.session.get(Organiser, r.organiser_id),
            "link": public_url("settlements.show", settlement_id=r.settlement_id)}


def send_reminders(on: dt.date) -> dict[str, int]:
    """Queue the reminders due on day `on`; return how many e-mails of each kind were queued
    (and how many were skipped as already sent). Flushes; the caller commits once."""
    run = _Run(on)
    due = queries.due(on)
    reports, corrections, returns = due.reports_to_file, due.corrections, due.returns
    organisations = ({r.organisation_id for r in reports} | {r.organisation_id for r in corrections}
                     | {r.organisation_id for r in returns})
    ngo = queries.ngo_recipients(organisations)

    for r in reports:
        if r.overdue:
            kind = "report_overdue"
            template = "reminder_correction_overdue" if r.is_correction else \
                "reminder_report_overdue"
            subject = SUBJECTS["correction_overdue" if r.is_correction else kind]
        else:
            kind, template, subject = ("report_due_soon", "reminder_report_due_soon",
                                       SUBJECTS["report_due_soon"])
        run.send(kind, "TaskReport", r.report_id, ngo.get(r.organisation_id, []), r.due_on,
                 subject=subject.format(number=r.contract_number, due=_day(r.due_on)),
                 template=template, **_report_context(r))

    for r in corrections:
        run.send("correction_requested", "TaskReport", r.report_id,
                 ngo.get(r.organisation_id, []), r.due_on,
                 subject=SUBJECTS["correction_requested"].format(number=r.contract_number,
                                                                 due=_day(r.due_on)),
                 template="reminder_correction_requested", **_report_context(r))

    for r in returns:
        kind = "return_overdue" if r.overdue else "return_due_soon"
        run.send(kind, "ReturnPart", r.part_id, ngo.get(r.organisation_id, []), r.due_on,
                 subject=SUBJECTS[kind].format(number=r.contract_number, due=_day(r.due_on)),
                 template=f"reminder_{kind}", **_return_context(r))

    _officer_digests(run, due.overdue_reports, due.overdue_returns)
    db.session.flush()
    return run.summary


def _officer_digests(run: _Run, reports, returns) -> None:
    """One e-mail per officer per day with the overdue items of the organisers they serve."""
    by_organiser: dict[int, dict[str, list]] = defaultdict(lambda: {"reports": [],
                                                                   "returns": []})
    for r in reports:
        by_organiser[r.organiser_id]["reports"].append(
            {"item": r, **_report_context(r)})
    for r in returns:
        by_organiser[r.organiser_id]["returns"].append(
            {"item": r, **_return_context(r)})
    if not by_organiser:
        return
    per_officer: dict[str, dict] = {}
    for organiser_id, officers in queries.officers(by_organiser).items():
        for officer in officers:
            entry = per_officer.setdefault(officer.email, {"officer": officer, "reports": [],
                                                           "returns": []})
            entry["reports"].extend(by_organiser[organiser_id]["reports"])
            entry["returns"].extend(by_organiser[organiser_id]["returns"])
    for email in sorted(per_officer):
        entry = per_officer[email]
        officer = entry["officer"]
        run.send("officer_digest", "User", officer.user_id, [officer], run.on,
                 subject=SUBJECTS["officer_digest"].format(day=_day(run.on)),
                 template="reminder_officer_digest", reports=entry["reports"],
                 returns=entry["returns"],
                 dashboard=public_url("finance.dashboard"))
