"""What offers ask of later areas (grants.core.hooks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grants.core.hooks import Hook


@dataclass(frozen=True)
class Correction:
    """A correction the formal check asked for ("to be completed")."""

    due: dt.datetime   # 23:59:59 Warsaw time on the due date, aware UTC
    filed: bool        # a new version was filed since the request (awaiting the officer)


# requested_correction(offer) -> the Correction requested by the latest decision of the
# offer's formal check, or None; provided by grants.formal.queries. It opens the filing window
# of an offer after the competition's deadline (grants.offers.services.filing_window).
requested_correction = Hook("requested correction")
