"""The section numbers of the 2018 offer template (rozporządzenie Przewodniczącego Komitetu do
spraw Pożytku Publicznego z 24 października 2018, Dz.U. 2018 poz. 2057, zał. 1), alike in the
offer form, in the messages of the checks that stop a filing and in the PDF (issue 9):
III.1 title, III.2 dates, III.3 synthetic description, III.4 plan and schedule, III.5 expected
results, III.6 additional information on the results (the results table), IV.1 previous
activity, IV.2 resources, V.A-V.C costs, sources, split, VI.1 the paid / unpaid declaration."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from grants.offers import rules
from tests.support.offers import login_as, make_offer

# (number, the words the template gives the part)
PARTS = [
    ("II.2", "Dane osoby upoważnionej do składania wyjaśnień dotyczących oferty"),
    ("III.1", "Tytuł zadania publicznego"),
    ("III.2", "Termin realizacji zadania publicznego"),
    ("III.3", "Syntetyczny opis zadania"),
    ("III.4", "Plan i harmonogram działań"),
    ("III.5", "Opis zakładanych rezultatów realizacji zadania publicznego"),
    ("III.6", "Dodatkowe informacje dotyczące rezultatów realizacji zadania publicznego"),
    ("IV.1", "Informacja o wcześniejszej działalności oferenta"),
    ("IV.2", "Zasoby kadrowe, rzeczowe i finansowe oferenta"),
    ("V.A", "Zestawienie kosztów realizacji zadania"),
    ("V.B", "Źródła finansowania kosztów realizacji zadania"),
    ("V.C", "Podział kosztów realizacji zadania pomiędzy oferentów"),
    ("VI.1", "Deklaracja o zamiarze odpłatnego lub nieodpłatnego wykonania zadania"),
]


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_form_numbers_its_parts_as_the_2018_template(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_member)
    html = client.get(f"/offers/{offer.id}/edit").get_data(as_text=True)
    page = _squash(html)
    positions = []
    for number, words in PARTS:
        found = page.find(f"{number} {words}")
        assert found >= 0, f"{number} {words}"
        positions.append(found)
    assert positions == sorted(positions)  # in the template's order
    # the tables' headings: the schedule is III.4, the results table III.6
    schedule = re.search(r'<h3[^>]*id="section-schedule"[^>]*>(.*?)</h3>', html).group(1)
    results = re.search(r'<h3[^>]*id="section-results"[^>]*>(.*?)</h3>', html).group(1)
    assert _squash(schedule).strip().startswith("III.4 ")
    assert _squash(results).strip().startswith("III.6 ")


@pytest.mark.pure
def test_the_checks_name_the_parts_as_the_2018_template():
    assert "(III.4)" in rules.check_schedule([], None, None)[0].message
    assert "(III.6)" in rules.check_results([])[0].message
    by_field = {p.field: p.message for p in rules.check_required_texts({})}
    expected = {"title": "(III.1)", "place": "(III.3)", "target_group": "(III.3)",
                "need": "(III.3)", "expected_results": "(III.5)", "contact_name": "(II.2)",
                "contact_email": "(II.2)", "previous_activity": "(IV.1)",
                "resources": "(IV.2)"}
    for field, number in expected.items():
        assert number in by_field[field], (field, by_field[field])
    activity = rules.check_activity(False, False, Decimal("0"), Decimal("0"), "")
    assert "(VI.1)" in activity[0].message


def test_the_pdf_numbers_its_parts_as_the_2018_template(world):
    from grants.offers.content import version_content
    from grants.offers.pdf import render_offer_html

    offer = make_offer(world, commit=False)
    html = render_offer_html(version_content(offer.versions[0]), "0" * 64)
    part_iii = html[html.index('id="sec-III"'):html.index('id="sec-IV"')]
    headings = [_squash(h).strip() for h in re.findall(r"<h3>(.*?)</h3>", part_iii)]
    assert headings == [f"{n[-1]}. {w}" for n, w in PARTS if n.startswith("III.")]
    page = _squash(html)
    for number, words in PARTS:
        section, point = number.split(".")
        shown = f"{number} {words}" if point in "ABC" else f"{point}. {words}"
        assert shown in page, shown
