"""The History tab of each object page: shown to the staff who may read it (and opening a page
of entries), absent for the offeror; entries read who, when, what and before -> after, in
Polish and in English; the statements of a page do not grow with its entries."""

from __future__ import annotations

import pytest

from grants.contracts.models import Contract
from grants.core import audit
from grants.extensions import db
from tests.conftest import login
from tests.permissions.table import build_objects
from tests.support.statements import count_statements

# kind: (the object's page, its History page) from the access table's objects
PAGES = {
    "competition": ("/officer/competitions/{competition}", "/historia/konkurs/{competition}"),
    "offer": ("/offers/{offer}", "/historia/oferta/{offer}"),
    "committee": ("/officer/competitions/{eval_open}/committee", "/historia/komisja/{eval_open}"),
    "awards": ("/officer/competitions/{competition}/decision",
               "/historia/rozstrzygniecie/{competition}"),
    "contract": ("/umowy/{ct_contract}", "/historia/umowa/{ct_contract}"),
    "report": ("/sprawozdania/{tr_report}", "/historia/sprawozdanie/{tr_report}"),
    "settlement": ("/rozliczenia/{st_settlement}", "/historia/rozliczenie/{st_settlement}"),
    "organisation": ("/organisations/{org_x}", "/historia/organizacja/{org_x}"),
}
# the offeror sees these pages, never their History tab
NGO_PAGES = ["offer", "contract", "report", "settlement", "organisation"]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_object_page_links_its_history_for_the_officer(kind, app, world):
    objs = build_objects(world)
    page_url, history_url = (u.format(**objs) for u in PAGES[kind])
    client = app.test_client()
    login(client, world.officer)
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    assert f'href="{history_url}"' in page.get_data(as_text=True)
    history = client.get(history_url)
    assert history.status_code == 200
    assert "Historia" in history.get_data(as_text=True)


@pytest.mark.parametrize("kind", NGO_PAGES)
def test_the_offeror_sees_no_history_tab_and_gets_403(kind, app, world):
    objs = build_objects(world)
    page_url, history_url = (u.format(**objs) for u in PAGES[kind])
    client = app.test_client()
    login(client, world.ngo_admin)
    page = client.get(page_url)
    assert page.status_code == 200
    assert "/historia/" not in page.get_data(as_text=True)
    assert client.get(history_url).status_code == 403


def test_an_officer_elsewhere_gets_404(app, world):
    objs = build_objects(world)
    client = app.test_client()
    login(client, world.officer_b)
    for kind in ("competition", "offer", "committee", "awards", "contract", "report",
                 "settlement"):
        assert client.get(PAGES[kind][1].format(**objs)).status_code == 404, kind
    assert client.get("/historia/umowa/999999").status_code == 404


def _contract(world):
    from tests.support.contract_factory import make_contract

    contract = make_contract(world, pdf=b"%PDF-1.7\n%%EOF\n")
    db.session.commit()
    return contract


def _record_change(world, contract: Contract, n: int = 1) -> None:
    for i in range(n):
        audit.record(world.officer, "contract.closed", contract,
                     before={"status": "signed", "amount": "1234.50", "due_on": "2026-12-21"},
                     after={"status": f"closed-{i}", "amount": "2000.00",
                            "due_on": "2026-12-28", "new_field": True})
    db.session.commit()


def test_an_entry_reads_who_what_and_before_after_in_polish(app, world):
    contract = _contract(world)
    _record_change(world, contract)
    client = app.test_client()
    login(client, world.finance)
    html = client.get(f"/historia/umowa/{contract.id}").get_data(as_text=True)
    assert "Zamknięcie umowy" in html                    # the action's label
    assert "Urszula Urzędniczka" in html                  # who
    assert "<del>1\xa0234,50\xa0zł</del> → <ins>2000,00\xa0zł</ins>" in html.replace(
        "2\xa0000,00", "2000,00")
    assert "<del>21.12.2026</del> → <ins>28.12.2026</ins>" in html
    assert "<strong>Stan:</strong> <del>signed</del> → <ins>closed-0</ins>" in html
    assert "<strong>new_field:</strong> <del>–</del> → <ins>tak</ins>" in html  # fallback name


