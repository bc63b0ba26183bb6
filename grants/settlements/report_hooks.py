"""The settlements area answers the task reports' hooks (grants.taskreports.hooks): the
settlement of a report and whether a user may settle it now - the accepted final report, or
without it a terminated contract's or one whose report never came after the call.
Imported by the area's package."""

from __future__ import annotations

from grants.core import clock
from grants.settlements import inputs, permissions, queries
from grants.taskreports import hooks

hooks.settlement_of_report.provide(queries.settlement_of_report)


@hooks.can_settle_report.provide
def can_settle_report_now(user, report) -> bool:
    return (permissions.can_settle_report(user, report)
            and inputs.settlement_basis(report, clock.today()) is not None)
