"""The settlements area answers the task reports' hooks (grants.taskreports.hooks): the
settlement of a report and whether a user may settle it. Imported by the area's package."""

from __future__ import annotations

from grants.settlements import permissions, queries
from grants.taskreports import hooks

hooks.settlement_of_report.provide(queries.settlement_of_report)
hooks.can_settle_report.provide(permissions.can_settle_report)
