"""Demo offers: complete offers filed (through the services, PDF included) in a competition
whose deadline has passed. Called by the demo loader; idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from grants.calls.models import Competition
from grants.core import clock
from grants.extensions import db
from grants.offers import attachments as offer_attachments
from grants.offers import checks as offer_checks
from grants.offers import filing as offer_filing
from grants.offers import rules, services
from grants.offers.models import Offer
from grants.organisations.models import Membership, Organisation

D = Decimal


def demo_offer_data(competition: Competition, task, variant: int = 0) -> dict:
    """A valid offer for `task`: costs 43 000 zł (+ 1 000 zł per variant), grant ~78 %."""
    extra = D(1000) * variant
    return {
        "title": f"{task.title} – oferta {variant + 1}",
        "start_date": task.start_date, "end_date": task.end_date,
        "place": "Sopot", "target_group": "Mieszkańcy Sopotu korzystający z pomocy społecznej",
        "need": "Zapotrzebowanie wskazane w ogłoszeniu konkursowym.",
        "complementarity": "Działania uzupełniają pracę socjalną MOPS.",
        "expected_results": "Wsparcie co najmniej 30 osób przez cały okres realizacji.",
        "contact_name": "Koordynator projektu", "contact_email": "kontakt@example.org",
        "contact_phone": "58 000 00 00",
        "previous_activity": "Organizacja od lat realizuje podobne zadania w Sopocie.",
        "resources": "Lokal, wykwalifikowana kadra, wolontariusze.",
        "own_financial": D("4000.00") + extra, "own_personal": D("3500.00"),
        "own_in_kind": D("2000.00"), "beneficiaries_cash": D("0.00"),
        "lead_cost_share": D("0.00"), "paid_activity": False, "unpaid_activity": True,
        "contribution_valuation": "Praca wolontariuszy wyceniona na 30 zł za godzinę; "
                                  "lokal według stawek rynkowych.",
        "other_info": "",
        "declarations": {k: True for k in rules.DECLARATION_KEYS},
        "schedule": [{"action": "Realizacja zadania", "description": "Działania podstawowe",
                      "target_group": "Uczestnicy", "start_date": task.start_date,
                      "end_date": task.end_date, "non_party": ""}],
        "results": [{"name": "Liczba osób objętych wsparciem", "target_value": "30",
                     "monitoring": "Listy obecności"}],
        "cost_items": [
            {"section": "I", "action_no": 1, "name": "Wynagrodzenie koordynatora",
             "unit": "miesiąc", "unit_cost": D("2500.00") + extra / 10, "units": D("10"),
             "grant_part": D("20000.00")},
            {"section": "I", "action_no": 1, "name": "Materiały i posiłki", "unit": "zestaw",
             "unit_cost": D("15.00"), "units": D("1000"), "grant_part": D("12000.00")},
            {"section": "II", "action_no": 1, "name": "Obsługa księgowa", "unit": "miesiąc",
             "unit_cost": D("300.00"), "units": D("10"), "grant_part": D("1500.00")},
        ],
        "partners": [],
    }


def file_demo_offers(competition: Competition, organisations: list[Organisation]) -> None:
    """File one offer per organisation (skipping those that already have one), with the
    clock set back before the deadline."""
    task = competition.tasks[0]
    filing_time = competition.offer_deadline - timedelta(days=3)
    with clock.frozen_at(filing_time):
        for i, org in enumerate(organisations):
            exists = db.session.scalar(select(Offer.id).where(
                Offer.competition_id == competition.id, Offer.organisation_id == org.id))
            if exists:
                continue
            actor = db.session.scalar(
                select(Membership).where(Membership.organisation_id == org.id)
                .order_by(Membership.is_admin.desc(), Membership.id))
            if actor is None:
                continue
            user = actor.user
            offer = services.start_offer(competition, task, org, actor=user)
            version = offer.versions[0]
            services.save_draft(version, actor=user, data=demo_offer_data(competition, task, i))
            for required in competition.required_attachments:
                if required.mandatory:
                    offer_attachments.add_attachment(
                        version, actor=user, filename="zalacznik.pdf",
                        content_type="application/pdf",
                        data=b"%PDF-1.4\n% demo attachment\n%%EOF\n",
                        allowed_extensions=["pdf"], required_attachment_id=required.id)
            problems = offer_checks.check_version(version)
            if problems:
                raise RuntimeError("demo offer invalid: " + "; ".join(p.message
                                                                     for p in problems))
            offer_filing.file_offer(offer, actor=user,
                                signed_by=[r.id for r in org.representatives])
