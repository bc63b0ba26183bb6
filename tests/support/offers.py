"""Offer helpers: a complete valid draft in one call, filing it, times around the deadline."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from grants.core import clock
from grants.extensions import db
from grants.offers import filing as offer_filing
from grants.offers import rules, services, templates
from grants.offers.models import Offer

D = Decimal


def valid_data(year: int) -> dict:
    """Sections I-VII of a valid offer for the `world` competition (task: the whole `year`,
    grant 1 000-50 000 zł, wspieranie up to 80 %).

    Costs 49 999,96 zł: grant 38 000,00 (76 %) + own 5 000,00 + 4 000,00 + 2 999,96.
    """
    return {
        "title": "Posiłki i schronienie dla osób w kryzysie bezdomności",
        "start_date": date(year, 1, 1), "end_date": date(year, 12, 31),
        "place": "Sopot, ul. Kolejowa 5", "target_group": "Osoby w kryzysie bezdomności",
        "need": "Brak miejsc noclegowych zimą", "complementarity": "Uzupełnia działania MOPS",
        "expected_results": "800 posiłków, 30 osób objętych wsparciem",
        "contact_name": "Natalia Społeczna", "contact_email": "ngo.admin@example.org",
        "contact_phone": "58 555 00 00",
        "previous_activity": "Od 2010 r. prowadzimy jadłodajnię.",
        "resources": "Lokal, kuchnia, 12 wolontariuszy.",
        "own_financial": D("5000.00"), "own_personal": D("4000.00"),
        "own_in_kind": D("2999.96"), "beneficiaries_cash": D("0.00"),
        "lead_cost_share": D("0.00"),
        "paid_activity": False, "unpaid_activity": True,
        "contribution_valuation": "Praca wolontariuszy: 30 zł za godzinę.",
        "other_info": "",
        "declarations": {k: True for k in rules.DECLARATION_KEYS},
        "schedule": [{"action": "Wydawanie posiłków", "description": "Codziennie",
                      "target_group": "Osoby bezdomne", "start_date": date(year, 1, 1),
                      "end_date": date(year, 12, 31), "non_party": ""}],
        "results": [{"name": "Liczba wydanych posiłków", "target_value": "800",
                     "monitoring": "Listy wydań"}],
        "cost_items": [
            {"section": "I", "action_no": 1, "name": "Koordynator", "unit": "miesiąc",
             "unit_cost": D("3000.00"), "units": D("12"), "grant_part": D("28000.00"),
             "year": None},
            {"section": "I", "action_no": 1, "name": "Posiłki", "unit": "posiłek",
             "unit_cost": D("12.50"), "units": D("800"), "grant_part": D("8000.00"),
             "year": None},
            {"section": "II", "action_no": 1, "name": "Obsługa księgowa", "unit": "miesiąc",
             "unit_cost": D("333.33"), "units": D("12"), "grant_part": D("2000.00"),
             "year": None},
        ],
        "partners": [],
    }


def make_offer(world, *, organisation=None, actor=None, competition=None, task=None,
               commit: bool = True, **overrides) -> Offer:
    """A complete, valid draft offer of organisation X (or `organisation`)."""
    competition = competition or world.competition
    task = task or competition.tasks[0]
    organisation = organisation or world.ngo_x
    actor = actor or world.ngo_admin
    offer = services.start_offer(competition, task, organisation, actor=actor)
    data = valid_data(task.start_date.year)
    data.update(overrides)
    services.save_draft(offer.versions[0], actor=actor, data=data)
    if commit:
        db.session.commit()
    return offer


def signatories(offer: Offer) -> list[int]:
    return [r.id for r in offer.organisation.representatives]


def file(offer: Offer, actor, *, commit: bool = True):
    version = offer_filing.file_offer(offer, actor=actor, signed_by=signatories(offer))
    if commit:
        db.session.commit()
    return version


def filed_offer(world, **kw) -> Offer:
    offer = make_offer(world, **kw)
    file(offer, kw.get("actor") or world.ngo_admin)
    return offer


def after_deadline(competition, seconds: int = 1):
    return clock.frozen_at(competition.offer_deadline + timedelta(seconds=seconds))


def before_deadline(competition, seconds: int = 1):
    return clock.frozen_at(competition.offer_deadline - timedelta(seconds=seconds))


def login_as(client, user) -> None:
    """Sign in `user`, forgetting the user Flask-Login cached for the previous request
    (the test's request context shares `g` with the client's requests)."""
    from flask import g

    from tests.conftest import login

    g.pop("_login_user", None)
    login(client, user)


def pl_money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    whole, frac = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return " ".join(groups) + "," + frac


def form_post(version, **overrides) -> dict:
    """The edit form as a browser would post it, from a saved version."""
    data: dict[str, str] = {name: getattr(version, name) or "" for name in templates.TEXT_FIELDS}
    for name in templates.MONEY_FIELDS:
        data[name] = pl_money(getattr(version, name))
    for name in ("start_date", "end_date"):
        value = getattr(version, name)
        data[name] = value.isoformat() if value else ""
    for name in ("paid_activity", "unpaid_activity"):
        if getattr(version, name):
            data[name] = "y"
    for key in rules.DECLARATION_KEYS:
        if (version.declarations or {}).get(key):
            data[f"declarations-{key}"] = "y"
    for i, r in enumerate(version.schedule):
        for f in ("action", "description", "target_group", "non_party"):
            data[f"schedule-{i}-{f}"] = getattr(r, f) or ""
        for f in ("start_date", "end_date"):
            value = getattr(r, f)
            data[f"schedule-{i}-{f}"] = value.isoformat() if value else ""
    for i, r in enumerate(version.results):
        for f in ("name", "target_value", "monitoring"):
            data[f"results-{i}-{f}"] = getattr(r, f) or ""
    for i, c in enumerate(version.cost_items):
        data.update({f"cost_items-{i}-section": c.section,
                     f"cost_items-{i}-action_no": str(c.action_no),
                     f"cost_items-{i}-name": c.name, f"cost_items-{i}-unit": c.unit,
                     f"cost_items-{i}-unit_cost": pl_money(c.unit_cost),
                     f"cost_items-{i}-units": pl_money(c.units),
                     f"cost_items-{i}-grant_part": pl_money(c.grant_part),
                     f"cost_items-{i}-year": str(c.year or "")})
    for i, p in enumerate(version.partners):
        data.update({f"partners-{i}-lookup": p.organisation.nip,
                     f"partners-{i}-actions": p.actions or "",
                     f"partners-{i}-cost_share": pl_money(p.cost_share)})
    data["upload_kind"] = ""
    data.update(overrides)
    return data
