"""Every route of the app, for every role and an anonymous user, with objects belonging to
another organisation or organisation: the expected status. A route missing here fails."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import login
from tests.permission_table import ROLES, ROUTES, build_objects


def _registered_endpoints(app) -> set[str]:
    return {r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static"}


def test_every_route_has_an_entry(app):
    missing = _registered_endpoints(app) - set(ROUTES)
    stale = set(ROUTES) - _registered_endpoints(app)
    assert not missing, f"routes without an entry in tests/permission_table.py: {sorted(missing)}"
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


@dataclass(frozen=True)
class Case:
    endpoint: str
    role: str


CASES = [Case(ep, role) for ep in sorted(ROUTES) for role in ROLES]


def _matches(expected, response) -> bool:
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected == "login":
        return status == 302 and "/login" in location
    if expected == "ok":
        # allowed: a page, a redirect elsewhere than the login, or a refusal of the
        # (empty) input - never a permission refusal, a 404 or a server error
        return status < 400 and "/login" not in location or status in (400, 409, 422)
    if isinstance(expected, tuple):
        return status in expected
    return status == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.endpoint}-{c.role}")
def test_route_access(case, client, world, app):
    objs = build_objects(world)
    spec = ROUTES[case.endpoint]
    user = getattr(world, case.role) if case.role != "anon" else None
    if user is not None:
        login(client, user)
    url = spec.url(objs)
    expected = spec.expect.get(case.role, spec.default)
    response = client.open(url, method=spec.method, data=spec.data(objs) if spec.data else {})
    assert _matches(expected, response), (
        f"{spec.method} {url} as {case.role}: expected {expected}, got "
        f"{response.status_code} {response.headers.get('Location', '')}"
    )


def test_a_draft_competition_is_hidden_from_the_public_page_for_everyone(client, world):
    objs = build_objects(world)
    for role in ROLES:
        if role != "anon":
            login(client, getattr(world, role))
        assert client.get(f"/konkursy/{objs['call_draft']}").status_code == 404, role


def test_officers_never_see_a_draft_offer(client, world):
    objs = build_objects(world)
    login(client, world.officer)
    for path in (f"/offers/{objs['offer_draft']}", f"/offers/{objs['offer_draft']}/edit",
                 f"/offers/{objs['offer_draft']}/versions/1/pdf"):
        assert client.get(path).status_code == 404, path
