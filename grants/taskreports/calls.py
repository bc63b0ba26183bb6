"""The officer calls for reports: a partial report requested (art. 18 ust. 2: due no earlier
than 30 days after the request is delivered), and a written call for a final report not
filed by its due date (art. 18 ust. 3: 7 more days from delivery; once they pass the contract
may be terminated)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from grants.contracts.models import Contract
from grants.core import audit, clock
from grants.core.deadlines import due_date
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.taskreports import permissions
from grants.taskreports.models import ReportCall, ReportKind, ReportStatus, TaskReport
from grants.taskreports.services import ensure_reviewer, organisation_emails, version_in_force


def _missing_dates(dates: dict[str, dt.date | None]) -> dict[str, list[str]]:
    messages = {"period_start": N_("Podaj początek okresu sprawozdawczego."),
                "period_end": N_("Podaj koniec okresu sprawozdawczego."),
                "requested_on": N_("Podaj datę wezwania."),
                "delivered_on": N_("Podaj datę doręczenia wezwania."),
                "due_on": N_("Podaj termin złożenia sprawozdania.")}
    return {name: [messages[name]] for name, value in dates.items() if value is None}


def _refuse_partial_request(version, *, period_start, period_end, requested_on, delivered_on,
                            due_on) -> None:
    """Every date given, the period within the task, delivered after sent and not in the
    future, and the due date at least `partial_report_min_days` after delivery."""
    errors = _missing_dates({"period_start": period_start, "period_end": period_end,
                             "requested_on": requested_on, "delivered_on": delivered_on,
                             "due_on": due_on})
    if errors:
        raise ValidationFailed(N_("Wezwanie nie zostało zapisane - uzupełnij daty."),
                               field_errors=errors)
    if period_end < period_start:
        errors["period_end"] = [N_("Koniec okresu nie może poprzedzać jego początku.")]
    elif period_start < version.start_date or period_end > version.end_date:
        errors["period_start"] = [
            msg("Okres sprawozdawczy musi mieścić się w okresie realizacji zadania "
                "(%(start)s–%(end)s).", start=version.start_date, end=version.end_date)]
    if delivered_on < requested_on:
        errors["delivered_on"] = [N_("Wezwanie nie mogło zostać doręczone przed jego "
                                     "wysłaniem.")]
    if delivered_on > clock.today():
        errors["delivered_on"] = [N_("Data doręczenia nie może być z przyszłości.")]
    days = rules_in_force(delivered_on).partial_report_min_days
    earliest = due_date(delivered_on, days)
    if due_on < earliest:
        errors["due_on"] = [
            msg("Termin musi wynosić co najmniej %(days)s dni od doręczenia wezwania "
                "(%(delivered)s): najwcześniej %(earliest)s.", days=days,
                delivered=delivered_on, earliest=earliest)]
    if errors:
        raise ValidationFailed(" ".join(m for ms in errors.values() for m in ms),
                               field_errors=errors)


def _next_partial_sequence(contract: Contract, year: int) -> int:
    return (db.session.scalar(
        select(func.max(TaskReport.sequence)).where(
            TaskReport.contract_id == contract.id, TaskReport.kind == ReportKind.PARTIAL,
            TaskReport.year == year)) or 0) + 1


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
    version = version_in_force(contract)
    _refuse_partial_request(version, period_start=period_start, period_end=period_end,
                            requested_on=requested_on, delivered_on=delivered_on,
                            due_on=due_on)
    year = period_end.year
    sequence = _next_partial_sequence(contract, year)
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


def _refuse_call_dates(report: TaskReport, *, called_on: dt.date | None,
                       delivered_on: dt.date | None, today: dt.date) -> None:
    """Both dates given; sent after the report's due date, delivered after sent, neither in
    the future."""
    errors: dict[str, list[str]] = {}
    if called_on is None:
        errors["called_on"] = [N_("Podaj datę wezwania.")]
    if delivered_on is None:
        errors["delivered_on"] = [N_("Podaj datę doręczenia wezwania.")]
    if not errors:
        if called_on <= report.due_on:
            errors["called_on"] = [msg("Wezwanie wysyła się po upływie terminu sprawozdania "
                                       "(%(due)s).", due=report.due_on)]
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


def record_report_call(report: TaskReport, *, actor, called_on: dt.date | None,
                       delivered_on: dt.date | None, note: str = "") -> ReportCall:
    """A written call for a final report not filed by its due date (art. 18 ust. 3): due
    `report_call_days` (7) after the call is delivered. Once that passes with no filing the
    contract may be terminated."""
    ensure_reviewer(actor, report)
    if report.kind != ReportKind.FINAL:
        raise InvalidTransition(N_("Wezwanie w trybie art. 18 ust. 3 dotyczy sprawozdania "
                                   "końcowego."))
    if report.status != ReportStatus.DUE or report.filed_version is not None:
        raise InvalidTransition(N_("Sprawozdanie zostało złożone - wezwanie nie jest "
                                   "potrzebne."))
    today = clock.today()
    if today <= report.due_on:
        raise InvalidTransition(msg("Termin złożenia sprawozdania (%(due)s) jeszcze nie minął.",
                                    due=report.due_on))
    _refuse_call_dates(report, called_on=called_on, delivered_on=delivered_on, today=today)
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
