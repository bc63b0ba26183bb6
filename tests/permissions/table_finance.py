"""Routes of the finance area for the access table (merged into tests/permissions/table.py).

The dashboard shows the data of the organisers where the user is an officer or finance staff
(officer_b sees organiser B's, which is empty); everybody else signed in gets 403. The export of
the transfers due for the bank is for finance staff only.
"""

from __future__ import annotations

from tests.permissions.table import Route, only

ROUTES: dict[str, Route] = {
    "finance.dashboard": only(["officer", "officer_b", "finance"], lambda o: "/finanse",
                              others=403),
    "finance.transfers_csv": only(["finance"], lambda o: "/finanse/przelewy.csv", others=403),
    "finance.transfers_xlsx": only(["finance"], lambda o: "/finanse/przelewy.xlsx",
                                   others=403),
}
