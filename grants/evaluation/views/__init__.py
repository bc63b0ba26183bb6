"""The committee's pages, by who uses them: the officer composes the committee
(composition); members sign the declaration and declare conflicts (declarations) and score
the offers (offers); the chair closes scoring, after which the sheet is shown (closing).

Thin views: parse -> load (404) -> authorize (evaluation.permissions) -> one service through
grants.core.actions. Members never see anyone else's points while scoring is open: member
pages read only the member's own scores; the full sheet is served only after closing.
"""

from grants.evaluation.views import closing, composition, declarations, offers  # noqa: F401
from grants.evaluation.views.common import bp  # noqa: F401