def test_an_entry_in_english(app, world):
    contract = _contract(world)
    _record_change(world, contract)
    world.officer.locale = "en"
    db.session.commit()
    client = app.test_client()
    login(client, world.officer)
    html = client.get(f"/historia/umowa/{contract.id}").get_data(as_text=True)
    assert "Contract history" in html and "Contract closed" in html
    assert "PLN\xa01,234.50" in html and "2026-12-28" in html
    assert "<strong>State:</strong>" in html and "yes" in html


def test_the_statements_of_a_page_do_not_grow_with_its_entries(app, world):
    contract = _contract(world)
    client = app.test_client()
    login(client, world.officer)
    url = f"/historia/umowa/{contract.id}"
    _record_change(world, contract, 2)
    client.get(url)
    db.session.expire_all()
    with count_statements() as few:
        client.get(url)
    for i in range(18):
        other = db.session.get(type(world.officer), world.admin.id) if i % 2 else world.officer
        audit.record(other, "contract.reopened", contract, before={"status": "closed"},
                     after={"status": "signed"})
    db.session.commit()
    client.get(url)
    db.session.expire_all()
    with count_statements() as many:
        html = client.get(url).get_data(as_text=True)
    assert "Adam Administrator" in html
    assert len(many) == len(few), "\n".join(s[:90] for s in few + ["---"] + many)


def test_pages_of_entries(app, world):
    contract = _contract(world)
    _record_change(world, contract, 25)
    client = app.test_client()
    login(client, world.officer)
    first = client.get(f"/historia/umowa/{contract.id}").get_data(as_text=True)
    second = client.get(f"/historia/umowa/{contract.id}?page=2").get_data(as_text=True)
    assert "closed-24" in first and "closed-0" not in first
    assert "closed-0" in second
    assert client.get(f"/historia/umowa/{contract.id}?page=abc").status_code == 200


def test_a_competition_history_holds_its_publications_and_documents(app, world):
    from grants.documents.models import StoredFile
    from grants.procedures.models import ProcedureDocument

    competition = world.competition
    doc = ProcedureDocument(procedure_id=competition.procedure_id, title="Regulamin",
                            stored_file=StoredFile.from_bytes("r.pdf", "application/pdf",
                                                              b"%PDF-1.4 r"))
    db.session.add(doc)
    db.session.flush()
    audit.record(world.officer, "procedure.published.announcement", competition.procedure,
                 after={"channel": "bip"})
    audit.record(world.officer, "procedure.document_added", doc, after={"title": "Regulamin"})
    audit.record(world.officer, "awards.results_published", competition)
    db.session.commit()
    client = app.test_client()
    login(client, world.officer)
    html = client.get(f"/historia/konkurs/{competition.id}").get_data(as_text=True)
    assert "Publikacja ogłoszenia" in html and "Dodanie dokumentu" in html
    awards = client.get(f"/historia/rozstrzygniecie/{competition.id}").get_data(as_text=True)
    assert "Publikacja wyników" in awards and "Dodanie dokumentu" not in awards


def test_a_removed_attachment_stays_in_the_offer_history(app, world):
    from grants.offers import attachments
    from tests.support.offers import file, make_offer

    offer = make_offer(world)
    added = attachments.add_attachment(
        offer.versions[0], actor=world.ngo_admin, filename="Statut-do-usuniecia.pdf",
        content_type="application/pdf", data=b"%PDF-1.4 s", allowed_extensions=["pdf"])
    db.session.flush()
    attachments.remove_attachment(offer.versions[0], added.id, actor=world.ngo_admin)
    file(offer, world.ngo_admin)
    client = app.test_client()
    login(client, world.officer)
    html = client.get(f"/historia/oferta/{offer.id}").get_data(as_text=True)
    assert "Usunięcie załącznika" in html and "Statut-do-usuniecia" in html
