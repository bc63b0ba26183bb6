"""The evaluation committee: composition, declarations, conflicts, scoring, the sheet."""
