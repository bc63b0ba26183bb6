"""settlements"""
from grants.settlements import (
    contract_hooks,  # noqa: F401 - provides grants.contracts.hooks
    control_hooks,  # noqa: F401 - reacts to grants.controls.hooks.misuse_recorded
    history,  # noqa: F401  (provides evaluation.hooks.contract_history)
    report_hooks,  # noqa: F401 - provides grants.taskreports.hooks
)
