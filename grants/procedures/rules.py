"""The dates of a procedure (pure: no database, no Flask): of a publication, of the task an
offer proposes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from grants.core.errors import Problem
from grants.core.i18n import N_, msg

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
            problems.append(Problem(key, msg("Data %(day)s jest w przyszłości.", day=value)))
        elif not_before is not None and value < not_before:
            text = (N_("Data %(day)s jest wcześniejsza niż %(what)s (%(first)s).")
                    if not_before_what else N_("Data %(day)s jest wcześniejsza niż %(first)s."))
            problems.append(Problem(key, msg(text, day=value, what=not_before_what,
                                             first=not_before)))
    return problems


def published_on(dates: Mapping[str, dt.date | None]) -> dt.date | None:
    """The day a publication in several channels counts from: the last of them."""
    given = [dates[k] for k in CHANNELS if dates.get(k) is not None]
    return max(given) if given else None


def check_task_dates(start: dt.date | None, end: dt.date | None, *,
                     within: tuple[dt.date, dt.date] | None = None,
                     within_what: str = msg("terminem realizacji zadania w konkursie")
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
        return [Problem("end_date", msg("Data zakończenia (%(end)s) jest wcześniejsza niż "
                                        "data rozpoczęcia (%(start)s).", end=end, start=start))]
    if within is None:
        return []
    first, last = within
    if not first <= start <= last:
        problems.append(Problem("start_date", msg(
            "Data rozpoczęcia %(day)s jest poza %(what)s (%(first)s - %(last)s).", day=start,
            what=within_what, first=first, last=last)))
    if not first <= end <= last:
        problems.append(Problem("end_date", msg(
            "Data zakończenia %(day)s jest poza %(what)s (%(first)s - %(last)s).", day=end,
            what=within_what, first=first, last=last)))
    return problems
