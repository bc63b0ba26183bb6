"""A signed contract version is filed and frozen (grants.core.frozen): its content's SHA-256 is
recorded at signing, and any change to it or to its items, tranches and results is refused at
flush, however it is made; a new version (an annex) is a draft and may be edited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts import annexes, services, signing
from grants.contracts.models import ContractItem, ContractTranche, ContractVersion
from grants.core import clock
from grants.core.frozen import FrozenError
from grants.documents.filing import content_sha256
from grants.extensions import db
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_small_grant

D = Decimal


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC))


def _signed_version(world) -> ContractVersion:
    return make_contract(world).current_version


def test_signing_files_the_content_and_its_sha256(world):
    contract = services.generate_contract(make_small_grant(world), actor=world.officer)
    version = signing.sign_version(contract.current_version, actor=world.officer,
                                   signed_on=dt.date(2026, 2, 20), for_authority="Anna D.",
                                   for_organisation="Anna Kowalska, Jan Nowak")
    assert version.pdf_file is not None
    assert version.content_sha256 == content_sha256(signing.filed_content(version))
    assert len(version.content_sha256) == 64


@pytest.mark.parametrize("change", [
    lambda v: setattr(v, "end_date", v.end_date + dt.timedelta(days=1)),
    lambda v: setattr(v, "grant_total", v.grant_total - 1),
    lambda v: setattr(v, "signed_for_authority", "Ktoś inny"),
    lambda v: setattr(v, "signed_on", None),
    lambda v: setattr(v, "pdf_file_id", None) or setattr(v, "content_sha256", "0" * 64),
], ids=["date", "amount", "signatory", "unsign", "hash"])
def test_a_change_to_a_signed_version_is_refused_at_flush(world, change):
    version = _signed_version(world)
    change(version)
    with pytest.raises(FrozenError):
        db.session.flush()


@pytest.mark.parametrize("change", [
    lambda v: setattr(v.items[0], "planned_total", v.items[0].planned_total + 1),
    lambda v: v.items.append(ContractItem(position=9, code="III.1", name="Nowa",
                                          planned_total=D("1.00"), planned_grant=D("0.00"))),
    lambda v: v.tranches.remove(v.tranches[-1]),
    lambda v: setattr(v.tranches[0], "due_on", dt.date(2026, 3, 3)),
    lambda v: db.session.delete(v.results[0]),
    lambda v: db.session.add(ContractTranche(version_id=v.id, number=7, amount=D("1.00"),
                                             due_on=dt.date(2026, 7, 1))),
], ids=["item amount", "new item", "tranche removed", "tranche moved", "result deleted",
        "tranche added by id"])
def test_a_change_to_the_rows_of_a_signed_version_is_refused_at_flush(world, change):
    version = _signed_version(world)
    change(version)
    with pytest.raises(FrozenError):
        db.session.flush()


def test_a_signed_version_is_not_deleted(world):
    version = _signed_version(world)
    db.session.delete(version)
    with pytest.raises(FrozenError):
        db.session.flush()


def test_a_new_version_must_start_unsigned(world):
    contract = make_contract(world)
    base = contract.current_version
    contract.versions.append(ContractVersion(
        number=1, title=base.title, start_date=base.start_date, end_date=base.end_date,
        use_by=base.use_by, report_due=base.report_due, grant_total=base.grant_total,
        total_cost=base.total_cost, bank_account=base.bank_account,
        signed_on=dt.date(2026, 2, 1), signed_for_authority="A", signed_for_organisation="B"))
    with pytest.raises(FrozenError):
        db.session.flush()


def test_a_new_version_is_a_draft_that_may_change(world):
    contract = make_contract(world)
    annex = annexes.create_annex(contract, actor=world.officer, reason="Przesunięcie terminu")
    annex.tranches[1].due_on = dt.date(2026, 6, 15)
    annex.items[0].planned_total += 1
    db.session.flush()
    assert not annex.is_signed
    assert contract.versions[0].tranches[1].due_on == dt.date(2026, 6, 1)
