"""The yearly plans of small grants (art. 19a ust. 7): the total an executive body plans
for NGO tasks in a year, shared by every organiser acting for it."""

from __future__ import annotations

from decimal import Decimal

from grants.core import audit, cleaning, clock
from grants.core.errors import NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db
from grants.organisers.models import ExecutiveBody
from grants.smallgrants import permissions, queries
from grants.smallgrants.models import SmallGrantYearPlan


def set_year_plan(body: ExecutiveBody, year: int, planned_total: Decimal, *, actor,
                  note: str = "") -> SmallGrantYearPlan:
    """Enter (or replace) the total of grants the executive body plans for NGO tasks in
    `year` (shared by every organiser acting for it)."""
    if not permissions.can_manage_plans(actor):
        raise NotAllowed(N_("Plan dotacji wprowadza administrator."))
    errors: dict[str, list[str]] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(N_("Podaj rok od 2000 do 2100."))
    if planned_total is None:
        errors.setdefault("planned_total", []).append(N_("Podaj kwotę."))
    else:
        planned_total = cleaning.clean_amount(planned_total, errors, "planned_total")
    note = cleaning.clean_text(note, errors, "note",
                               limit=cleaning.max_length(SmallGrantYearPlan, "note") or 10000)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    if body is None:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors={
            "executive_body_id": [N_("Wybierz organ wykonawczy.")]})
    plan = queries.year_plan(body.id, year)
    before = audit.snapshot(plan, ["planned_total", "note"]) if plan else None
    if plan is None:
        plan = SmallGrantYearPlan(executive_body_id=body.id, year=year)
        db.session.add(plan)
    plan.planned_total = planned_total
    plan.note = note
    plan.updated_by_id = actor.id
    plan.updated_at = clock.now()
    db.session.flush()
    audit.record(actor, "smallgrant.year_plan_set", plan, before=before,
                 after={"executive_body_id": body.id, "year": year,
                        "planned_total": planned_total, "note": note})
    return plan
