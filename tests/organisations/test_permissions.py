"""The organisation access rules as a (role x rule) table, for organisation X."""

from __future__ import annotations

import pytest

from grants.organisations import permissions as p

ROLES = ["anonymous", "admin", "officer", "officer_b", "committee", "finance", "ngo_admin",
         "ngo_member", "ngo_other"]

TABLE = {
    #                       anon  admin officer off_b  comm   fin   ngo_ad ngo_m  ngo_oth
    "can_view_organisation": (0,   1,    1,      1,     1,     1,    1,     1,     0),
    "can_edit_organisation": (0,   0,    0,      0,     0,     0,    1,     0,     0),
    "can_manage_members":    (0,   0,    0,      0,     0,     0,    1,     0,     0),
    "can_verify":            (0,   0,    1,      1,     0,     0,    0,     0,     0),
    "can_list_organisations": (0,  1,    1,      1,     1,     1,    0,     0,     0),
    "can_register_organisation": (0, 1,  1,      1,     1,     1,    1,     1,     1),
}


class Anonymous:
    is_authenticated = False


@pytest.mark.parametrize("rule", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_rules(world, rule, role):
    user = Anonymous() if role == "anonymous" else getattr(world, role)
    fn = getattr(p, rule)
    if rule in ("can_list_organisations", "can_register_organisation"):
        result = fn(user)
    else:
        result = fn(user, world.ngo_x)
    assert result == bool(TABLE[rule][ROLES.index(role)])


@pytest.mark.parametrize(("role", "target", "may_remove"), [
    ("ngo_admin", "ngo_member", True),     # the admin removes a member
    ("ngo_member", "ngo_member", True),    # a member leaves
    ("ngo_member", "ngo_admin", False),
    ("officer", "ngo_member", False),
    ("ngo_other", "ngo_member", False),
])
def test_remove_member(world, role, target, may_remove):
    membership = next(m for m in world.ngo_x.memberships
                      if m.user_id == getattr(world, target).id)
    assert p.can_remove_member(getattr(world, role), membership) is may_remove
