"""The list of contracts (grants.core.listing): staff see their organisers' contracts,
members of organisations their organisations'; the view gives that query, the filters only
narrow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from grants.contracts.models import Contract, ContractStatus, ContractVersion
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of, in_year, matches
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser

STATUS_LABELS = {
    ContractStatus.DRAFT: N_("projekt (niepodpisana)"),
    ContractStatus.SIGNED: N_("podpisana – w realizacji"),
    ContractStatus.TERMINATED: N_("rozwiązana"),
    ContractStatus.CLOSED: N_("rozliczona i zamknięta"),
}


def _latest(column):
    """`column` of the contract's latest version (an annex being prepared included)."""
    return (select(column).where(ContractVersion.contract_id == Contract.id)
            .order_by(ContractVersion.number.desc()).limit(1).scalar_subquery())


def _title_matches(pattern: str):
    return Contract.id.in_(select(ContractVersion.contract_id)
                           .where(matches(ContractVersion.title, pattern)))


def _shown(contract) -> ContractVersion:
    return contract.version_in_force or contract.current_version


CONTRACTS = ListSpec(
    name="umowy",
    columns=(
        Column("number", N_("Numer"), lambda c: c.number, sort=Contract.number),
        Column("title", N_("Zadanie"), lambda c: _shown(c).title,
               sort=_latest(ContractVersion.title)),
        Column("organisation", N_("Organizacja"), lambda c: c.organisation.name,
               sort=Organisation.name),
        Column("nip", N_("NIP"), lambda c: c.organisation.nip),
        Column("organiser", N_("Organizator"), lambda c: c.organiser.short_name,
               sort=Organiser.short_name),
        Column("grant", N_("Dotacja"), lambda c: _shown(c).grant_total,
               sort=_latest(ContractVersion.grant_total), money=True),
        Column("start", N_("Początek realizacji"), lambda c: _shown(c).start_date,
               sort=_latest(ContractVersion.start_date)),
        Column("end", N_("Koniec realizacji"), lambda c: _shown(c).end_date,
               sort=_latest(ContractVersion.end_date)),
        Column("signed", N_("Podpisano"), lambda c: c.signed_on, sort=Contract.signed_on),
        Column("status", N_("Stan"), lambda c: STATUS_LABELS[c.status], sort=Contract.status,
               translated=True),
        Column("created", N_("Utworzono"), lambda c: c.created_at, sort=Contract.created_at),
    ),
    id_column=Contract.id, default_sort="created", default_desc=True,
    search=(Contract.number, Organisation.name, Organisation.nip, _title_matches),
    search_label=N_("Szukaj (numer, zadanie, organizacja, NIP)"),
    filters=(
        Filter("status", N_("Stan umowy"), lambda v: Contract.status == v,
               choices=choices_of(STATUS_LABELS)),
        Filter("organiser", N_("Organizator"), lambda v: Contract.organiser_id == v, kind="id"),
        Filter("organisation", N_("Organizacja"), lambda v: Contract.organisation_id == v,
               kind="id"),
        Filter("year", N_("Rok podpisania"),
               lambda v: in_year(Contract.signed_on, v, instant=False), kind="year"),
    ),
)


# what the list shows of a version (not its JSON columns: 5 000 rows export in a third of
# the time)
_VERSION_SHOWN = (ContractVersion.number, ContractVersion.title, ContractVersion.grant_total,
                  ContractVersion.start_date, ContractVersion.end_date,
                  ContractVersion.signed_on)


def listed(stmt):
    """`stmt` (contracts the viewer may see) with what the list shows and sorts by."""
    return (stmt.join(Contract.organisation).join(Contract.organiser)
            .options(contains_eager(Contract.organisation), contains_eager(Contract.organiser),
                     selectinload(Contract.versions).load_only(*_VERSION_SHOWN)))


def filter_choices(stmt) -> dict:
    """The organisers and organisations of the contracts in `stmt` (the filters' choices)."""
    sub = stmt.order_by(None).subquery()
    organisers = db.session.execute(
        select(Organiser.id, Organiser.short_name)
        .where(Organiser.id.in_(select(sub.c.organiser_id))).order_by(Organiser.short_name))
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(select(sub.c.organisation_id))).order_by(Organisation.name))
    return {"organiser": [(str(i), n) for i, n in organisers],
            "organisation": [(str(i), n) for i, n in organisations]}
