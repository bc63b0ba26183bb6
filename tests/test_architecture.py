"""The shape of grants/ (tests/architecture.py): no cycle between areas, no upward import, no
import hidden in a function, no module over 500 lines, no function over 60 lines.

KNOWN lists what breaks a rule today and is still to be reshaped: the test fails on anything
new and on an entry of KNOWN that no longer occurs, so the list only shrinks."""

from __future__ import annotations

import re

import pytest

from tests import architecture as arch

pytestmark = pytest.mark.pure

KNOWN: set[str] = set()


def _key(problem: str) -> str:
    """A problem without its line number and size (they move as the code is edited)."""
    problem = re.sub(r"(\.py):\d+", r"\1", problem)
    return re.sub(r" \d+ lines$", "", problem)


def test_no_new_problem_in_the_shape_of_grants():
    found = {_key(p) for p in arch.report()}
    assert sorted(found - KNOWN) == [], "new problems (python -m tests.architecture lists them)"


def test_the_list_of_known_problems_only_shrinks():
    found = {_key(p) for p in arch.report()}
    assert sorted(KNOWN - found) == [], "fixed: remove these lines from KNOWN"


def _imp(area, target, in_function=False, source=None):
    return arch.Import(source or f"grants/{area}/x.py", 1, area, target, in_function)


def test_a_cycle_between_areas_is_found():
    found = [_imp("offers", "formal"), _imp("formal", "offers"), _imp("calls", "core")]
    assert arch.cycles(arch.area_edges(found)) == [["formal", "offers"]]


def test_an_import_of_a_later_area_is_upward_and_core_imports_no_area():
    found = [_imp("contracts", "settlements"), _imp("settlements", "contracts"),
             _imp("core", "auth"), _imp("", "offers", source="grants/cli.py")]
    assert [(i.area, i.target) for i in arch.upward(found)] == [
        ("contracts", "settlements"), ("core", "auth")]


def test_an_import_inside_a_function_is_hidden():
    found = [_imp("offers", "core"), _imp("offers", "documents", in_function=True)]
    assert [i.target for i in arch.hidden_imports(found)] == ["documents"]


def test_keys_ignore_line_numbers_and_sizes():
    assert _key("upward: grants/a/b.py:12 a -> c") == "upward: grants/a/b.py a -> c"
    assert _key("module: grants/a/b.py 612 lines") == "module: grants/a/b.py"
    assert _key("function: grants/a/b.py f() 61 lines") == "function: grants/a/b.py f()"
