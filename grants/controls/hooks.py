"""What control asks of the settlements area, which comes after it (grants.core.hooks)."""

from __future__ import annotations

from grants.core.hooks import Hook

# settled_item_codes(contract) -> set[str]: the budget items a settlement already covered
# (a finding on such an item needs a separate decision)
settled_item_codes = Hook("controls.settled_item_codes", default=frozenset())
