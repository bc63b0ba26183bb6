"""Every inner page has one path back (nav aria-label="Ścieżka" with the current page marked
aria-current="page"): each GET page of the access table, seen by a role allowed to see it."""

from __future__ import annotations

import re

from tests.conftest import login
from tests.permissions.table import ROLES, ROUTES, build_objects

LANDING = {"public.index", "public.dashboard"}   # the start pages themselves
NAV = re.compile(r'<nav aria-label="Ścieżka"[^>]*>(.*?)</nav>', re.S)


def _role_allowed(spec) -> str | None:
    allowed = [r for r in ROLES if spec.expect.get(r, spec.default) == "ok"]
    signed = [r for r in allowed if r != "anon"]
    return (signed or allowed or [None])[0]


def test_every_inner_page_has_a_breadcrumb(world, app):
    objs = build_objects(world)
    clients, missing, seen = {}, [], 0
    for endpoint, spec in sorted(ROUTES.items()):
        role = _role_allowed(spec)
        if spec.method != "GET" or endpoint in LANDING or role is None:
            continue
        if role not in clients:
            clients[role] = app.test_client()
            if role != "anon":
                login(clients[role], getattr(world, role))
        url = spec.url(objs)
        response = clients[role].get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen += 1
        navs = NAV.findall(response.text)
        if len(navs) != 1 or 'aria-current="page"' not in navs[0] or "<a href=" not in navs[0]:
            missing.append(f"{endpoint} {url} as {role}: {len(navs)} breadcrumb(s)")
    assert seen >= 45
    assert not missing, "\n".join(missing)
