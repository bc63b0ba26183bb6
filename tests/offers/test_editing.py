"""The buttons of the offer's edit page (grants.offers.editing.parse_action): a table of cases."""

from __future__ import annotations

import pytest

import grants.models  # noqa: F401 - every mapper known (offers.queries builds its loads on import)
from grants.offers.editing import EditAction, parse_action

pytestmark = pytest.mark.pure


@pytest.mark.parametrize("action, expected", [
    ("save", EditAction("save")),
    ("check", EditAction("check")),
    ("file", EditAction("file")),
    ("upload", EditAction("upload")),
    ("whatever", EditAction("save")),
    ("add:cost_items", EditAction("add", "cost_items")),
    ("add:nothing", EditAction("save")),
    ("remove:schedule:2", EditAction("remove", "schedule", 2)),
    ("remove:schedule:x", EditAction("save")),
    ("remove:schedule", EditAction("save")),
    ("remove_attachment:7", EditAction("save", attachment_id=7)),
    ("remove_attachment:abc", EditAction("save")),
])
def test_parse_action(action, expected):
    assert parse_action(action) == expected


def test_only_a_row_removal_names_a_removed_row():
    assert parse_action("remove:results:0").removed_row == ("results", 0)
    assert parse_action("add:results").removed_row is None
    assert parse_action("remove_attachment:3").removed_row is None
