"""What competitions ask of later areas (grants.core.hooks)."""

from __future__ import annotations

from grants.core.hooks import Hook

# tasks_with_offers(task_ids) -> the ids among them that an offer (draft or filed) refers to;
# provided by grants.offers.queries. A task with offers cannot be removed by a correction.
tasks_with_offers = Hook("tasks with offers", default=frozenset())
