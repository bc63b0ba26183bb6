"""The officer decides on a filed report: accepted, or corrections asked for with a note and a
due date (the organisation then files a corrected version). The organisation gets an
e-mail either way."""

from __future__ import annotations

import datetime as dt

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.taskreports.models import ReportReview, ReportStatus, ReviewDecision, TaskReport
from grants.taskreports.services import ensure_reviewer, organisation_emails


def _too_early(report: TaskReport, choice: ReviewDecision) -> list[str]:
    """A report is accepted only after the period it reports on ended (one filed too early,
    before filing was refused then, waits or goes back for corrections)."""
    if choice != ReviewDecision.ACCEPTED or clock.today() > report.period_end:
        return []
    return [N_("Sprawozdanie można przyjąć dopiero po zakończeniu okresu, którego dotyczy.")]


def review_report(report: TaskReport, *, actor, decision: str | None, note: str = "",
                  correction_due: dt.date | None = None) -> ReportReview:
    """Accept the filed version or ask for corrections (a note and a due date not in the
    past). The organisation gets an e-mail either way."""
    ensure_reviewer(actor, report)
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
    if _too_early(report, choice):
        errors["decision"] = _too_early(report, choice)
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
