"""What competitions ask of later areas (grants.core.hooks)."""

from __future__ import annotations

from grants.core.hooks import Hook

# tasks_with_offers(task_ids) -> the ids among them that an offer (draft or filed) refers to;
# provided by grants.offers.queries. A task with offers cannot be removed by a correction.
tasks_with_offers = Hook("tasks with offers", default=frozenset())

# awarded_by_task(task_ids) -> {task_id: (cost, grant)}: the grants really awarded to each task
# (the decision's grants not given up) and the total cost of the offers they fund; provided
# by grants.awards.queries. Art. 13 ust. 2 pkt 7 (the table of same-kind tasks).
awarded_by_task = Hook("grants awarded per task", default={})
