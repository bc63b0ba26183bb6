"""Build a signed contract directly (not through the contracts' services), for the tests of the
areas that hang off a contract (reports, control, settlement, finance, reminders).

`make_contract(world)` is the worked example of settlement.md: organisation X, organiser A,
four items (I.1.1 coordinator 10 000 / 8 000, I.1.2 meals 20 000 / 16 000, I.2.1 volunteers'
work 6 000 / 0, II.1 administration 4 000 / 2 000), x = 10 %, t = 5 pp, two tranches of
13 000.00 (due 2026-03-02 and 2026-06-01), task 2026-02-01 .. 2026-10-31, funds used by
2026-10-31, final report due 2026-11-30, represented and signed by the organisation's recorded
representatives. `paid=True` records both transfers on their due dates.
The contract's procedure is the small-grant stand-in's, or `competition`'s when given. A signed
version is inserted as a draft and then signed (a new version must start unfrozen), with `pdf`
as its stored PDF when given.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import grants.models  # noqa: F401 - every mapper configured before the factory builds rows
from grants.contracts.models import (
    Contract,
    ContractItem,
    ContractResult,
    ContractStatus,
    ContractTranche,
    ContractVersion,
    Payment,
    TrancheCondition,
)
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.taskreports.services import ensure_final_reports

D = Decimal
_seq = itertools.count(1)

EXAMPLE_ITEMS = [
    ("I.1.1", "Koordynator", D("10000.00"), D("8000.00")),
    ("I.1.2", "Posiłki", D("20000.00"), D("16000.00")),
    ("I.2.1", "Praca wolontariuszy (wkład osobowy)", D("6000.00"), D("0.00")),
    ("II.1", "Obsługa administracyjna", D("4000.00"), D("2000.00")),
]


def make_contract(world, *, organisation=None, organiser=None, signed: bool = True,
                  paid: bool = False, items=EXAMPLE_ITEMS,
                  tranches=((dt.date(2026, 3, 2), D("13000.00"), TrancheCondition.NONE),
                            (dt.date(2026, 6, 1), D("13000.00"), TrancheCondition.NONE)),
                  start=dt.date(2026, 2, 1), end=dt.date(2026, 10, 31),
                  use_by=None, report_due=dt.date(2026, 11, 30),
                  item_tolerance=D("10"), share_tolerance=D("5"),
                  competition=None, pdf: bytes | None = None) -> Contract:
    organisation = organisation or world.ngo_x
    organiser = organiser or world.org_a
    n = next(_seq)
    # a contract needs a source: a small-grant-free stand-in award is not needed when the
    # CHECK allows either; the factory uses a minimal small-grant offer as the source
    from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
    from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus

    source = SmallGrantOffer(organiser_id=organiser.id, organisation_id=organisation.id,
                             number=f"F/{n}", status=SmallGrantStatus.DRAFT)
    offer_version = OfferVersion(number=1, state=VersionState.DRAFT,
                                 title="Posiłki dla osób w kryzysie bezdomności")
    source.offer = Offer(procedure=source.procedure, organisation_id=organisation.id,
                         number=f"F/{n}", status=OfferStatus.FILED, versions=[offer_version])
    db.session.add(source)
    db.session.flush()  # inserted as drafts, then filed: a frozen row is never inserted
    offer_version.state, offer_version.sha256, offer_version.content = (
        VersionState.FILED, "0" * 64, {})
    source.status = SmallGrantStatus.CONTRACTING
    source.received_at = dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC)
    source.filing_year = 2026
    source.published_on = dt.date(2026, 1, 12)
    source.comment_end = dt.date(2026, 1, 19)
    source.consideration_note = "Brak uwag."
    db.session.flush()
    grant = sum((g for _c, _n, _t, g in items), D("0.00"))
    total = sum((t for _c, _n, t, _g in items), D("0.00"))
    contract = Contract(organiser_id=organiser.id, organisation_id=organisation.id,
                        small_grant_offer_id=source.id,
                        procedure_id=(competition or source).procedure_id,
                        number=f"{organiser.short_name}/D/2026/{n:04d}",
                        mode="powierzenie" if grant == total else "wspieranie",
                        status=ContractStatus.SIGNED if signed else ContractStatus.DRAFT,
                        signed_on=dt.date(2026, 1, 25) if signed else None,
                        created_by_id=world.officer.id)
    version = ContractVersion(
        number=0, title="Posiłki dla osób w kryzysie bezdomności",
        purpose="Zapewnienie posiłku osobom w kryzysie bezdomności.",
        start_date=start, end_date=end, use_by=use_by or end, report_due=report_due,
        grant_total=grant, total_cost=total, item_tolerance_pct=item_tolerance,
        share_tolerance_pp=share_tolerance, bank_account=organisation.iban,
        authority_representatives="Anna Dyrektorska - Dyrektor MOPS",
        organisation_representatives="\n".join(f"{r.full_name} – {r.function}"
                                               for r in organisation.representatives),
        created_by_id=world.officer.id)
    for pos, (code, name, total_i, grant_i) in enumerate(items, start=1):
        version.items.append(ContractItem(position=pos, code=code, name=name,
                                          planned_total=total_i, planned_grant=grant_i))
    version.results.append(ContractResult(position=1, name="Liczba wydanych posiłków",
                                          target_value="5000", monitoring="Lista wydań"))
    for number, (due, amount, condition) in enumerate(tranches, start=1):
        version.tranches.append(ContractTranche(number=number, due_on=due, amount=amount,
                                                condition=condition, year=due.year))
    contract.versions.append(version)
    db.session.add(contract)
    db.session.flush()
    if signed:
        version.signed_on = dt.date(2026, 1, 25)
        version.signed_for_authority = "Anna Dyrektorska"
        version.signed_for_organisation = "; ".join(r.full_name
                                                    for r in organisation.representatives)
        if pdf is not None:  # the PDF stored at signing
            version.pdf_file = StoredFile.from_bytes("umowa.pdf", "application/pdf", pdf)
        db.session.flush()
    if paid:
        for tranche in version.tranches:
            db.session.add(Payment(contract_id=contract.id, tranche_number=tranche.number,
                                   paid_on=tranche.due_on, amount=tranche.amount,
                                   bank_reference=f"PRZELEW/{contract.id}/{tranche.number}",
                                   recorded_by_id=world.finance.id))
    if signed:
        ensure_final_reports(contract, actor=world.officer)
    db.session.flush()
    return contract
