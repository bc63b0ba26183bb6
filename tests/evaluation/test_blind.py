"""Blind scoring (issue 10): nobody - member, chair, officer - learns anything of the others'
points before scoring closes.

The attacks: the chair read flags built from the others' points before signing the
declaration of impartiality; the officer moved the disagreement threshold while scoring was
open and, with the chair reading the flags, recovered the spread of totals by bisection.
Now the flags show only to a member who has signed, name only the offers to discuss (never a
spread, a member or a direction), and the thresholds are fixed when scoring opens (the
first declaration signed)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from grants.core.errors import InvalidTransition
from grants.evaluation import composition, declarations, queries
from grants.evaluation.models import MemberKind
from grants.extensions import db
from tests.conftest import login
from tests.support.evaluation import accepted_offer, committee_user, scene, score, seat

D = Decimal
FULL = [20, 20, 30, 10, 10, 20]        # 110 of 110
LOW = [10, 10, 15, 5, 5, 11]           # 56: spread 54 against FULL (49 % of 110)
SECRETS = ("17,25", "13,75", "26,5", "7,25", "3,75", "11,25", "79,75", "Uzasadnienie XYZ")
LOCKED = "Progi oceny zostały ustalone"


def _base(world) -> str:
    return f"/committee/competitions/{world.competition.id}"


def _main(html: str) -> str:
    return html.split('<main id="main"')[1].split("</main>")[0]


def _flag_section(html: str) -> str:
    """The flags of the close page ('' when the page shows none; before issue 10 they were
    the sections "rozbieznosci" and "odchylenia")."""
    return "".join(re.findall(
        r'<section aria-labelledby="(?:do-omowienia|rozbieznosci|odchylenia)".*?</section>',
        html, re.S))


def _unsigned_chair_and_two_scorers(world):
    """Offer 1 scored far apart by two members; the chair has not signed."""
    offer1 = accepted_offer(world)
    offer2 = accepted_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    chair = seat(world, world.committee, function="chair", sign=False)
    one = seat(world, committee_user(world, "Jerzy Pierwszy"))
    two = seat(world, committee_user(world, "Waldemar Drugi"))
    score(one, offer1, FULL)
    score(two, offer1, LOW)
    return chair, one, two, offer1, offer2


# ------------------------------------------------------------------ the chair's flags


def test_the_chair_sees_no_flags_before_signing_the_declaration(client, world):
    chair, _one, _two, offer1, _offer2 = _unsigned_chair_and_two_scorers(world)
    login(client, world.committee)
    html = client.get(f"{_base(world)}/close").get_data(as_text=True)
    assert _flag_section(html) == ""
    assert "Oferty z dużą rozbieżnością" not in html
    assert "oceniający odmiennie" not in html
    assert "podpisz najpierw oświadczenie" in html
    # once signed (and every score of the offer in), the chair reads which offers to discuss
    declarations.sign_declaration(chair, actor=world.committee, confirmed=True)
    db.session.commit()
    score(chair, offer1, LOW)
    html = client.get(f"{_base(world)}/close").get_data(as_text=True)
    assert offer1.number in _flag_section(html)


def test_flags_name_only_the_offers_to_discuss(client, world):
    s = scene(world)
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    for member, points in ((s.chair, FULL), (s.second, LOW), (third, LOW)):
        score(member, s.offer1, points)
        score(member, s.offer2, [10, 10, 15, 5, 5, 10])
    login(client, world.committee)
    content = _main(client.get(f"{_base(world)}/close").get_data(as_text=True))
    flags = _flag_section(content)
    assert s.offer1.number in flags and s.offer2.number not in flags
    # no member flagged, no direction, no spread, no threshold turned into points
    # (the offers' numbers hold digits of their own: the points are looked for outside them)
    bare = flags.replace(s.offer1.number, "").replace(s.offer2.number, "")
    for leak in ("oceniający odmiennie", "ocenia wyżej", "ocenia niżej", "Rozrzut",
                 "Tomasz Trzeci", "Waldemar Drugi", "54", "33"):
        assert leak not in bare, leak
    assert "oceniający odmiennie" not in content


def test_an_offer_is_flagged_only_once_all_its_scores_are_in(client, world):
    s = scene(world)
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, LOW)
    login(client, world.committee)
    # the third member has not scored: the flag would tell the chair how the second scored
    assert s.offer1.number not in _flag_section(client.get(f"{_base(world)}/close")
                                                .get_data(as_text=True))
    score(third, s.offer1, LOW)
    assert s.offer1.number in _flag_section(client.get(f"{_base(world)}/close")
                                            .get_data(as_text=True))


def test_a_chair_excluded_from_an_offer_sees_no_flag_of_it(client, world):
    s = scene(world)
    declarations.declare_conflict(s.chair, actor=world.committee, offer=s.offer1,
                                  reason="Mój brat prowadzi oferenta.")
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    score(s.second, s.offer1, FULL)
    score(third, s.offer1, LOW)
    db.session.commit()
    login(client, world.committee)
    html = client.get(f"{_base(world)}/close").get_data(as_text=True)
    assert s.offer1.number not in _flag_section(html)


# ------------------------------------------------------------------ the thresholds


def test_the_officer_cannot_move_the_thresholds_once_scoring_opened(world):
    """The bisection: 27.5 % of 110 flags a spread of 30, 28 % does not - the officer learns
    the spread to a point in a few steps. Refused: the thresholds are fixed."""
    s = scene(world)
    committee = queries.committee_of(world.competition)
    assert committee.scoring_opened_at is not None
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [20, 20, 30, 10, 10, 0], justification="Niski")  # 90
    before = queries.build_sheet(committee).disagreements
    for pct in (D("10"), D("15"), D("17.5"), D("18.5")):
        with pytest.raises(InvalidTransition) as caught:
            composition.update_settings(committee, actor=world.officer,
                                        justification_below_pct=D("50"),
                                        disagreement_pct=pct, deviation_pct=D("15"))
        assert LOCKED in caught.value.message
    db.session.rollback()
    assert committee.disagreement_pct == D("30") and committee.deviation_pct == D("15")
    assert queries.build_sheet(committee).disagreements == before


def test_the_thresholds_change_until_the_first_declaration(world):
    member = seat(world, world.committee, function="chair", sign=False)
    committee = member.committee
    assert committee.scoring_opened_at is None
    composition.update_settings(committee, actor=world.officer, justification_below_pct=D("40"),
                                disagreement_pct=D("25"), deviation_pct=D("10"))
    declarations.sign_declaration(member, actor=world.committee, confirmed=True)
    assert committee.scoring_opened_at is not None
    with pytest.raises(InvalidTransition):
        composition.update_settings(committee, actor=world.officer,
                                    justification_below_pct=D("40"),
                                    disagreement_pct=D("26"), deviation_pct=D("10"))
    # removing the only member who signed does not open the thresholds again
    composition.remove_member(member, actor=world.officer)
    with pytest.raises(InvalidTransition):
        composition.update_settings(committee, actor=world.officer,
                                    justification_below_pct=D("40"),
                                    disagreement_pct=D("26"), deviation_pct=D("10"))


def test_the_officer_is_told_on_the_page_and_the_flags_do_not_move(client, world):
    s = scene(world)
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [15, 15, 25, 10, 10, 15])   # 90: spread 20 (18 % of 110)
    score(third, s.offer1, [15, 15, 25, 10, 10, 15])
    login(client, world.committee)
    flags_before = _flag_section(client.get(f"{_base(world)}/close").get_data(as_text=True))
    assert s.offer1.number not in flags_before
    login(client, world.officer)
    url = f"/officer/competitions/{world.competition.id}/committee"
    page = client.get(url).get_data(as_text=True)
    assert LOCKED in page and 'value="settings"' not in page
    response = client.post(url, data={"action": "settings", "justification_below_pct": "50",
                                      "disagreement_pct": "15", "deviation_pct": "15"})
    assert response.status_code == 409
    assert LOCKED in response.get_data(as_text=True)
    db.session.expire_all()
    assert queries.committee_of(world.competition).disagreement_pct == D("30")
    login(client, world.committee)
    assert _flag_section(client.get(f"{_base(world)}/close").get_data(as_text=True)) \
        == flags_before


# ------------------------------------------------------------------ every page


def test_no_page_of_the_officer_or_the_members_shows_points_while_scoring_is_open(client,
                                                                                    world):
    s = scene(world)
    score(s.second, s.offer1, [17.25, 13.75, 26.5, 7.25, 3.75, 11.25],
          justification="Uzasadnienie XYZ")
    score(s.chair, s.offer1, FULL)
    score(s.expert, s.offer1, [17.25, 13.75, 26.5, 7.25, 3.75, 11.25],
          justification="Uzasadnienie XYZ")
    cid = world.competition.id
    officer_pages = [f"/officer/competitions/{cid}", f"/officer/competitions/{cid}/committee",
                     f"/officer/competitions/{cid}/formal", f"/officer/competitions/{cid}/ranking",
                     f"/officer/competitions/{cid}/decision"]
    member_pages = [_base(world), f"{_base(world)}/offers/{s.offer1.id}",
                    f"{_base(world)}/offers/{s.offer2.id}", f"{_base(world)}/close",
                    f"{_base(world)}/declaration", f"{_base(world)}/conflicts", "/committee"]
    for user, pages in ((world.officer, officer_pages), (world.committee, member_pages),
                        (s.second.user, member_pages)):
        login(client, user)
        for url in pages:
            response = client.get(url, follow_redirects=True)
            assert response.status_code < 500, url
            html = response.get_data(as_text=True)
            for secret in SECRETS:
                if user == s.second.user and secret != "79,75":
                    continue  # the second member's own points
                assert secret not in html, (user.email, url, secret)
    for user in (world.committee, s.second.user, world.officer):
        login(client, user)
        for url in (f"{_base(world)}/sheet", f"{_base(world)}/sheet.xlsx"):
            assert client.get(url).status_code == 404
        for url in (f"/officer/competitions/{cid}/protocol.pdf",
                    f"/officer/competitions/{cid}/ranking.xlsx"):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (url, response.status_code)


def test_an_expert_counts_as_a_member_for_the_flags_never_for_the_result(world):
    """An expert's points are recorded, not counted: they never make a flag either."""
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, FULL)
    score(s.expert, s.offer1, LOW)
    sheet = queries.build_sheet(queries.committee_of(world.competition))
    assert s.offer1.id not in sheet.disagreements
    assert s.expert.kind == MemberKind.EXPERT
