"""taskreports"""

from grants.taskreports import contract_hooks  # noqa: E402,F401 - provides grants.contracts.hooks
