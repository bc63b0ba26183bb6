"""settlements"""
from grants.settlements import history  # noqa: F401  (provides evaluation.hooks.contract_history)
