"""What the committee asks of later areas (grants.core.hooks), and the rows they answer with.

Criterion 6 (art. 15 ust. 1 pkt 6) weighs how the offeror carried out earlier public tasks:
its signed contracts, final reports filed late and grants returned. Contracts, task reports
and settlements come after evaluation, so they answer through `contract_history`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from grants.core.hooks import Hook


@dataclass
class LateReport:
    year: int
    due_on: object
    filed_on: object            # date the report was first filed (None: not filed)


@dataclass
class ReturnRow:
    kind: str
    principal: Decimal
    due_on: object
    left: Decimal               # principal and interest left today (0: paid)

    @property
    def paid(self) -> bool:
        return self.left <= 0


@dataclass
class ContractHistoryRow:
    contract: object
    number: str
    grant: Decimal
    status: str
    late_reports: list[LateReport] = field(default_factory=list)
    returns: list[ReturnRow] = field(default_factory=list)


# contract_history(organisation, competition) -> [ContractHistoryRow]: the organisation's
# signed contracts other than from this competition, newest first, with their final reports
# filed late (or still missing after the due date) and the returns settled (amount, left
# today). Provided by grants.settlements.history; no provider: no history.
contract_history = Hook("contract history", default=())
