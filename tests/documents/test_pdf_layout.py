"""Every PDF a person signs or files keeps all its columns on the page (issue 9) and is tagged
for accessibility. Each kind is rendered for real (WeasyPrint) with wide content: many rows,
long names without spaces, eight-digit amounts; every word must lie inside its page and the
text of every table cell must be there, whole, in one cell."""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace as NS

from grants.core import clock
from grants.core.formatting import money
from tests.support.pdf_layout import BIG, LONG, D, assert_fits, assert_tagged

AMOUNT = "98765432.10"


def _m(value) -> str:
    """An amount as the PDF prints it (Polish: documents are always in Polish)."""
    return money(D(value))


# ---------------------------------------------------------------- the offer (2018 template)

def _wide_offer_content(world):
    from grants.offers.content import version_content
    from tests.support.offers import make_offer

    offer = make_offer(world, commit=False)
    c = copy.deepcopy(version_content(offer.versions[0]))
    org = c["II"]["organisation"]
    org.update(name=LONG + "Sopot", address="ul. " + LONG + " 12345/678, 81-800 Sopot",
               email="sekretariat." + LONG.lower() + "@example.org")
    partner = copy.deepcopy(org)
    partner["name"] = LONG + "Partner"
    c["V_C"] = {"joint": True, "lead_cost_share": AMOUNT,
                "partners": [{"position": 1, "organisation": partner,
                              "actions": "Działanie" + LONG, "cost_share": AMOUNT}]}
    c["III"]["schedule"] = [
        {"position": i, "action": f"Działanie{i}" + LONG, "description": "Opis" + LONG,
         "target_group": "Grupa" + LONG, "start_date": "2027-01-01", "end_date": "2027-12-31",
         "non_party": "Podwykonawca" + LONG} for i in range(1, 7)]
    c["III"]["results"] = [
        {"position": i, "name": f"Rezultat{i}" + LONG, "target_value": "12345678901234567890",
         "monitoring": "Listy" + LONG} for i in range(1, 7)]
    c["V_A"]["items"] = [
        {"position": i, "code": f"I.{1 + i // 12}.{i % 12 + 1}", "section": "I",
         "action_no": 1 + i // 12, "name": f"Koszt{i}" + LONG, "unit": "roboczogodzinaspecjalisty",
         "unit_cost": AMOUNT, "units": "99999.99", "value": AMOUNT, "grant_part": AMOUNT,
         "year": 2027} for i in range(24)]
    c["V_A"]["items"] += [
        {"position": 24 + i, "code": f"II.{i + 1}", "section": "II", "action_no": None,
         "name": f"Administracja{i}" + LONG, "unit": "miesiąc", "unit_cost": AMOUNT,
         "units": "12", "value": AMOUNT, "grant_part": AMOUNT, "year": 2027} for i in range(6)]
    c["V_A"]["actions"] = [{"action_no": a, "value": AMOUNT, "grant": AMOUNT} for a in (1, 2)]
    for key in ("section_i", "section_i_grant", "section_ii", "section_ii_grant", "total",
                "grant"):
        c["V_A"][key] = AMOUNT
    for key in ("total", "grant", "own_total", "own_financial", "own_non_financial",
                "own_personal", "own_in_kind", "beneficiaries_cash"):
        c["V_B"][key] = AMOUNT
    c["attachments"] = [{"id": 1, "name": "Statut", "required": "Statut" + LONG,
                         "filename": LONG + ".pdf", "size": 12345678, "sha256": "a" * 64}]
    return c


def test_offer_pdf_keeps_every_column_on_the_page_and_is_tagged(world, real_pdf):
    from grants.offers.pdf import render_offer_pdf

    c = _wide_offer_content(world)
    data = render_offer_pdf(c, "b" * 64)
    expected = [LONG + "Sopot", c["II"]["organisation"]["email"], LONG + "Partner",
                "Działanie6" + LONG, "Podwykonawca" + LONG, "Rezultat6" + LONG,
                "12345678901234567890", "Koszt23" + LONG, "Administracja5" + LONG,
                "roboczogodzinaspecjalisty", "99 999,99", _m(AMOUNT), "I.2.12", "II.6",
                LONG + ".pdf"]
    assert_fits(data, expected)
    assert_tagged(data, "Oferta")


