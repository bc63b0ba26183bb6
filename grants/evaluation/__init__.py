"""The evaluation committee: composition, declarations, conflicts, scoring, the sheet."""
from grants.evaluation import competition_scoring  # noqa: F401  (registers a competition's scoring)
