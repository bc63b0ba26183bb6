"""The lists of settlements and of the parts to return (grants.core.listing): those of every
contract the viewer may see (contracts.permissions.viewable_scope, the rule of
can_view_settlement); the filters only narrow them."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import contains_eager

from grants.contracts import lists as contract_lists
from grants.contracts.models import Contract
from grants.contracts.queries import contracts_query
from grants.core import clock
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of, in_year
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.settlements.labels import KIND_LABELS
from grants.settlements.models import ReturnPart, Settlement

SHORT_BASIS = {"report": N_("sprawozdanie końcowe"), "terminated": N_("umowa rozwiązana"),
               "no_report": N_("brak sprawozdania")}
RETURN_STATES = {"open": N_("do zwrotu"), "overdue": N_("po terminie"),
                 "settled": N_("zwrócone")}


def _return_state(value: str):
    if value == "settled":
        return ReturnPart.settled_at.is_not(None)
    if value == "overdue":
        return and_(ReturnPart.settled_at.is_(None), ReturnPart.due_on < clock.today())
    return ReturnPart.settled_at.is_(None)


def _state_of(part: ReturnPart) -> str:
    if part.settled_at is not None:
        return RETURN_STATES["settled"]
    return RETURN_STATES["overdue" if part.due_on < clock.today() else "open"]


_CONTRACT = Column("contract", N_("Umowa"), lambda x: x.contract.number, sort=Contract.number)
_ORGANISATION = Column("organisation", N_("Organizacja"),
                       lambda x: x.contract.organisation.name, sort=Organisation.name)
_ORGANISER = Column("organiser", N_("Organizator"), lambda x: x.contract.organiser.short_name,
                    sort=Organiser.short_name)
_SEARCH = (Contract.number, Organisation.name, Organisation.nip)
_BY_ORGANISER = Filter("organiser", N_("Organizator"), lambda v: Contract.organiser_id == v,
                       kind="id")
_BY_ORGANISATION = Filter("organisation", N_("Organizacja"),
                          lambda v: Contract.organisation_id == v, kind="id")

SETTLEMENTS = ListSpec(
    name="rozliczenia",
    columns=(
        _CONTRACT, _ORGANISATION, _ORGANISER,
        Column("basis", N_("Podstawa"), lambda s: SHORT_BASIS[s.basis.value],
               sort=Settlement.basis, translated=True),
        Column("finding", N_("Data ustalenia"), lambda s: s.finding_date,
               sort=Settlement.finding_date),
        Column("paid", N_("Przekazana dotacja"), lambda s: s.paid, sort=Settlement.paid,
               money=True),
        Column("total", N_("Do zwrotu"), lambda s: s.total, sort=Settlement.total, money=True),
        Column("recorded", N_("Zapisano"), lambda s: s.recorded_at, sort=Settlement.recorded_at),
    ),
    id_column=Settlement.id, default_sort="recorded", default_desc=True, search=_SEARCH,
    search_label=N_("Szukaj (umowa, organizacja, NIP)"),
    filters=(
        Filter("basis", N_("Podstawa"), lambda v: Settlement.basis == v,
               choices=choices_of(SHORT_BASIS)),
        _BY_ORGANISER, _BY_ORGANISATION,
        Filter("year", N_("Rok ustalenia"),
               lambda v: in_year(Settlement.finding_date, v, instant=False), kind="year"),
    ),
)

RETURNS = ListSpec(
    name="zwroty",
    columns=(
        _CONTRACT, _ORGANISATION, _ORGANISER,
        Column("kind", N_("Tytuł zwrotu"), lambda p: KIND_LABELS[p.kind], sort=ReturnPart.kind,
               translated=True),
        Column("principal", N_("Kwota do zwrotu"), lambda p: p.principal,
               sort=ReturnPart.principal, money=True),
        Column("due", N_("Termin zwrotu"), lambda p: p.due_on, sort=ReturnPart.due_on),
        Column("principal_paid", N_("Zwrócono"), lambda p: p.principal_paid,
               sort=ReturnPart.principal_paid, money=True),
        Column("left", N_("Pozostało (bez odsetek)"), lambda p: p.principal - p.principal_paid,
               sort=ReturnPart.principal - ReturnPart.principal_paid, money=True),
        Column("interest_paid", N_("Zapłacone odsetki"), lambda p: p.interest_paid,
               money=True),
        Column("state", N_("Stan"), _state_of, translated=True),
        Column("settled", N_("Rozliczono"), lambda p: p.settled_at, sort=ReturnPart.settled_at),
    ),
    id_column=ReturnPart.id, default_sort="due", search=_SEARCH,
    search_label=N_("Szukaj (umowa, organizacja, NIP)"),
    filters=(
        Filter("state", N_("Stan"), _return_state, choices=tuple(RETURN_STATES.items())),
        Filter("kind", N_("Tytuł zwrotu"), lambda v: ReturnPart.kind == v,
               choices=choices_of(KIND_LABELS)),
        _BY_ORGANISER, _BY_ORGANISATION,
        Filter("year", N_("Rok terminu"),
               lambda v: in_year(ReturnPart.due_on, v, instant=False), kind="year"),
    ),
)


def _visible(scope: dict[str, set[int]]):
    return contracts_query(**scope).with_only_columns(Contract.id).order_by(None)


def _joined(stmt, model):
    return (stmt.join(model.contract).join(Contract.organisation).join(Contract.organiser)
            .options(contains_eager(model.contract).contains_eager(Contract.organisation),
                     contains_eager(model.contract).contains_eager(Contract.organiser)))


def settlements(scope: dict[str, set[int]]):
    return _joined(select(Settlement).where(Settlement.contract_id.in_(_visible(scope))),
                   Settlement)


def returns(scope: dict[str, set[int]]):
    return _joined(select(ReturnPart).where(ReturnPart.contract_id.in_(_visible(scope))),
                   ReturnPart)


def filter_choices(scope: dict[str, set[int]]) -> dict:
    """The organisers and organisations of the contracts of `scope`."""
    return contract_lists.filter_choices(contracts_query(**scope))