# ---------------------------------------------------------------- the small-grant offer

def test_small_grant_offer_pdf_keeps_every_column_on_the_page_and_is_tagged(world, real_pdf):
    from grants.documents.pdf import render_pdf
    from grants.smallgrants.content import offer_content
    from tests.support.smallgrants import make_offer

    offer = make_offer(world, commit=False)
    c = copy.deepcopy(offer_content(offer, number="MG/1/2027"))
    c["II"].update(name=LONG + "Sopot", address="ul. " + LONG + " 1, 81-800 Sopot")
    c["III"]["description"] = "Opis" + LONG * 3
    c["III"]["results"] = [{"name": f"Rezultat{i}" + LONG, "target_value": "12345678901234567890",
                            "monitoring": "Listy" + LONG} for i in range(6)]
    c["IV"]["items"] = [{"position": i, "name": f"Koszt{i}" + LONG,
                         "unit": "roboczogodzinaspecjalisty", "unit_cost": AMOUNT,
                         "units": "99999.99", "value": AMOUNT, "grant_part": AMOUNT}
                        for i in range(1, 21)]
    for key in ("total", "grant", "own_financial", "own_personal", "own_in_kind", "own_total"):
        c["IV"][key] = AMOUNT
    data = render_pdf("pdf/small_grant_offer.html", c=c, sha256="c" * 64)
    assert_fits(data, ["Rezultat5" + LONG, "12345678901234567890", "Koszt20" + LONG,
                       "roboczogodzinaspecjalisty", "99 999,99", _m(AMOUNT)])
    assert_tagged(data, "Oferta")


# ---------------------------------------------------------------- the settlement

def test_settlement_pdf_keeps_section_2_on_the_page_and_is_tagged(world, real_pdf):
    from grants.settlements import pdf, services
    from tests.support.contract_factory import make_contract
    from tests.support.settlements import accept_report

    contract = make_contract(world, paid=True)
    report = accept_report(contract, world)
    clock.set_now(dt.datetime(2026, 12, 10, 11, 0, tzinfo=dt.UTC))
    settlement = services.settle_report(report, actor=world.officer,
                                        finding_date=dt.date(2026, 12, 10))
    details = copy.deepcopy(settlement.details)
    row = {k: AMOUNT for k in ("planned_total", "planned_grant", "allowed", "actual_total",
                               "actual_grant", "excess", "misused", "eligible")}
    details["items"] = [dict(row, code=f"I.1.{i}", name=f"Koszt{i}" + LONG)
                        for i in range(1, 21)]
    for key in ("grant_planned", "total_planned", "grant_spent", "total_actual", "eligible",
                "share_limit"):
        details[key] = AMOUNT
    details["tranches"] = [{"number": i, "paid_on": "2026-03-02", "amount": AMOUNT}
                           for i in range(1, 6)]
    settlement.details = details  # in this test's transaction only, as every change here
    contract.organisation.name = LONG + "Sopot"
    data = pdf.render_settlement_pdf(settlement=settlement, contract=contract, report=report,
                                     generated_at=clock.now())
    assert_fits(data, ["Koszt20" + LONG, _m(AMOUNT)])
    assert_tagged(data, "Rozliczenie dotacji")


# ---------------------------------------------------------------- the committee protocol

