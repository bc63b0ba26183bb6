"""What the contracts area announces to, and asks of, the areas after it (task reports,
settlements), which it never imports (grants.core.hooks).

- `contract_signed`: sent when the original or an annex is signed (sender: the contract;
  `version`, `actor`). The task reports area expects the final report(s) then.
- `payment_recorded`: a transfer of (a part of) a tranche was recorded (sender: the contract;
  `payment`, `actor`). The reminders area tells the organisation.
- `contract_closed`: the settlements area closed the contract, nothing being left to return
  (sender: the contract; `on`, `actor`). The reminders area tells the organisation.
- The hooks below are the narrow queries the contract page and the tranche rules need; the
  task reports area provides the first three, the settlements area the last.
"""

from __future__ import annotations

from grants.core.hooks import Hook, signal

contract_signed = signal("contracts.contract_signed")
payment_recorded = signal("contracts.payment_recorded")
contract_closed = signal("contracts.contract_closed")

# accepted_partial_reports(contract_id) -> int: partial reports accepted (tranche conditions)
accepted_partial_reports = Hook("contracts.accepted_partial_reports", default=0)
# reports_of(contract) -> list: the contract's reports, final and partial
reports_of = Hook("contracts.reports_of", default=())
# overdue_calls(contract, today) -> list: calls for a final report whose due date has passed
# and whose report is still missing (art. 18 ust. 3: the contract may be terminated)
overdue_calls = Hook("contracts.overdue_calls", default=())
# settlements_of(contract) -> list: the contract's settlements, by finding date
settlements_of = Hook("contracts.settlements_of", default=())
