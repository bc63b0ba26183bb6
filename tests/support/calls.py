"""Data of a complete competition for the services, and the same as a POSTed form."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from grants.calls import publication, services
from grants.calls.catalogue import STATUTORY_CRITERIA
from grants.calls.models import Mode
from grants.core import clock
from grants.extensions import db

POINTS = [(1, "20"), (2, "20"), (3, "30"), (4, "10"), (5, "10"), (6, "10")]


def draft_data(**overrides) -> dict:
    """A complete announcement (wspieranie), deadline 28.12.2026 12:00 Warsaw."""
    data = {
        "title": "Posiłki dla osób w kryzysie bezdomności",
        "reference": "MOPS.OKO.7.2026",
        "area": "pomoc_spoleczna",
        "mode": Mode.WSPIERANIE,
        "max_grant_pct": Decimal("80"),
        "min_own_pct": Decimal("10"),
        "description": "Zapewnienie gorącego posiłku osobom w kryzysie bezdomności.",
        "grant_rules": "Dotacja do 80 % kosztów zadania.",
        "task_conditions": "Zadanie realizowane na terenie Sopotu.",
        "offer_deadline": clock.local_instant(date(2026, 12, 28), time(12, 0)),
        "selection_procedure": "Komisja konkursowa ocenia oferty.",
        "tie_break_point": 3,
        "min_score_pct": Decimal("60"),
        "decision_date": date(2027, 1, 20),
        "completion_days": 7,
        "update_days": 14,
        "budget_division": "852",
        "budget_chapter": "85228",
        "budget_paragraph": "2360",
        "based_on_draft_budget": False,
        "tasks": [{"title": "Posiłki", "description": "Obiady 7 dni w tygodniu",
                   "funds": Decimal("120000.00"), "min_grant": Decimal("1000.00"),
                   "max_grant": Decimal("60000.00"), "start_date": date(2027, 1, 1),
                   "end_date": date(2027, 12, 31)}],
        "criteria": [{"statutory_point": p, "name": STATUTORY_CRITERIA[p],
                      "max_points": Decimal(m), "min_points": None} for p, m in POINTS],
        "checklist": [{"text": "Oferta złożona w terminie"},
                      {"text": "Oferta podpisana przez osoby upoważnione"}],
        "required_attachments": [{"name": "Statut", "mandatory": False}],
        "same_kind_tasks": [],
    }
    data.update(overrides)
    return data


def make_draft(world, **overrides):
    competition = services.create_draft(world.org_a, actor=world.officer,
                                        **draft_data(**overrides))
    db.session.commit()
    return competition


def publish_on(competition, actor, day: date):
    version = publication.publish(competition, actor=actor, bip_on=day, board_on=day,
                               website_on=day)
    db.session.commit()
    return version


def form_payload(**overrides) -> dict:
    """The edit form as a browser posts it (same content as draft_data)."""
    data = {
        "title": "Posiłki dla osób w kryzysie bezdomności",
        "reference": "MOPS.OKO.7.2026",
        "area": "pomoc_spoleczna",
        "mode": "wspieranie",
        "max_grant_pct": "80",
        "min_own_pct": "10",
        "description": "Zapewnienie gorącego posiłku osobom w kryzysie bezdomności.",
        "grant_rules": "Dotacja do 80 % kosztów zadania.",
        "task_conditions": "Zadanie realizowane na terenie Sopotu.",
        "tasks-0-row_id": "",
        "tasks-0-title": "Posiłki",
        "tasks-0-description": "Obiady 7 dni w tygodniu",
        "tasks-0-funds": "120 000,00",
        "tasks-0-min_grant": "1000",
        "tasks-0-max_grant": "60 000",
        "tasks-0-start_date": "2027-01-01",
        "tasks-0-end_date": "2027-12-31",
        "deadline_date": "2026-12-28",
        "deadline_time": "12:00",
        "selection_procedure": "Komisja konkursowa ocenia oferty.",
        "tie_break_point": "3",
        "min_score_pct": "60",
        "checklist-0-text": "Oferta złożona w terminie",
        "checklist-1-text": "Oferta podpisana przez osoby upoważnione",
        "required_attachments-0-name": "Statut",
        "decision_date": "2027-01-20",
        "completion_days": "7",
        "update_days": "14",
        "budget_division": "852",
        "budget_chapter": "85228",
        "budget_paragraph": "2360",
        "action": "save",
    }
    for i, (p, m) in enumerate(POINTS):
        data[f"criteria-{i}-statutory_point"] = str(p)
        data[f"criteria-{i}-name"] = STATUTORY_CRITERIA[p]
        data[f"criteria-{i}-max_points"] = m
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
