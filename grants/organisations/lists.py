"""The staff's list of organisations (grants.core.listing): every registered organisation,
those waiting for verification first."""

from __future__ import annotations

from sqlalchemy import case, select

from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of, in_year
from grants.organisations.models import (
    LEGAL_FORM_LABELS,
    STATUS_LABELS,
    Organisation,
    VerificationStatus,
)

# pending first (they wait for an officer), then rejected, then verified
STATUS_ORDER = case(
    (Organisation.status == VerificationStatus.PENDING, 0),
    (Organisation.status == VerificationStatus.REJECTED, 1),
    else_=2,
)

STAFF = ListSpec(
    name="organizacje",
    columns=(
        Column("name", N_("Organizacja"), lambda o: o.name, sort=Organisation.name),
        Column("city", N_("Miejscowość"), lambda o: o.city, sort=Organisation.city),
        Column("legal_form", N_("Forma prawna"), lambda o: LEGAL_FORM_LABELS[o.legal_form],
               sort=Organisation.legal_form, translated=True),
        Column("nip", N_("NIP"), lambda o: o.nip, sort=Organisation.nip),
        Column("krs", N_("KRS / rejestr"), lambda o: o.krs or " ".join(
            filter(None, (o.other_register_name, o.other_register_number)))),
        Column("regon", N_("REGON"), lambda o: o.regon),
        Column("status", N_("Status danych"), lambda o: STATUS_LABELS[o.status],
               sort=STATUS_ORDER, translated=True),
        Column("created", N_("Zarejestrowano"), lambda o: o.created_at,
               sort=Organisation.created_at),
    ),
    id_column=Organisation.id, default_sort="status", search=(
        Organisation.name, Organisation.city, Organisation.nip, Organisation.krs,
        Organisation.regon),
    search_label=N_("Nazwa, miejscowość, NIP, KRS lub REGON"),
    filters=(
        Filter("status", N_("Status danych"), lambda v: Organisation.status == v,
               choices=choices_of(STATUS_LABELS)),
        Filter("legal_form", N_("Forma prawna"), lambda v: Organisation.legal_form == v,
               choices=choices_of(LEGAL_FORM_LABELS)),
        Filter("year", N_("Rok rejestracji"), lambda v: in_year(Organisation.created_at, v),
               kind="year"),
    ),
)


def all_organisations():
    return select(Organisation)
