"""The awards' pages: bad input keeps what was typed and gives a clear message, never a 500;
officers of other organisers get 404, other users 403 (officer pages)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest

from grants.awards import inputs, queries
from grants.awards.models import AwardState
from grants.calls.models import CallStatus
from grants.core import clock
from grants.extensions import db
from grants.offers.models import VersionState
from tests.conftest import login
from tests.support.awards import (
    after_deadline,
    award_of,
    build,
    decide,
    filed_with_grant,
    publish,
    result,
    use_results,
)

D = Decimal


@pytest.fixture
def two(world, monkeypatch):
    """A (X, 40 000) and B (Y, 50 000); funds 70 000; after the deadline; scoring closed."""
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = D("70000.00")
    db.session.commit()
    use_results(monkeypatch, [result(a, 70), result(b, 90)])
    return a, b


def url(world, what: str) -> str:
    return f"/officer/competitions/{world.competition.id}/{what}"


# ---------------------------------------------------------------- ranking

def test_ranking_page_waits_for_the_closing_of_scoring(client, world, monkeypatch):
    use_results(monkeypatch, [], closed=False)
    after_deadline(world.competition)
    login(client, world.officer)
    page = client.get(url(world, "ranking"))
    assert page.status_code == 200
    assert "Ocena komisji nie została jeszcze zamknięta" in page.text
    assert 'value="build"' not in page.text


@pytest.mark.parametrize(("role", "status"), [("officer_b", 404), ("committee", 403),
                                              ("ngo_admin", 403), ("admin", 403)])
def test_ranking_page_is_for_the_organisers_officers(client, world, role, status):
    login(client, getattr(world, role))
    assert client.get(url(world, "ranking")).status_code == status


def test_build_and_edit_the_ranking(client, world, two):
    a, b = two
    crit = world.competition.criteria[2]
    login(client, world.officer)
    page = client.get(url(world, "ranking"))
    assert page.status_code == 200 and "art. 15 ust. 1 pkt 3" in page.text
    assert "tie_break_criterion_id" not in page.text  # the announcement's rule, no choice
    response = client.post(url(world, "ranking"), data={"action": "build",
                                                        "tie_break_criterion_id": "1"})
    assert response.status_code == 302
    ranking = queries.ranking_of(world.competition)
    aw_a = award_of(ranking, a)
    assert ranking.tie_break_criterion_id == crit.id and aw_a.proposed_grant == D("20000.00")
    page = client.get(url(world, "ranking"))
    assert a.number in page.text and f'name="grant-{aw_a.id}"' in page.text
    assert 'value="20\xa0000,00"' in page.text
    response = client.post(url(world, "ranking"), data={"action": "save",
                                                        f"grant-{aw_a.id}": "15 000,50"})
    assert response.status_code == 302
    db.session.expire_all()
    assert award_of(queries.ranking_of(world.competition), a).proposed_grant == D("15000.50")


@pytest.mark.parametrize(("typed", "status", "message"), [
    ("abc", 422, "nie jest kwotą"),
    ("", 422, "Podaj kwotę"),
    ("12,345", 422, "dwa miejsca"),
    ("-5", 422, "ujemna"),
    ("40 000,01", 422, "przekracza wnioskowaną"),
    ("20 000,01", 409, "przekracza środki"),
    ("1e400", 422, "nie jest kwotą"),
])
def test_bad_amounts_keep_what_was_typed(client, world, monkeypatch, two, typed, status,
                                         message):
    a, b = two
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    aw_a = award_of(ranking, a)
    login(client, world.officer)
    response = client.post(url(world, "ranking"), data={"action": "save",
                                                        f"grant-{aw_a.id}": typed})
    assert response.status_code == status
    assert message in response.text
    assert f'value="{typed}"' in response.text
    db.session.expire_all()
    assert award_of(queries.ranking_of(world.competition), a).proposed_grant == D("20000.00")


@pytest.mark.parametrize(("data", "status"), [
    ({"action": "nonsense"}, 400),
])
def test_bad_build_requests(client, world, two, data, status):
    login(client, world.officer)
    response = client.post(url(world, "ranking"), data=data)
    assert response.status_code == status
    if status == 422:
        assert "Wybierz kryterium" in response.text


def test_ranking_refused_while_scoring_is_open(client, world, monkeypatch, two):
    use_results(monkeypatch, [], closed=False)
    login(client, world.officer)
    response = client.post(url(world, "ranking"), data={"action": "build"})
    assert response.status_code == 409
    assert "zamknięciu oceny" in response.text


# ---------------------------------------------------------------- decision and publication

def test_decision_with_bad_input_keeps_what_was_typed(client, world, monkeypatch, two):
    a, b = two
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    aw_a = award_of(ranking, a)
    login(client, world.officer)
    response = client.post(url(world, "decision"), data={
        "action": "decide", "number": "", "decided_on": "31.02.2027", "signer": "Jan Prezydent",
        f"grant-{aw_a.id}": "19 000,00"})
    assert response.status_code == 422
    assert 'value="31.02.2027"' in response.text and 'value="Jan Prezydent"' in response.text
    assert 'value="19 000,00"' in response.text
    assert "Podaj datę w formacie" in response.text
    response = client.post(url(world, "decision"), data={
        "action": "decide", "number": "", "decided_on": clock.today().strftime("%d.%m.%Y"),
        "signer": "Jan Prezydent", f"grant-{aw_a.id}": "19 000,00", "understood": "y"})
    assert response.status_code == 422
    assert "numer decyzji" in response.text
    assert queries.decision_of(world.competition) is None


def test_decision_publication_and_public_results(client, world, monkeypatch, mailbox, two):
    a, b = two
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    aw_a = award_of(ranking, a)
    login(client, world.officer)
    today = clock.today().strftime("%d.%m.%Y")
    response = client.post(url(world, "decision"), data={
        "action": "decide", "number": "ZA.0050.7.2027", "decided_on": today,
        "signer": "Jan Prezydent", f"grant-{aw_a.id}": "19 000,00", "understood": "y"})
    assert response.status_code == 302
    page = client.get(url(world, "decision"))
    assert "ZA.0050.7.2027" in page.text and "Zmiany propozycji" in page.text
    response = client.post(url(world, "results/publish"), data={"bip_on": today,
                                                                "board_on": "", "website_on":
                                                                "jutro", "understood": "y"})
    assert response.status_code == 422
    assert "Podaj datę wywieszenia" in response.text or "Podaj datę" in response.text
    assert 'value="jutro"' in response.text
    assert world.competition.status == CallStatus.PUBLISHED
    mailbox.clear()
    response = client.post(url(world, "results/publish"), data={
        "bip_on": today, "board_on": today, "website_on": today, "understood": "y"})
    assert response.status_code == 302
    assert world.competition.status == CallStatus.DECIDED
    assert len(mailbox) == 2
    client.get("/logout")
    public = client.get(f"/konkursy/{world.competition.id}")
    assert public.status_code == 200
    assert "Wyniki konkursu" in public.text and "ZA.0050.7.2027" in public.text
    assert world.ngo_x.name in public.text and world.ngo_y.name in public.text
    assert "19\xa0000,00\xa0zł" in public.text


def test_objection_form(client, world, monkeypatch, two):
    build(world, monkeypatch, [result(o, 80) for o in two])
    decide(world)
    publish(world)
    login(client, world.officer)
    response = client.post(url(world, "decision"), data={
        "action": "objection", "received_on": "", "author": "Fundacja Inna",
        "offer_id": "abc", "content": ""})
    assert response.status_code == 422
    response = client.post(url(world, "decision"), data={
        "action": "objection", "received_on": clock.today().strftime("%d.%m.%Y"),
        "author": "Fundacja Inna", "offer_id": "99999999999999999999", "content": "Treść"})
    assert response.status_code == 422 and "Wybierz ofertę z listy" in response.text
    assert 'value="Fundacja Inna"' in response.text
    response = client.post(url(world, "decision"), data={
        "action": "objection", "received_on": clock.today().strftime("%d.%m.%Y"),
        "author": "Fundacja Inna", "offer_id": str(two[1].id), "content": "Prosimy o ponowną ocenę."})
    assert response.status_code == 302
    assert len(queries.objections_of(world.competition)) == 1
    assert "Prosimy o ponowną ocenę." in client.get(url(world, "decision")).text


# ---------------------------------------------------------------- annulment

def test_annulment_flow(client, world, monkeypatch):
    use_results(monkeypatch, [], closed=False)
    after_deadline(world.competition)
    login(client, world.officer)
    page = client.get(url(world, "annul"))
    assert page.status_code == 200 and "System proponuje unieważnienie" in page.text
    today = clock.today().strftime("%d.%m.%Y")
    response = client.post(url(world, "annul"), data={
        "reason": "Nie wpłynęła żadna oferta.", "bip_on": today, "board_on": "x",
        "website_on": today})
    assert response.status_code == 422 and 'value="x"' in response.text
    response = client.post(url(world, "annul"), data={
        "reason": "Nie wpłynęła żadna oferta.", "bip_on": today, "board_on": today,
        "website_on": today})
    assert response.status_code == 422 and "potwierdzić" in response.text
    response = client.post(url(world, "annul"), data={
        "reason": "Nie wpłynęła żadna oferta.", "bip_on": today, "board_on": today,
        "website_on": today, "confirm": "y"})
    assert response.status_code == 302
    assert world.competition.status == CallStatus.ANNULLED
    public = client.get(f"/konkursy/{world.competition.id}")
    assert "Unieważnienie konkursu" in public.text and "Nie wpłynęła żadna oferta." in public.text


def test_annulment_refused_without_a_ground(client, world, monkeypatch, two):
    login(client, world.officer)
    today = clock.today().strftime("%d.%m.%Y")
    page = client.get(url(world, "annul"))
    assert "System nie proponuje unieważnienia" in page.text
    response = client.post(url(world, "annul"), data={
        "reason": "x", "bip_on": today, "board_on": today, "website_on": today, "confirm": "y"})
    assert response.status_code == 409 and "Brak podstawy" in response.text


# ---------------------------------------------------------------- downloads

def fixed_protocol(offers):
    now = clock.now()
    return inputs.ProtocolData(
        members=[inputs.ProtocolMember("Kamila Komisyjna", "przedstawiciel organu",
                                       "przewodniczący(-a) komisji", "", True, False, now),
                 inputs.ProtocolMember("Ewa Ekspertka", "ekspert z głosem doradczym",
                                       "członek komisji", "", False, False, now)],
        exclusions=[inputs.ProtocolExclusion("Ewa Ekspertka", "oferta X", "Członek zarządu",
                                             now)],
        criteria=[inputs.ProtocolCriterion(1, 1, "Możliwość realizacji", D("20")),
                  inputs.ProtocolCriterion(2, 2, "Jakość – „cudzysłów” i ąęłńóśźż", D("30"))],
        max_total=D("50"),
        offers=[inputs.ProtocolOffer(
            o.id, o.number, "Tytuł", o.organisation.name, o.task.title,
            rows=[inputs.ProtocolScoreRow("Kamila Komisyjna", True, "ocena przekazana",
                                          {1: D("15"), 2: D("20.5")}, D("35.5")),
                  inputs.ProtocolScoreRow("Ewa Ekspertka", False, "wyłączony(-a)")],
            criterion_means={1: D("15"), 2: D("20.5")}, mean_total=D("35.5"), eligible=True,
            n_scores=1) for o in offers],
        closed_at=now, complete=True, closure_reason="")


def test_protocol_pdf(client, world, monkeypatch, two):
    login(client, world.officer)
    response = client.get(url(world, "protocol.pdf"))
    assert response.status_code == 302  # no ranking yet
    build(world, monkeypatch, [result(o, 80) for o in two])
    monkeypatch.setattr(inputs, "protocol_data", lambda competition: fixed_protocol(two))
    response = client.get(url(world, "protocol.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_protocol_html_shows_every_part(world, monkeypatch, two):
    from grants.awards import pdf
    from grants.awards.views.common import STATE_LABELS, TIE_LABELS

    ranking = build(world, monkeypatch, [result(two[0], 80), result(two[1], 30,
                                                                      eligible=False)])
    html = pdf.render_protocol_html(
        competition=world.competition, data=fixed_protocol(two), ranking=ranking,
        blocks=queries.task_blocks(world.competition, ranking), decision=None,
        generated_at=clock.now(), state_labels=STATE_LABELS, tie_labels=TIE_LABELS)
    for part in ("Skład komisji", "Wyłączenia", "Członek zarządu", "Oceny członków komisji",
                 "20,50", "35,50", "Ranking i proponowane", "Oferty bez dofinansowania",
                 "nie uzyskała wymaganej minimalnej oceny", world.ngo_y.name):
        assert part in html, part


def test_protocol_pdf_renders_for_real(world, monkeypatch, two, real_pdf):
    from grants.awards import pdf

    ranking = build(world, monkeypatch, [result(o, 80) for o in two])
    data = pdf.render_protocol_pdf(
        competition=world.competition, data=fixed_protocol(two), ranking=ranking,
        blocks=queries.task_blocks(world.competition, ranking), decision=None,
        generated_at=clock.now(), state_labels={s: s.value for s in AwardState},
        tie_labels={"": "", "filing": "f", "criterion": "c", "precision": "p"})
    assert data.startswith(b"%PDF") and len(data) > 2000


def test_ranking_xlsx_is_injection_safe(client, world, monkeypatch, two):
    from openpyxl import load_workbook

    world.ngo_y.name = "=HYPERLINK(\"http://evil\",\"x\")"
    db.session.commit()
    login(client, world.officer)
    assert client.get(url(world, "ranking.xlsx")).status_code == 302  # no ranking yet
    build(world, monkeypatch, [result(two[0], "70.123456789"), result(two[1], 90)])
    response = client.get(url(world, "ranking.xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True))
            for r in sheet.iter_rows(min_row=2)]
    names = [r["Oferent"] for r in rows]
    assert "=HYPERLINK(\"http://evil\",\"x\")" in names  # shown as typed, no apostrophe
    first = next(r for r in rows if r["Oferta"] == two[0].number)
    assert first["Średnia ocena – pełna dokładność"] == "70.123456789"
    assert Decimal(str(first["Proponowana dotacja (zł)"])) == D("20000.00")
    assert first["Dotacja przyznana decyzją (zł)"] is None  # an empty cell, not ""
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"  # text is a text cell, never a formula
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"


# ---------------------------------------------------------------- the offer update

def update_post(version, **overrides) -> dict:
    from tests.support.offers import pl_money

    data = {"expected_results": version.expected_results or "",
            "contribution_valuation": version.contribution_valuation or ""}
    for name in ("own_financial", "own_personal", "own_in_kind", "beneficiaries_cash",
                 "lead_cost_share"):
        data[name] = pl_money(getattr(version, name))
    for i, r in enumerate(version.schedule):
        for f in ("action", "description", "target_group", "non_party"):
            data[f"schedule-{i}-{f}"] = getattr(r, f) or ""
        for f in ("start_date", "end_date"):
            data[f"schedule-{i}-{f}"] = getattr(r, f).isoformat()
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
    data.update(overrides)
    return data


@pytest.fixture
def published(world, monkeypatch, two):
    a, b = two
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    decide(world)
    publish(world)
    return award_of(ranking, a)


def test_update_flow_in_the_browser(client, world, published, mailbox):
    offer = published.offer
    path = f"/offers/{offer.id}/update"
    login(client, world.ngo_admin)
    page = client.get(path)
    assert page.status_code == 200 and 'value="start"' in page.text
    assert "20\xa0000,00\xa0zł" in page.text
    assert client.post(path, data={"action": "start"}).status_code == 302
    version = offer.draft_version
    assert version is not None and version.number == 2
    page = client.get(path)
    assert page.status_code == 200 and "cost_items-0-grant_part" in page.text
    # a bad amount keeps what was typed
    response = client.post(path, data=update_post(version, **{
        "action": "save", "cost_items-0-grant_part": "12,345"}))
    assert response.status_code == 422
    assert 'value="12,345"' in response.text and "dwa miejsca" in response.text
    # filing against the wrong sum: refused with the amounts named
    response = client.post(path, data=update_post(version, **{
        "action": "file", "confirm": "y",
        "signed_by": [str(r.id) for r in offer.organisation.representatives]}))
    assert response.status_code == 422
    assert "równa przyznanej dotacji" in response.text
    # the costs adjusted to 20 000 and the own funds to a quarter: filed
    data = update_post(version, **{
        "action": "file", "confirm": "y", "cost_items-0-unit_cost": "20 000,00",
        "cost_items-0-grant_part": "20 000,00", "cost_items-1-unit_cost": "5 000,00",
        "own_financial": "5 000,00"})
    data["signed_by"] = [str(r.id) for r in offer.organisation.representatives]
    response = client.post(path, data=data)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    assert published.update_filed_at is not None
    assert [v.state for v in offer.versions] == [VersionState.SUPERSEDED, VersionState.FILED]
    assert "złożona" in client.get(path).text


def test_update_check_and_rows(client, world, published):
    offer = published.offer
    path = f"/offers/{offer.id}/update"
    login(client, world.ngo_admin)
    client.post(path, data={"action": "start"})
    version = offer.draft_version
    response = client.post(path, data=update_post(version, action="add:results"))
    assert response.status_code == 200 and "results-1-name" in response.text
    response = client.post(path, data=update_post(version, action="check"))
    assert response.status_code == 200 and "do poprawienia" in response.text
    response = client.post(path, data=update_post(version, action="remove:results:0"))
    assert response.status_code == 302
    db.session.expire_all()
    assert offer.draft_version.results == []
    response = client.post(path, data=update_post(offer.draft_version, action="file"))
    assert response.status_code == 422 and "Potwierdź złożenie" in response.text


@pytest.mark.parametrize(("role", "status"), [("officer", 403), ("ngo_other", 404),
                                              ("officer_b", 404), ("committee", 404)])
def test_update_page_access(client, world, published, role, status):
    login(client, getattr(world, role))
    assert client.get(f"/offers/{published.offer_id}/update").status_code == status
    assert client.post(f"/offers/{published.offer_id}/decline",
                       data={"confirm": "y"}).status_code == status


def test_update_page_after_the_deadline(client, world, published):
    clock.set_now(queries.update_deadline(published) + timedelta(seconds=1))
    login(client, world.ngo_admin)
    page = client.get(f"/offers/{published.offer_id}/update")
    assert page.status_code == 200 and "Termin aktualizacji minął" in page.text
    response = client.post(f"/offers/{published.offer_id}/update", data={"action": "start"})
    assert response.status_code == 409


def test_decline_needs_confirmation(client, world, published):
    login(client, world.ngo_admin)
    path = f"/offers/{published.offer_id}/decline"
    response = client.post(path, data={})
    assert response.status_code == 302
    assert published.state == AwardState.CONFIRMED
    response = client.post(path, data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert published.state == AwardState.WITHDRAWN
    page = client.get(f"/offers/{published.offer_id}/update")
    assert "zrezygnował" in page.text


def test_update_page_for_an_offer_without_an_award(client, world, two):
    login(client, world.ngo_admin)
    response = client.get(f"/offers/{two[0].id}/update")
    assert response.status_code == 302 and f"/offers/{two[0].id}" in response.headers["Location"]


def test_offer_page_shows_the_grant_and_links_the_update(client, world, published):
    offer = published.offer
    login(client, world.ngo_admin)
    page = client.get(f"/offers/{offer.id}").text
    assert "Przyznana dotacja" in page and "20\xa0000,00\xa0zł" in page
    assert f"/offers/{offer.id}/update" in page
    login(client, world.officer)
    assert "Aktualizuj ofertę" not in client.get(f"/offers/{offer.id}").text
