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

# small_grants_by_area(organiser_id, area, first_year, last_year) -> [{"year", "name",
# "total_cost", "grant"}]: the small grants (art. 19a) the organiser awarded in the area, by
# the year of their signed contract (not terminated), with the grant and the total cost of
# the contract in force; provided by grants.smallgrants.queries. They are public tasks of the
# same kind too (art. 13 ust. 2 pkt 7).
small_grants_by_area = Hook("small grants awarded per area", default=())
