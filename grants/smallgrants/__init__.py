"""Small grants (UDPP art. 19a): a simplified offer without a competition, its limits,
the officer's assessment, publication for comments, moderation and contracting."""

# the mapped classes first: the contracts' relationships name SmallGrantOffer, and the
# services (imported by contract_hooks) configure the mappers on import
from grants.smallgrants import models  # noqa: F401

# isort: split
from grants.smallgrants import (
    call_hooks,  # noqa: E402,F401 - answers grants.calls.hooks (same-kind tasks)
    contract_hooks,  # noqa: E402,F401 - reacts to grants.contracts.hooks
    contract_source,  # noqa: E402,F401 - registers the offer as a contract source
)
