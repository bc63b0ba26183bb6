"""What organisations ask of later areas (grants.core.hooks)."""

from __future__ import annotations

from grants.core.hooks import Hook

# organisers_dealt_with(organisation_id) -> the ids of the organisers the organisation deals
# with (it filed an offer in one of their procedures); provided by grants.offers.queries. Their
# officers may see the e-mail addresses of the organisation's members.
organisers_dealt_with = Hook("organisations.organisers_dealt_with", default=frozenset())
