"""The start page sends as many SQL statements with 10 items of every kind as with 2, for each
role (tests/support/statements.count_statements: SQLAlchemy's before_cursor_execute)."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.support.statements import count_statements
from tests.support.today import seed


def _page(client, user) -> tuple[int, str]:
    with count_statements() as statements:
        r = client.get("/start")
    assert r.status_code == 200
    return len(statements), r.text


@pytest.mark.parametrize("role", ["officer", "committee", "finance", "ngo_admin"])
def test_statements_do_not_grow_with_the_data(client, world, role):
    user = getattr(world, role)
    login(client, user)
    seed(world, 2)
    small, small_text = _page(client, user)
    seed(world, 8)
    large, large_text = _page(client, user)
    assert small == large, (small, large)
    assert small_text.count("data-item") <= large_text.count("data-item")
