"""The history of an object (who did what, when, what changed) read from the audit trail, and
the administrators' whole log with its export. Reads many areas; no area imports it."""
