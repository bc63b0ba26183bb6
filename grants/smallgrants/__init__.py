"""Small grants (UDPP art. 19a): a simplified offer without a competition, its limits,
the officer's assessment, publication for comments, moderation and contracting."""

from grants.smallgrants import contract_source  # noqa: E402,F401 - registers the offer as a contract source
