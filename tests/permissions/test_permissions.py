"""Every route of the app, for every role and an anonymous user, with objects belonging to
another organisation or organisation: the expected status. A route missing here fails."""

from __future__ import annotations

import pytest

from tests.conftest import login, module_data
from tests.permissions.table import ROLES, ROUTES, build_objects
from tests.support.factories import build_world, reload_world, world_ids


@pytest.fixture(scope="module")
def built(app):
    """The world and the objects the routes act on, built once for the module: each test
    runs in a SAVEPOINT rolled back after it, so each starts from them as built."""
    def build():
        world = build_world()
        return world_ids(world), build_objects(world)

    with module_data(app, build) as built:
        yield built


@pytest.fixture
def world(built):
    return reload_world(built[0])


@pytest.fixture
def objs(built):
    return dict(built[1])


def _registered_endpoints(app) -> set[str]:
    return {r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static"}


def test_every_route_has_an_entry(app):
    missing = _registered_endpoints(app) - set(ROUTES)
    stale = set(ROUTES) - _registered_endpoints(app)
    assert not missing, f"routes without an entry in tests/permissions/table.py: {sorted(missing)}"
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


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


def _order(spec) -> list[str]:
    """Refused roles first, allowed last: a refused request must change nothing, so every role
    sees the same objects; an allowed POST may change them (a 409 afterwards is allowed)."""
    return sorted(ROLES, key=lambda role: spec.expect.get(role, spec.default) == "ok")


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_access(endpoint, world, objs, app):
    """One endpoint, every role (the objects as built for the module)."""
    spec = ROUTES[endpoint]
    url = spec.url(objs)
    wrong = []
    for role in _order(spec):
        client = app.test_client()
        if role != "anon":
            login(client, getattr(world, role))
        expected = spec.expect.get(role, spec.default)
        response = client.open(url, method=spec.method,
                               data=spec.data(objs) if spec.data else {})
        if not _matches(expected, response):
            wrong.append(f"{spec.method} {url} as {role}: expected {expected}, got "
                         f"{response.status_code} {response.headers.get('Location', '')}")
    assert not wrong, "\n".join(wrong)


def test_a_draft_competition_is_hidden_from_the_public_page_for_everyone(client, world, objs):
    for role in ROLES:
        if role != "anon":
            login(client, getattr(world, role))
        assert client.get(f"/konkursy/{objs['call_draft']}").status_code == 404, role


def test_officers_never_see_a_draft_offer(client, world, objs):
    login(client, world.officer)
    for path in (f"/offers/{objs['offer_draft']}", f"/offers/{objs['offer_draft']}/edit",
                 f"/offers/{objs['offer_draft']}/versions/1/pdf"):
        assert client.get(path).status_code == 404, path
