"""Routes of the organisers' settings (the account and title for returns of grants, the
executive body) for the access table: administrators only, everybody else 403."""

from __future__ import annotations

from tests.permissions.table import Route, only

ROUTES: dict[str, Route] = {
    "admin.organiser_returns": only(
        ["admin"], lambda o: f"/admin/organisers/{o['organiser_a']}/returns", others=403),
    "admin.organiser_body": only(
        ["admin"], lambda o: f"/admin/organisers/{o['organiser_a']}/organ", others=403),
}
