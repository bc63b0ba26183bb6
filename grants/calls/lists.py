"""The lists of competitions (grants.core.listing): the officer's list of the competitions of
their organisers and the public list. The views give the query of what the viewer may see;
the filters only narrow it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from grants.calls.catalogue import PHASE_LABELS, PUBLIC_PHASES
from grants.calls.models import CallTask, Competition, Phase
from grants.calls.queries import PUBLIC_STATUSES, phase_condition
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, in_year
from grants.organisations.areas import AREA_NAMES, AREAS
from grants.organisers.models import Organiser

_FUNDS = (select(func.coalesce(func.sum(CallTask.funds), 0))
          .where(CallTask.competition_id == Competition.id).scalar_subquery())
_ANNOUNCED = func.coalesce(Competition.published_at, Competition.created_at)


def _phase_filter(phases) -> Filter:
    return Filter("phase", N_("Etap"), lambda v: phase_condition(Phase(v)),
                  choices=tuple((p.value, PHASE_LABELS[p]) for p in phases))


_COLUMNS = (
    Column("title", N_("Konkurs"), lambda c: c.title, sort=Competition.title),
    Column("reference", N_("Znak"), lambda c: c.reference, sort=Competition.reference),
    Column("organiser", N_("Organizator"), lambda c: c.organiser.name, sort=Organiser.name),
    Column("area", N_("Rodzaj zadania"), lambda c: AREA_NAMES.get(c.area, c.area),
           sort=Competition.area, translated=True),
    Column("phase", N_("Etap"), lambda c: PHASE_LABELS[c.phase]),
    Column("deadline", N_("Termin składania ofert"), lambda c: c.offer_deadline,
           sort=Competition.offer_deadline),
    Column("funds", N_("Środki"), lambda c: c.total_funds, sort=_FUNDS, money=True),
    Column("published", N_("Ogłoszono"), lambda c: c.published_at, sort=_ANNOUNCED),
)
_SEARCH = (Competition.title, Competition.reference, Organiser.name, Organiser.short_name)
_AREA = Filter("area", N_("Rodzaj zadania"), lambda v: Competition.area == v,
               choices=tuple(AREAS))
_ORGANISER = Filter("organiser", N_("Organizator"), lambda v: Competition.organiser_id == v,
                    kind="id")
_YEAR = Filter("year", N_("Rok ogłoszenia"), lambda v: in_year(_ANNOUNCED, v), kind="year")

OFFICER = ListSpec(
    name="konkursy", columns=_COLUMNS, id_column=Competition.id, default_sort="published",
    default_desc=True, search=_SEARCH, search_label=N_("Szukaj (tytuł, znak, organizator)"),
    filters=(_phase_filter(list(Phase)), _ORGANISER, _AREA, _YEAR),
)

PUBLIC = ListSpec(
    name="konkursy", columns=_COLUMNS, id_column=Competition.id, default_sort="published",
    default_desc=True, search=_SEARCH, search_label=N_("Szukaj (tytuł, znak, organizator)"),
    filters=(_ORGANISER, _AREA, _phase_filter(PUBLIC_PHASES), _YEAR),
    per_page=20,
)


def _base(stmt):
    return (stmt.join(Competition.organiser)
            .options(contains_eager(Competition.organiser), selectinload(Competition.tasks).load_only(CallTask.funds)))


def officer_competitions(organiser_ids: set[int]):
    """Every competition (drafts included) of the given organisers."""
    return _base(select(Competition).where(Competition.organiser_id.in_(organiser_ids or {0})))


def public_competitions():
    """The competitions the public may see."""
    return _base(select(Competition).where(Competition.status.in_(PUBLIC_STATUSES)))
