"""Dated rule sets: the statutory numbers of competitions.md and the tax-arrears rates.

Every number the law sets (21 days, 30 days, small-grant limits, ...) is a record
with an effective date, editable by an administrator; a procedure uses the rules
in force on its announcement date.
"""
