"""The formal check of offers (competitions.md step 4): checklist, outcome, completion."""

from grants.formal import queries  # noqa: F401 - provides grants.offers.hooks.requested_correction
