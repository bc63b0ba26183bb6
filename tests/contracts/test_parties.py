"""The contract's parties and form (issue 9): the form (powierzenie / wspieranie) from the call's
mode, not the amounts; every joint offeror a party with its representatives and their joint
and several liability; representatives as many as the organisation's signing rule needs, when
the contract is prepared and when it is signed; party names that need no declension; the IBAN
in groups of four."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.calls.models import Mode
from grants.contracts import parties, pdf, services, signing
from grants.contracts.parties import Person
from grants.core import clock
from grants.core.errors import ValidationFailed
from grants.extensions import db
from grants.organisations.models import Representative
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_award

D = Decimal
NBSP = "\xa0"
BOTH = "Anna Kowalska – Prezes Zarządu\nJan Nowak – Skarbnik"


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC))


def _html(contract) -> str:
    return pdf.render_contract_html(**pdf.context_for(contract.current_version))


# ---------------------------------------------------------------- the form of the contract

def test_the_form_is_the_competitions_mode_not_the_amounts(world):
    # powierzenie with an own contribution (grant 30 000 of 40 000)
    entrusted = services.generate_contract(make_award(world, mode=Mode.POWIERZENIE),
                                           actor=world.officer)
    assert entrusted.mode == "powierzenie"
    assert "o powierzenie realizacji zadania publicznego" in _html(entrusted)
    # wspieranie although the grant is the whole cost
    whole = [("I.1.1", "Koordynator", D("30000.00"), D("30000.00"))]
    supported = services.generate_contract(make_award(world, items=whole, mode=Mode.WSPIERANIE),
                                           actor=world.officer)
    assert supported.mode == "wspieranie"
    # editing the draft keeps the form
    services.edit_version(supported.current_version, actor=world.officer,
                          item_tolerance_pct=D("15"))
    assert supported.mode == "wspieranie"


# ---------------------------------------------------------------- the signing rule

@pytest.mark.pure
@pytest.mark.parametrize(("rule", "people", "text", "ok"), [
    ("Dwóch członków zarządu łącznie", ["Anna Kowalska", "Jan Nowak"], "Anna Kowalska", False),
    ("Dwóch członków zarządu łącznie", ["Anna Kowalska", "Jan Nowak"],
     "Anna Kowalska – Prezes\nJan Nowak – Skarbnik", True),
    ("prezes samodzielnie", ["Anna Kowalska", "Jan Nowak"], "anna  kowalska", True),
    ("trzech członków zarządu łącznie", ["A B", "C D", "E F"], "A B; C D", False),
    ("", ["Anna Kowalska", "Jan Nowak"], "Anna Kowalska", False),
    ("", ["Anna Kowalska"], "Anna Kowalska – Prezes", True),
    ("Dwóch członków zarządu łącznie", ["Anna Kowalska"], "Anna Kowalska", False),
    ("Dwóch członków zarządu łącznie", ["Anna Kowalska", "Jan Nowak"], "Ewa Obca, Piotr Obcy",
     False),
])
def test_persons_named_against_the_signing_rule(rule, people, text, ok):
    persons = [Person(name) for name in people]
    assert (parties.representation_problem(text, persons, rule, "X") is None) is ok


@pytest.mark.pure
def test_a_person_who_signs_alone_is_enough():
    persons = [Person("Anna Kowalska", "Prezes", signs_alone=True), Person("Jan Nowak")]
    assert parties.representation_problem("Anna Kowalska", persons, "dwóch łącznie", "X") is None
    assert parties.representation_problem("Jan Nowak", persons, "dwóch łącznie", "X")


def test_preparing_with_fewer_representatives_than_the_rule_needs_is_refused(world):
    award = make_award(world)
    with pytest.raises(ValidationFailed) as exc:
        services.generate_contract(award, actor=world.officer,
                                   organisation_representatives="Anna Kowalska – Prezes Zarządu")
    [message] = exc.value.field_errors["organisation_representatives"]
    assert "wymaga 2 osób" in message and "Jan Nowak" in message
    contract = services.generate_contract(award, actor=world.officer)  # the defaults: both
    assert contract.current_version.organisation_representatives == BOTH


def test_signing_by_fewer_representatives_than_the_rule_needs_is_refused(world):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    with pytest.raises(ValidationFailed) as exc:
        signing.sign_version(contract.current_version, actor=world.officer,
                             signed_on=dt.date(2026, 2, 20), for_authority="Anna Dyrektorska",
                             for_organisation="Anna Kowalska – Prezes Zarządu")
    assert "for_organisation" in exc.value.field_errors
    signing.sign_version(contract.current_version, actor=world.officer,
                         signed_on=dt.date(2026, 2, 20), for_authority="Anna Dyrektorska",
                         for_organisation="Anna Kowalska, Jan Nowak")
    assert contract.signed_on == dt.date(2026, 2, 20)


def test_an_organisation_represented_alone_signs_by_one_person(world):
    world.ngo_x.representatives[0].signs_alone = True
    db.session.flush()
    contract = services.generate_contract(
        make_award(world), actor=world.officer,
        organisation_representatives="Anna Kowalska – Prezes Zarządu")
    signing.sign_version(contract.current_version, actor=world.officer,
                         signed_on=dt.date(2026, 2, 20), for_authority="Anna Dyrektorska",
                         for_organisation="Anna Kowalska")
    assert contract.current_version.is_signed


# ---------------------------------------------------------------- joint offers

def _joint_award(world):
    world.ngo_y.representatives = [
        Representative(full_name="Ewa Fundacyjna", function="Prezes Zarządu", position=1),
        Representative(full_name="Olga Inna", function="Wiceprezes Zarządu", position=2)]
    db.session.flush()
    return make_award(world, partners=[(world.ngo_y, "Wydawanie posiłków w Dolnym Sopocie",
                                        D("10000.00"))])


def test_every_joint_offeror_is_a_party_with_its_representatives(world):
    contract = services.generate_contract(_joint_award(world), actor=world.officer)
    version = contract.current_version
    [joint] = version.joint_parties
    assert joint["organisation_id"] == world.ngo_y.id
    assert joint["representatives"] == ("Ewa Fundacyjna – Prezes Zarządu\n"
                                        "Olga Inna – Wiceprezes Zarządu")
    html = _html(contract)
    assert "Zleceniobiorcy</strong> (oferenci wspólni" in html
    for text in (world.ngo_x.name, world.ngo_y.name, "Anna Kowalska – Prezes Zarządu",
                 "Ewa Fundacyjna – Prezes Zarządu; Olga Inna – Wiceprezes Zarządu",
                 "Wydawanie posiłków w Dolnym Sopocie", f"(koszty: 10{NBSP}000,00{NBSP}zł)"):
        assert text in html
    assert "odpowiadają solidarnie za zobowiązania wynikające z umowy (art. 16 ust. 4" in html


def test_a_joint_offerors_representatives_are_checked_and_sign_too(world):
    award = _joint_award(world)
    with pytest.raises(ValidationFailed) as exc:
        services.generate_contract(award, actor=world.officer,
                                   joint_representatives=["Ewa Fundacyjna – Prezes Zarządu"])
    assert "joint-0-representatives" in exc.value.field_errors
    contract = services.generate_contract(award, actor=world.officer)
    with pytest.raises(ValidationFailed) as exc:  # the lead's representatives only
        signing.sign_version(contract.current_version, actor=world.officer,
                             signed_on=dt.date(2026, 2, 20), for_authority="Anna Dyrektorska",
                             for_organisation="Anna Kowalska; Jan Nowak")
    assert world.ngo_y.name in exc.value.field_errors["for_organisation"][0]
    signing.sign_version(contract.current_version, actor=world.officer,
                         signed_on=dt.date(2026, 2, 20), for_authority="Anna Dyrektorska",
                         for_organisation="Anna Kowalska; Jan Nowak; Ewa Fundacyjna; Olga Inna")
    assert contract.current_version.is_signed


def test_the_joint_offerors_representatives_on_the_pages(client, world):
    contract = services.generate_contract(_joint_award(world), actor=world.officer)
    db.session.commit()
    login(client, world.officer)
    edit = client.get(f"/umowy/{contract.id}/wersje/0/edycja").text
    assert f"Reprezentanci oferenta wspólnego {world.ngo_y.name}" in edit
    show = client.get(f"/umowy/{contract.id}").text
    assert world.ngo_y.name in show and "Ewa Fundacyjna" in show
    sign = client.get(f"/umowy/{contract.id}/wersje/0/podpisanie").text
    assert "Olga Inna" in sign  # proposed among the signatories


# ---------------------------------------------------------------- the document's text

def test_party_names_need_no_declension_and_the_iban_is_grouped(world):
    contract = make_contract(world)
    html = _html(contract)
    organisation = world.ngo_x
    # the name stands in the nominative after a label; no "zwanym dalej" after a declined name
    assert f"<strong>Zleceniobiorca:</strong> {organisation.name}; forma prawna: " \
           "stowarzyszenie; adres siedziby: ul. Monte Cassino 10, 81-767 Sopot" in html
    assert "<strong>Zleceniodawca:</strong> Prezydent Miasta; " in html
    assert "zwanym dalej" not in html and "pomiędzy" not in html
    assert "osoby reprezentujące (sposób reprezentacji: Dwóch członków zarządu łącznie): " \
           "Anna Kowalska – Prezes Zarządu; Jan Nowak – Skarbnik." in html
    iban = organisation.iban
    grouped = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    assert f"nr {grouped}." in html and iban not in html


def test_the_contract_page_shows_the_iban_in_groups(client, world):
    contract = make_contract(world)
    db.session.commit()
    login(client, world.officer)
    iban = world.ngo_x.iban
    page = client.get(f"/umowy/{contract.id}").text
    assert " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) in page


@pytest.mark.pure
@pytest.mark.parametrize("people, rule, expected", [
    ([Person("Anna Kowalska", "Prezes"), Person("Jan Nowak"), Person("Ewa Lis")],
     "dwóch członków zarządu łącznie", ["Anna Kowalska", "Jan Nowak"]),
    ([Person("Anna Kowalska", "Prezes"), Person("Jan Nowak", signs_alone=True)],
     "dwóch łącznie", ["Jan Nowak"]),
    ([Person("Anna Kowalska", "Prezes"), Person("Jan Nowak")], "prezes samodzielnie",
     ["Anna Kowalska"]),
    ([Person("Anna Kowalska")], "trzech członków zarządu", ["Anna Kowalska"]),
    ([], "dwóch łącznie", []),
])
def test_representatives_proposed_by_the_signing_rule(people, rule, expected):
    assert [p.full_name for p in parties.proposed(people, rule)] == expected


def test_the_new_contract_proposes_the_representatives_and_shows_the_rule(client, world):
    award = make_award(world)
    organisation = award.offer.organisation
    organisation.signing_rule = "Prezes samodzielnie"
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/umowy/nowa/z-konkursu/{award.id}").text
    assert "Prezes samodzielnie" in page
    field = page[page.index('name="organisation_representatives"'):]
    field = field[:field.index("</textarea>")]
    assert "Anna Kowalska – Prezes Zarządu" in field and "Jan Nowak" not in field
