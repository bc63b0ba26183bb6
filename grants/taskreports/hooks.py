"""What the task reports' pages need from the later settlements area, declared here and
provided by grants.settlements.report_hooks (see grants.core.hooks): the report page links
to its settlement, or offers to settle an accepted final report."""

from __future__ import annotations

from grants.core.hooks import Hook

# settlement_of_report(report) -> the report's Settlement, or None
settlement_of_report = Hook("the settlement of a report", default=None)
# can_settle_report(user, report) -> may the user settle the report
can_settle_report = Hook("may the user settle a report", default=False)
