"""settlements"""
from grants.settlements import (
    contract_hooks,  # noqa: F401 - provides grants.contracts.hooks, grants.controls.hooks
    history,  # noqa: F401  (provides evaluation.hooks.contract_history)
    report_hooks,  # noqa: F401 - provides grants.taskreports.hooks
)
