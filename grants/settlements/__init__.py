"""settlements"""

from grants.settlements import contract_hooks  # noqa: E402,F401 - provides grants.contracts.hooks, grants.controls.hooks
