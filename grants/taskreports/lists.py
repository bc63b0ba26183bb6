"""The list of task reports (grants.core.listing): the reports of every contract the viewer
may see (contracts.permissions.viewable_scope); the filters only narrow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from grants.contracts import lists as contract_lists
from grants.contracts.models import Contract
from grants.contracts.queries import contracts_query
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.taskreports.models import ReportKind, ReportStatus, ReportVersion, TaskReport

STATUS_LABELS = {
    ReportStatus.DUE: N_("oczekuje na złożenie"),
    ReportStatus.FILED: N_("złożone – czeka na ocenę"),
    ReportStatus.CORRECTIONS: N_("wezwanie do poprawek"),
    ReportStatus.ACCEPTED: N_("przyjęte"),
}
KIND_LABELS = {ReportKind.FINAL: N_("Sprawozdanie końcowe"),
               ReportKind.PARTIAL: N_("Sprawozdanie częściowe")}


def _filed_at(report):
    version = report.filed_version
    return version.filed_at if version is not None else None


REPORTS = ListSpec(
    name="sprawozdania",
    columns=(
        Column("contract", N_("Umowa"), lambda r: r.contract.number, sort=Contract.number),
        Column("organisation", N_("Organizacja"), lambda r: r.contract.organisation.name,
               sort=Organisation.name),
        Column("organiser", N_("Organizator"), lambda r: r.contract.organiser.short_name,
               sort=Organiser.short_name),
        Column("kind", N_("Sprawozdanie"), lambda r: KIND_LABELS[r.kind], sort=TaskReport.kind,
               translated=True),
        Column("year", N_("Rok"), lambda r: r.year, sort=TaskReport.year),
        Column("period_start", N_("Okres od"), lambda r: r.period_start,
               sort=TaskReport.period_start),
        Column("period_end", N_("Okres do"), lambda r: r.period_end, sort=TaskReport.period_end),
        Column("due", N_("Termin"), lambda r: r.due_on, sort=TaskReport.due_on),
        Column("status", N_("Stan"), lambda r: STATUS_LABELS[r.status], sort=TaskReport.status,
               translated=True),
        Column("filed", N_("Złożono"), _filed_at),
        Column("accepted", N_("Przyjęto"), lambda r: r.accepted_on, sort=TaskReport.accepted_on),
    ),
    id_column=TaskReport.id, default_sort="due",
    search=(Contract.number, Organisation.name, Organisation.nip),
    search_label=N_("Szukaj (umowa, organizacja, NIP)"),
    filters=(
        Filter("status", N_("Stan"), lambda v: TaskReport.status == v,
               choices=choices_of(STATUS_LABELS)),
        Filter("kind", N_("Rodzaj"), lambda v: TaskReport.kind == v,
               choices=choices_of(KIND_LABELS)),
        Filter("organiser", N_("Organizator"), lambda v: Contract.organiser_id == v, kind="id"),
        Filter("organisation", N_("Organizacja"), lambda v: Contract.organisation_id == v,
               kind="id"),
        Filter("year", N_("Rok budżetowy"), lambda v: TaskReport.year == v, kind="year"),
    ),
)


def filter_choices(scope: dict[str, set[int]]) -> dict:
    """The organisers and organisations of the contracts of `scope`."""
    return contract_lists.filter_choices(contracts_query(**scope))


def reports(scope: dict[str, set[int]]):
    """The reports of the contracts of `scope` (contracts.permissions.viewable_scope), with
    their contract, its parties and the versions' filing dates loaded."""
    visible = contracts_query(**scope).with_only_columns(Contract.id).order_by(None)
    return (select(TaskReport).join(TaskReport.contract).join(Contract.organisation)
            .join(Contract.organiser).where(TaskReport.contract_id.in_(visible))
            .options(contains_eager(TaskReport.contract).contains_eager(Contract.organisation),
                     contains_eager(TaskReport.contract).contains_eager(Contract.organiser),
                     selectinload(TaskReport.versions).load_only(
                         ReportVersion.number, ReportVersion.state, ReportVersion.filed_at)))