def _protocol_context(world):
    from grants.awards import inputs

    now = clock.now()
    criteria = [inputs.ProtocolCriterion(i, i, f"Kryterium{i}" + LONG, D("10"))
                for i in range(1, 9)]
    members = [inputs.ProtocolMember(f"Członek{i}" + LONG, "przedstawiciel organu",
                                     "członek komisji", "Organizacja" + LONG, True, False, now)
               for i in range(1, 7)]
    rows = [inputs.ProtocolScoreRow(m.name, True, "ocena przekazana",
                                    {c.id: D("10") for c in criteria}, D("80"))
            for m in members]
    offers = [inputs.ProtocolOffer(i, f"OF/{i}/2027", "Tytuł" + LONG, LONG + str(i),
                                   "Zadanie" + LONG, rows, {c.id: D("10") for c in criteria},
                                   D("80"), True, len(rows)) for i in range(1, 3)]
    data = inputs.ProtocolData(
        members=members, exclusions=[inputs.ProtocolExclusion(
            members[0].name, "oferta OF/1/2027", "Okoliczność" + LONG, now)],
        criteria=criteria, max_total=D("80"), offers=offers, closed_at=now, complete=True,
        closure_reason="")
    task = NS(title="Zadanie" + LONG, funds=BIG)
    awards = [NS(rank=i, offer=NS(number=f"OF/{i}/2027", organisation=NS(name=LONG + str(i))),
                 score=D("80.00"), requested=BIG, proposed_grant=BIG if i < 14 else D("0"),
                 final_grant=BIG, tie_note="Remis" + LONG, eligible=i < 16, task=task)
              for i in range(1, 17)]
    return {"competition": world.competition, "data": data,
            "ranking": NS(tie_break_criterion=criteria[0]),
            "blocks": [NS(task=task, awards=awards)], "decision": True,
            "generated_at": now, "state_labels": {}, "tie_labels": {}}


def test_protocol_pdf_keeps_the_ranking_and_the_scores_on_the_page_and_is_tagged(
        world, real_pdf):
    from grants.awards.pdf import render_protocol_pdf

    data = render_protocol_pdf(**_protocol_context(world))
    assert_fits(data, ["Członek6" + LONG, "Organizacja" + LONG, "Okoliczność" + LONG,
                       LONG + "16", "OF/16/2027", _m(AMOUNT), "Remis" + LONG])
    assert_tagged(data, "Protokół")


# ---------------------------------------------------------------- the contract and the annex

def _wide_contract_context(world):
    """A contract of the factory, widened in its rendering context only (a signed version's
    rows are frozen): thirty budget items, twelve tranches, results, a long party name."""
    from grants.contracts import pdf
    from tests.support.contract_factory import make_contract

    contract = make_contract(world)
    contract.organisation.name = LONG + "Sopot"
    context = pdf.context_for(contract.version_in_force)
    context["items"] = [NS(code=f"I.1.{i}", name=f"Koszt{i}" + LONG, planned_total=BIG,
                           planned_grant=BIG) for i in range(1, 21)]
    context["tranches"] = [NS(number=i, due_on=dt.date(2026, 3, i), amount=BIG,
                              condition="partial_report") for i in range(1, 13)]
    context["results"] = [NS(name=f"Rezultat{i}" + LONG, target_value="1234567890" * 2,
                             monitoring="Listy" + LONG) for i in range(1, 6)]
    return context


def test_contract_pdf_keeps_every_column_on_the_page_and_is_tagged(world, real_pdf):
    from grants.contracts import pdf

    data = pdf.render_contract_pdf(**_wide_contract_context(world))
    assert_fits(data, ["Koszt20" + LONG, "Rezultat5" + LONG, "12345678901234567890",
                       _m(AMOUNT)])
    assert_tagged(data, "Umowa")


class _Annex:
    """The contract's version read as annex no. 2 (the factory signs no annexes)."""

    is_annex, number = True, 2
    reason = "Zmiana" + LONG

    def __init__(self, version):
        self._version = version

    def __getattr__(self, name):
        return getattr(self._version, name)


def test_annex_pdf_keeps_every_column_on_the_page_and_is_tagged(world, real_pdf):
    from grants.contracts import pdf

    context = _wide_contract_context(world)
    context["version"] = _Annex(context["version"])
    context["changes"] = [{"label": f"Pozycja{i}" + LONG,
                           "before": {"kind": "money", "value": D(AMOUNT)},
                           "after": {"kind": "text", "value": "Nowe" + LONG}}
                          for i in range(1, 11)]
    context["changed_items"] = True          # the annex attaches the budget it changes
    data = pdf.render_contract_pdf(**context)
    assert_fits(data, ["Pozycja10" + LONG, "Nowe" + LONG, _m(AMOUNT), "Koszt20" + LONG])
    assert_tagged(data, "Aneks nr 2")
