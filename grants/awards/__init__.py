
from grants.awards import contract_source  # noqa: E402,F401 - registers the award as a contract source
