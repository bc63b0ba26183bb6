"""settlements"""
from grants.settlements import history  # noqa: F401  (provides evaluation.hooks.contract_history)
from grants.settlements import report_hooks  # noqa: F401 - provides grants.taskreports.hooks
