"""Guards every route shares: oversized ids are 404, NUL characters never reach the database."""

import re

import pytest
from flask import g, url_for
from werkzeug.routing import IntegerConverter

from tests.conftest import login


def test_oversized_id_is_not_found(client, world):
    login(client, world.officer)
    assert client.get("/konkursy/99999999999999").status_code == 404
    assert client.get(f"/konkursy/{2**31}").status_code == 404


def test_nul_characters_are_dropped_from_input(client):
    r = client.post("/login", data={"email": "a\x00@example.org", "password": "x\x00"})
    assert r.status_code == 200
    assert "\x00" not in r.get_data(as_text=True)


# ---------------------------------------------------------------- issue 10: numbers in URLs

HUGE = "99999999999999999999999"
BAD_PAGES = ["9223372036854775808", HUGE, "-1", "0", "abc", "1e3", " 2", "٣"]


def _list_pages(app, world):
    """(who, path) of every paginated list."""
    with app.test_request_context():
        return [(None, url_for("calls.public_list")), (world.admin, url_for("contracts.index")),
                (world.admin, url_for("admin.users")),
                (world.admin, url_for("organisations.staff_list")),
                (world.officer, url_for("offers.for_competition",
                                        competition_id=world.competition.id))]


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_page_number_that_is_not_a_page_shows_the_first_page(app, world, page):
    for user, path in _list_pages(app, world):
        client = app.test_client()
        g.pop("_login_user", None)
        if user is not None:
            login(client, user)
        r = client.get(path, query_string={"page": page})
        assert r.status_code == 200, (path, page, r.status_code)


def test_a_huge_page_number_is_the_first_page_not_an_empty_offset(client, world):
    login(client, world.admin)
    assert world.officer.email in client.get("/admin/users").get_data(as_text=True)
    beyond = client.get("/admin/users?page=200000").get_data(as_text=True)
    assert world.officer.email in beyond


@pytest.mark.parametrize("value", [HUGE, "9223372036854775808", "-1", "abc"])
def test_typed_numbers_in_filters_never_500(client, world, value):
    assert client.get("/konkursy", query_string={"organiser": value}).status_code == 200
    login(client, world.officer)
    assert client.get(f"/offers/{HUGE}").status_code == 404


def test_every_route_with_an_id_answers_404_to_a_huge_id(app, client, world):
    """Every integer in every URL, for every method: a number beyond the database's integer is
    not found (PostgreSQL raised on the overflow: a 500)."""
    login(client, world.admin)
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)]
        if not ints:
            continue
        path = re.sub(r"<(?:[^>:]+:)?([^>]+)>",
                      lambda m, ints=ints: HUGE if m.group(1) in ints else "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            r = client.open(path, method=method)
            assert r.status_code == 404, (method, path, r.status_code)
            checked += 1
    assert checked > 100
