"""settlements"""
from grants.settlements import contract_hooks  # noqa: F401 - provides grants.contracts.hooks, grants.controls.hooks
from grants.settlements import history  # noqa: F401  (provides evaluation.hooks.contract_history)
from grants.settlements import report_hooks  # noqa: F401 - provides grants.taskreports.hooks
