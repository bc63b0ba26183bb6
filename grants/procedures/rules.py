"""The dates of a procedure (pure: no database, no Flask): of a publication, of the task an
offer proposes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from grants.core.errors import Problem
from grants.core.formatting import day
from grants.core.i18n import N_

# The three channels of UDPP art. 13 ust. 3 (and art. 15 ust. 2h, art. 19a ust. 3).
CHANNELS = ("bip_on", "board_on", "website_on")
MISSING = {
    "bip_on": N_("Podaj datę publikacji w Biuletynie Informacji Publicznej."),
    "board_on": N_("Podaj datę wywieszenia na tablicy ogłoszeń."),
    "website_on": N_("Podaj datę publikacji na stronie internetowej."),
}


def check_channels(dates: Mapping[str, dt.date | None], *, required: bool,
                   today: dt.date | None = None, not_before: dt.date | None = None,
                   not_before_what: str = "") -> list[Problem]:
    """Each channel's date: given (when `required`), not after `today` (when given: a
    publication that has happened), not before `not_before` (`not_before_what` names that
    day in the message, e.g. "dzień wpływu oferty")."""
    problems = []
    for key in CHANNELS:
        value = dates.get(key)
        if value is None:
            if required:
                problems.append(Problem(key, MISSING[key]))
        elif today is not None and value > today:
            problems.append(Problem(key, f"Data {day(value)} jest w przyszłości."))
        elif not_before is not None and value < not_before:
            what = f"{not_before_what} ({day(not_before)})" if not_before_what else day(not_before)
            problems.append(Problem(key, f"Data {day(value)} jest wcześniejsza niż {what}."))
    return problems


def published_on(dates: Mapping[str, dt.date | None]) -> dt.date | None:
    """The day a publication in several channels counts from: the last of them."""
    given = [dates[k] for k in CHANNELS if dates.get(k) is not None]
    return max(given) if given else None


def check_task_dates(start: dt.date | None, end: dt.date | None, *,
                     within: tuple[dt.date, dt.date] | None = None,
                     within_what: str = "terminem realizacji zadania w konkursie"
                     ) -> list[Problem]:
    """The start and end of the task an offer proposes: both given, in order and - when the
    procedure sets them (`within`: the first and last day, e.g. of a competition's task) -
    inside those days. The one check of an offer's task dates, of any procedure kind."""
    problems = []
    if start is None:
        problems.append(Problem("start_date", N_("Podaj datę rozpoczęcia realizacji zadania.")))
    if end is None:
        problems.append(Problem("end_date", N_("Podaj datę zakończenia realizacji zadania.")))
    if problems:
        return problems
    if end < start:
        return [Problem("end_date", f"Data zakończenia ({day(end)}) jest wcześniejsza niż data "
                                    f"rozpoczęcia ({day(start)}).")]
    if within is None:
        return []
    first, last = within
    window = f"{day(first)} - {day(last)}"
    if not first <= start <= last:
        problems.append(Problem("start_date", f"Data rozpoczęcia {day(start)} jest poza "
                                              f"{within_what} ({window})."))
    if not first <= end <= last:
        problems.append(Problem("end_date", f"Data zakończenia {day(end)} jest poza "
                                            f"{within_what} ({window})."))
    return problems
