"""The awards' pages: the officer's ranking and proposed grants, the protocol (PDF) and the
ranking (XLSX) (ranking); the decision, the publication of the results, objections and
annulment (decision); the offeror's update of the offer or giving up the grant (update).

Thin views: parse -> load (404) -> authorize (awards.permissions) -> one service through
grants.core.actions. A refused change re-renders the page with what was typed and the
messages.
"""

from grants.awards.views import decision, ranking, update  # noqa: F401
from grants.awards.views.common import bp  # noqa: F401
