"""The committee's pages: composition, declaration gate, blind scoring, bad inputs kept,
closing, the sheet and its XLSX, and access to every POST route by role."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest

from grants.auth.models import StaffRoleKind
from grants.evaluation import declarations, queries, services
from grants.evaluation.models import MemberKind, ScoreState
from grants.extensions import db
from tests.conftest import login
from tests.support.evaluation import accepted_offer, committee_user, scene, score, seat
from tests.support.factories import make_competition
from tests.support.offers import filed_offer

D = Decimal
FULL = [20, 20, 30, 10, 10, 20]
HALF = [10, 10, 15, 5, 5, 10]
NEED = "Brak miejsc noclegowych zimą"  # a sentence of the offer's content (III.3)


def _page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _base(world) -> str:
    return f"/committee/competitions/{world.competition.id}"


def _score_form(world, points, justifications=None, action="save") -> dict:
    criteria = queries.criteria_of(world.competition)
    data = {"action": action}
    for i, c in enumerate(criteria):
        data[f"points_{c.id}"] = points[i]
        data[f"justification_{c.id}"] = (justifications or {}).get(i, "")
    return data


# ------------------------------------------------------------------ composition


def test_the_officer_composes_the_committee_on_a_page(client, world):
    filed_offer(world)  # X takes part
    login(client, world.officer)
    url = f"/officer/competitions/{world.competition.id}/committee"
    html = _page(client, url)
    assert "Komisja nie ma jeszcze członków" in html and "Kamila Komisyjna" in html
    r = client.post(url, data={"action": "add", "user_id": str(world.committee.id),
                               "kind": "authority", "function": "chair",
                               "naming_organisation_id": ""})
    assert r.status_code == 302
    member = queries.committee_of(world.competition).members[0]
    assert member.is_chair and member.kind == MemberKind.AUTHORITY
    html = _page(client, url)
    assert "przewodniczący(-a) komisji" in html and "niepodpisane" in html


def test_a_person_named_by_a_participating_ngo_is_refused_and_the_form_keeps_the_choice(
        client, world):
    filed_offer(world)
    other = committee_user(world, "Natalia Wskazana")
    db.session.commit()
    login(client, world.officer)
    url = f"/officer/competitions/{world.competition.id}/committee"
    r = client.post(url, data={"action": "add", "user_id": str(other.id), "kind": "ngo",
                               "naming_organisation_id": str(world.ngo_x.id),
                               "function": "none"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "bierze udział w konkursie" in html
    assert f'<option selected value="{other.id}">' in html
    assert f'<option selected value="{world.ngo_x.id}">' in html
    assert queries.committee_of(world.competition) is None  # rolled back


@pytest.mark.parametrize("data, status, message", [
    ({"user_id": "", "kind": "authority", "function": "none"}, 422, "Wybierz osobę"),
    ({"user_id": "abc", "kind": "authority", "function": "none"}, 422, "Nieprawidłowy wybór"),
    ({"user_id": "99999999999", "kind": "authority", "function": "none"}, 422, "Nieprawidłowy wybór"),
    ({"user_id": "{committee}", "kind": "pope", "function": "none"}, 422, "Nieprawidłowy wybór"),
    ({"user_id": "{committee}", "kind": "expert", "function": "chair"}, 422,
     "nie może przewodniczyć"),
])
def test_bad_composition_inputs_are_refused_without_a_500(client, world, data, status,
                                                           message):
    login(client, world.officer)
    data = {k: v.format(committee=world.committee.id) for k, v in data.items()}
    data.update(action="add", naming_organisation_id="")
    r = client.post(f"/officer/competitions/{world.competition.id}/committee", data=data)
    assert r.status_code == status
    assert message in r.get_data(as_text=True)


@pytest.mark.parametrize("typed, message", [
    ("abc", "Podaj liczbę"),
    ("150", "nie większą niż 100"),
    ("-5", "od 0 do 100"),
    ("1e999", "Podaj liczbę"),
])
def test_bad_settings_keep_what_was_typed(client, world, typed, message):
    login(client, world.officer)
    r = client.post(f"/officer/competitions/{world.competition.id}/committee",
                    data={"action": "settings", "justification_below_pct": typed
                          if message == "od 0 do 100" else "50",
                          "disagreement_pct": typed if message != "od 0 do 100" else "30",
                          "deviation_pct": "15"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert message in html and f'value="{typed}"' in html


def test_settings_are_saved(client, world):
    login(client, world.officer)
    r = client.post(f"/officer/competitions/{world.competition.id}/committee",
                    data={"action": "settings", "justification_below_pct": "40",
                          "disagreement_pct": "25,5", "deviation_pct": "10"})
    assert r.status_code == 302
    committee = queries.committee_of(world.competition)
    assert committee.disagreement_pct == D("25.5")


def test_officer_removes_and_changes_functions(client, world):
    member = seat(world, world.committee, sign=False)
    login(client, world.officer)
    url = f"/officer/competitions/{world.competition.id}/committee"
    assert client.post(url, data={"action": "function", "member_id": str(member.id),
                                  "function": "secretary"}).status_code == 302
    assert queries.committee_of(world.competition).secretary.id == member.id
    assert client.post(url, data={"action": "function", "member_id": "abc",
                                  "function": "chair"}).status_code == 404
    assert client.post(url, data={"action": "nonsense"}).status_code == 400
    assert client.post(url, data={"action": "remove",
                                  "member_id": str(member.id)}).status_code == 302
    assert queries.committee_of(world.competition).members == []


# ------------------------------------------------------------------ the declaration gate


def test_before_signing_a_member_sees_only_titles_and_offerors(client, world):
    offer = accepted_offer(world)
    member = seat(world, world.committee, sign=False)
    login(client, world.committee)
    for url in (_base(world), f"{_base(world)}/declaration",
                f"{_base(world)}/offers/{offer.id}"):
        html = _page(client, url)
        assert "Posiłki i schronienie dla osób w kryzysie bezdomności" in html  # the title
        assert "Stowarzyszenie Pomocy Bliźniemu" in html                      # the offeror
        assert NEED not in html and "Koordynator" not in html                # no content
    r = client.post(f"{_base(world)}/offers/{offer.id}",
                    data=_score_form(world, [str(p) for p in FULL]))
    assert r.status_code == 403
    # signing without ticking the box
    r = client.post(f"{_base(world)}/declaration", data={})
    assert r.status_code == 422 and "zaznacz pole potwierdzenia" in r.get_data(as_text=True)
    r = client.post(f"{_base(world)}/declaration", data={"confirm": "y"})
    assert r.status_code == 302
    assert queries.committee_of(world.competition).members[0].declaration is not None
    html = _page(client, f"{_base(world)}/offers/{offer.id}")
    assert NEED in html and "Koordynator" in html
    assert member.id


def test_an_excluded_member_sees_only_title_and_offeror(client, world):
    s = scene(world)
    login(client, s.second.user)
    r = client.post(f"{_base(world)}/conflicts",
                    data={"target": f"organisation:{world.ngo_x.id}",
                          "reason": "Jestem członkiem zarządu."})
    assert r.status_code == 302
    html = _page(client, f"{_base(world)}/offers/{s.offer1.id}")
    assert "wyłączony(-a) z oceny tej oferty" in html and NEED not in html
    html = _page(client, _base(world))
    assert "wyłączony(-a) – konflikt interesów" in html
    assert "Jestem członkiem zarządu." in html
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}",
                    data=_score_form(world, [str(p) for p in FULL]))
    assert r.status_code == 403


@pytest.mark.parametrize("data, message", [
    ({"target": "", "reason": "Powód"}, "Wybierz jedną ofertę albo jednego oferenta"),
    ({"target": "offer:abc", "reason": "Powód"}, "Nieprawidłowy wybór"),
    ({"target": "offer:{offer}", "reason": ""}, "Podaj okoliczność"),
])
def test_bad_conflict_inputs_keep_what_was_typed(client, world, data, message):
    s = scene(world)
    login(client, world.committee)
    data = {k: v.format(offer=s.offer1.id) for k, v in data.items()}
    r = client.post(f"{_base(world)}/conflicts", data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and message in html
    if data["reason"]:
        assert data["reason"] in html


def test_the_conflict_page_preselects_the_target(client, world):
    s = scene(world)
    login(client, world.committee)
    html = _page(client, f"{_base(world)}/conflicts?target=offer:{s.offer1.id}")
    assert f'<option selected value="offer:{s.offer1.id}">' in html


def test_a_name_match_is_shown_and_confirmed(client, world):
    offer = accepted_offer(world)
    anna = seat(world, committee_user(world, "Anna Kowalska"))
    login(client, anna.user)
    html = _page(client, _base(world))
    assert "Zbieżność imienia i nazwiska" in html
    html = _page(client, f"{_base(world)}/offers/{offer.id}")
    assert "nosi Twoje imię i nazwisko" in html and 'name="points_' not in html
    url = f"{_base(world)}/name-matches"
    r = client.post(url, data={"organisation_id": str(world.ngo_x.id)})  # box not ticked
    assert r.status_code == 302
    assert queries.unresolved_name_match_ids(anna, [offer]) == {world.ngo_x.id}
    assert client.post(url, data={"organisation_id": "abc", "confirm": "y"}).status_code == 400
    r = client.post(url, data={"organisation_id": str(world.ngo_x.id), "confirm": "y"})
    assert r.status_code == 302
    html = _page(client, f"{_base(world)}/offers/{offer.id}")
    assert 'name="points_' in html


# ------------------------------------------------------------------ scoring: bad inputs


@pytest.mark.parametrize("index, typed, message", [
    (0, "abc", "Podaj liczbę punktów"),
    (0, "25", "przekracza maksimum"),
    (2, "-3", "nie może być ujemna"),
    (1, "12,345", "dwa miejsca"),
    (1, "1e400", "Podaj liczbę punktów"),  # no exponents (core.money.parse_amount)
    (3, "NaN", "Podaj liczbę punktów"),
])
@pytest.mark.parametrize("action", ["save", "submit"])
def test_bad_points_keep_what_was_typed(client, world, index, typed, message, action):
    s = scene(world)
    login(client, world.committee)
    points = [str(p) for p in FULL]
    points[index] = typed
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}",
                    data=_score_form(world, points, {5: "Moje uwagi do kryterium 6"},
                                     action=action))
    html = r.get_data(as_text=True)
    assert r.status_code == 422, r.status_code
    assert message in html
    assert f'value="{typed}"' in html                  # what was typed is kept
    assert "Moje uwagi do kryterium 6" in html          # and the justification too
    assert queries.score_of(s.chair, s.offer1) is None  # nothing saved


def test_a_missing_justification_at_submission_keeps_the_points(client, world):
    s = scene(world)
    login(client, world.committee)
    points = ["5", "20", "30", "10", "10", "20"]
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}",
                    data=_score_form(world, points, action="submit"))
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "Uzasadnij ocenę" in html and 'value="5"' in html
    # the same as a draft is saved
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}",
                    data=_score_form(world, points, action="save"))
    assert r.status_code == 302
    assert queries.score_of(s.chair, s.offer1).state == ScoreState.DRAFT
    # with the justification it is submitted
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}",
                    data=_score_form(world, points, {0: "Słaba możliwość realizacji."},
                                     action="submit"))
    assert r.status_code == 302
    assert queries.score_of(s.chair, s.offer1).state == ScoreState.SUBMITTED
    html = _page(client, f"{_base(world)}/offers/{s.offer1.id}")
    assert "Słaba możliwość realizacji." in html and "Wycofaj ocenę do poprawy" in html
    r = client.post(f"{_base(world)}/offers/{s.offer1.id}", data={"action": "reopen"})
    assert r.status_code == 302
    assert queries.score_of(s.chair, s.offer1).state == ScoreState.DRAFT


def test_an_unknown_action_and_an_offer_not_admitted(client, world):
    s = scene(world)
    other = filed_offer(world)  # filed but not admitted by the formal check
    login(client, world.committee)
    assert client.post(f"{_base(world)}/offers/{s.offer1.id}",
                       data={"action": "hack"}).status_code == 400
    assert client.get(f"{_base(world)}/offers/{other.id}").status_code == 404
    assert client.get(f"{_base(world)}/offers/99999999999").status_code == 404


# ------------------------------------------------------------------ blind scoring


def test_members_never_see_others_points_while_scoring_is_open(client, world):
    s = scene(world)
    score(s.second, s.offer1, [17.25, 13.75, 26.5, 7.25, 3.75, 11.25],
          justification="Uzasadnienie drugiego członka XYZ")
    score(s.chair, s.offer1, FULL)
    login(client, world.committee)
    for url in (_base(world), f"{_base(world)}/offers/{s.offer1.id}",
                f"{_base(world)}/offers/{s.offer2.id}", f"{_base(world)}/close",
                f"{_base(world)}/declaration", f"{_base(world)}/conflicts"):
        html = _page(client, url)
        for secret in ("17,25", "13,75", "26,5", "7,25", "3,75", "11,25", "79,75",
                       "Uzasadnienie drugiego członka XYZ"):
            assert secret not in html, (url, secret)
    # nor the sheet, nor its export, for anybody
    for user in (world.committee, s.second.user, world.officer):
        login(client, user)
        assert client.get(f"{_base(world)}/sheet").status_code == 404
        assert client.get(f"{_base(world)}/sheet.xlsx").status_code == 404


def test_the_close_page_shows_flags_but_no_points(client, world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [10, 10, 15, 5, 5, 11])
    login(client, world.committee)
    html = _page(client, f"{_base(world)}/close")
    assert "Oferty do omówienia przed zamknięciem oceny" in html
    assert s.offer1.number in html.split("Oferty do omówienia przed zamknięciem oceny")[1]\
        .split("Brakujące oceny")[0]
    assert "Waldemar Drugi" in html  # missing his score of offer 2
    # no total anywhere on the page (only the <main> part: the footer shows the time,
    # which may read 17:56)
    content = html.split('<main id="main"')[1].split("</main>")[0]
    assert re.search(r"(?<![\d:])(110|56)(?![\d])", content) is None
    # a member who is not the chair may not close
    login(client, s.second.user)
    assert client.get(f"{_base(world)}/close").status_code == 403
    assert client.post(f"{_base(world)}/close", data={"confirm": "y"}).status_code == 403


def test_the_chair_closes_with_a_reason_and_then_everyone_sees_the_sheet(client, world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [10, 10, 15, 5, 5, 11])
    score(s.expert, s.offer1, [1, 2, 3, 4, 5, 6], justification="Uwagi eksperta")
    login(client, world.committee)
    url = f"{_base(world)}/close"
    r = client.post(url, data={"reason": "", "confirm": "y"})
    assert r.status_code == 422 and "podaj przyczynę" in r.get_data(as_text=True)
    r = client.post(url, data={"reason": "Termin posiedzenia minął.", "confirm": ""})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "Termin posiedzenia minął." in html
    r = client.post(url, data={"reason": "Termin posiedzenia minął.", "confirm": "y"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/sheet")
    assert queries.committee_of(world.competition).is_closed
    for user in (world.committee, s.second.user, s.expert.user, world.officer):
        login(client, user)
        html = _page(client, f"{_base(world)}/sheet")
        assert "Termin posiedzenia minął." in html
        assert "56" in html and "110" in html and "83" in html  # totals and the mean
        assert "Uwagi eksperta" in html and "głos nieliczony" in html
    # scoring after closing is refused and never a 500
    login(client, s.second.user)
    r = client.post(f"{_base(world)}/offers/{s.offer2.id}",
                    data=_score_form(world, [str(p) for p in FULL], action="submit"))
    assert r.status_code == 409
    assert client.post(url, data={"confirm": "y"}).status_code == 403
    login(client, world.committee)
    assert client.post(url, data={"confirm": "y"}).status_code == 409
    assert client.get(url).status_code == 302


def test_the_sheet_xlsx_after_closing_is_injection_safe_and_exact(client, world):
    offer = accepted_offer(world, title="=HYPERLINK(\"http://zly.example\",\"kliknij\")")
    chair = seat(world, world.committee, function="chair")
    second = seat(world, committee_user(world, "@Wiktor Dziwny"))
    score(chair, offer, [20, 20, 30, 10, 10, 20])
    score(second, offer, [10, 10, 15.5, 5, 5, 10], justification="+ bardzo dobrze")
    services.close_scoring(queries.committee_of(world.competition), actor=world.committee)
    db.session.commit()
    login(client, world.officer)
    r = client.get(f"{_base(world)}/sheet.xlsx")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["Oceny", "Wyniki", "Komisja", "Wyłączenia", "Informacje"]
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    # shown as typed, without an apostrophe, in text cells that never run as formulas
    assert "=HYPERLINK(\"http://zly.example\",\"kliknij\")" in texts
    assert "@Wiktor Dziwny" in texts and "+ bardzo dobrze" in texts
    assert not [t for t in texts if t.startswith("'")]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    # instants are date cells in Warsaw time
    members = book["Komisja"]
    header = [c.value for c in members[1]]
    signed = members.cell(row=2, column=header.index("Oświadczenie podpisane") + 1)
    assert signed.is_date and signed.value.tzinfo is None
    results = book["Wyniki"]
    header = [c.value for c in results[1]]
    mean = results.cell(row=2, column=header.index("Średnia suma punktów") + 1)
    assert D(str(mean.value)) == D("82.75")  # (110 + 55.5) / 2, a number cell
    assert mean.data_type == "n"


def test_my_committees_lists_the_seats(client, world):
    accepted_offer(world)
    seat(world, world.committee, function="chair", sign=False)
    login(client, world.committee)
    html = _page(client, "/committee")
    assert world.competition.title in html and "podpisz oświadczenie" in html
    other = committee_user(world)
    db.session.commit()
    login(client, other)
    assert "Nie jesteś członkiem żadnej komisji" in _page(client, "/committee")
    # a member who lost the role no longer sees the committee's pages
    login(client, world.committee)
    for role in list(world.committee.staff_roles):
        if role.role == StaffRoleKind.COMMITTEE:
            db.session.delete(role)
    db.session.commit()
    assert client.get(_base(world)).status_code == 404


def test_offer_page_shows_the_offerors_history_for_criterion_6(client, world):
    earlier = make_competition(world.org_a, title="Konkurs ubiegłoroczny 2025")
    filed_offer(world, competition=earlier)
    offer = accepted_offer(world)
    seat(world, world.committee)
    login(client, world.committee)
    html = _page(client, f"{_base(world)}/offers/{offer.id}")
    assert "Konkurs ubiegłoroczny 2025" in html and "38" in html
    assert "W systemie nie ma wcześniejszych umów tego oferenta." in html


# ------------------------------------------------------------------ POST routes by role

ROLES = ["anon", "ngo_admin", "ngo_member", "ngo_other", "officer", "officer_b", "committee",
         "finance", "admin"]


def _post_routes(world, offer) -> dict:
    """Per route: the answer per role to an empty POST (others: the default). The roles that
    may use a route get a refusal by the rules (a number), never the login page or a 404:
    an empty form is invalid (400/422), and the member has not signed the declaration, so
    the offer's content is refused (403). What they are allowed to do is asserted by
    test_allowed_roles_succeed."""
    base = _base(world)
    return {
        "compose": (f"/officer/competitions/{world.competition.id}/committee",
                    {"anon": "login", "officer": 400, "officer_b": 404}, 403),
        "declaration": (f"{base}/declaration", {"anon": "login", "committee": 422}, 404),
        "offer": (f"{base}/offers/{offer.id}", {"anon": "login", "committee": 403}, 404),
        "conflicts": (f"{base}/conflicts", {"anon": "login", "committee": 422}, 404),
        "confirm_name": (f"{base}/name-matches", {"anon": "login", "committee": 400}, 404),
        "close": (f"{base}/close", {"anon": "login", "committee": 422}, 404),
    }


@pytest.mark.parametrize("route", ["compose", "declaration", "offer", "conflicts",
                                   "confirm_name", "close"])
@pytest.mark.parametrize("role", ROLES)
def test_post_routes_by_role(client, world, route, role):
    offer = accepted_offer(world)
    seat(world, world.committee, function="chair", sign=False)
    url, expect, default = _post_routes(world, offer)[route]
    if role != "anon":
        login(client, getattr(world, role))
    r = client.post(url, data={})
    expected = expect.get(role, default)
    if expected == "login":
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    else:
        assert r.status_code == expected


def _allowed_posts(world, offer) -> dict:
    """Per route: the allowed role, whether the chair has signed, a valid form and where the
    browser goes. (confirm_name: test_a_name_match_is_shown_and_confirmed.)"""
    base = _base(world)
    return {
        "compose": ("officer", False, f"/officer/competitions/{world.competition.id}/committee",
                    {"action": "settings", "justification_below_pct": "40",
                     "disagreement_pct": "30", "deviation_pct": "15"}, "/committee"),
        "declaration": ("committee", False, f"{base}/declaration", {"confirm": "y"}, base),
        "offer": ("committee", True, f"{base}/offers/{offer.id}", {"action": "save"},
                  f"{base}/offers/{offer.id}"),
        "conflicts": ("committee", True, f"{base}/conflicts",
                      {"target": f"offer:{offer.id}", "reason": "Mój brat prowadzi oferenta."},
                      base),
        "close": ("committee", True, f"{base}/close",
                  {"confirm": "y", "reason": "Nikt nie ocenił oferty w terminie."},
                  f"{base}/sheet"),
    }


@pytest.mark.parametrize("route", ["compose", "declaration", "offer", "conflicts", "close"])
def test_allowed_roles_succeed(client, world, route):
    offer = accepted_offer(world)
    role, signed, url, data, goes_to = _allowed_posts(world, offer)[route]
    seat(world, world.committee, function="chair", sign=signed)
    login(client, getattr(world, role))
    r = client.post(url, data=data)
    assert r.status_code == 302
    assert r.headers["Location"].endswith(goes_to)


def test_after_closing_an_excluded_member_still_sees_nothing_of_that_offer(client, world):
    s = scene(world)
    declarations.declare_conflict(s.second, actor=s.second.user, offer=s.offer2,
                              reason="Brat prezesa")
    score(s.chair, s.offer1, FULL)
    score(s.chair, s.offer2, [17.25, 20, 30, 10, 10, 20])
    score(s.second, s.offer1, HALF)
    services.close_scoring(queries.committee_of(world.competition), actor=world.committee)
    db.session.commit()
    login(client, s.second.user)
    html = _page(client, f"{_base(world)}/sheet")
    assert "wyniki nie są dla Ciebie dostępne" in html
    assert "17,25" not in html and "107,25" not in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{_base(world)}/sheet.xlsx").data))
    numbers = [c.value for c in book["Wyniki"]["A"]][1:]
    assert numbers == [s.offer1.number]
    # the chair and the officers see both
    for user in (world.committee, world.officer):
        login(client, user)
        html = _page(client, f"{_base(world)}/sheet")
        assert "17,25" in html and "107,25" in html


def test_member_who_signed_downloads_an_attachment_of_the_offer(client, world):
    from tests.permissions.table import build_objects

    objs = build_objects(world)
    login(client, world.committee)
    base = f"/committee/competitions/{objs['eval_open']}/offers/{objs['eval_offer']}"
    url = f"{base}/attachments/{objs['eval_attachment']}"
    assert url in client.get(base).text
    r = client.get(url)
    assert r.status_code == 200 and r.data == b"%PDF-1.4 statut"
    # an attachment of another offer is not reachable through this offer
    assert client.get(f"{base}/attachments/{objs['offer_attachment']}").status_code == 404
