"""Demo data modelled on MOPS Sopot, built through the services. `flask demo load` calls
load_demo(); idempotent. The accounts and their password are in people.py."""

from __future__ import annotations

from grants.demo.calls import load_competitions
from grants.demo.contracts import load_contracts
from grants.demo.evaluation import load_evaluation
from grants.demo.offers import file_demo_offers
from grants.demo.people import load_people


def load_demo() -> None:
    people = load_people()
    past = load_competitions(people.mops, people.officer)
    file_demo_offers(past, [people.orgs["found"], people.orgs["assoc"]])
    load_evaluation(past, people.officer, people.committee)
    load_contracts(people.mops, officer=people.officer, finance=people.finance,
                   admin=people.admin, orgs=people.orgs, users=people.org_admins)
