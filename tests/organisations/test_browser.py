"""The claim on a verified organisation and a rename awaiting verification in a real browser:
axe WCAG 2.1 A/AA on the pages that show them."""

from __future__ import annotations

import pytest

from grants.extensions import db
from grants.organisations import services
from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD, VALID_NIPS, make_user
from tests.support.organisations import org_data

pytestmark = pytest.mark.browser


def test_claim_and_pending_rename_pages(page, axe, world):
    claim = services.register_organisation(actor=make_user(),
                                           data=org_data(nip=VALID_NIPS[1], name="Fundacja Ta Sama"))
    org = world.ngo_x
    services.update_organisation(org, actor=world.ngo_admin, data=org_data(
        name="Fundacja Nowa Nazwa", legal_form="foundation", krs=org.krs, nip=org.nip,
        regon=org.regon, iban=org.iban, signing_rule=org.signing_rule,
        representatives=[{"full_name": r.full_name, "function": r.function,
                          "signs_alone": r.signs_alone} for r in org.representatives]))
    db.session.commit()
    browser_login(page, world.officer.email, PASSWORD)
    for path, text in ((f"/organisations/{claim.id}", "Zgłoszenie do organizacji już"),
                       (f"/organisations/{world.ngo_y.id}", "Inne rejestracje"),
                       ("/organisations/staff", "zgłoszenie do zweryfikowanej"),
                       (f"/organisations/{org.id}", "Zmiana czeka na weryfikację")):
        page.goto(path)
        assert text in page.inner_text("main")
        axe(page)
