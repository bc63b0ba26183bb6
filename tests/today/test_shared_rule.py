"""The start page and the reminder e-mails read reports and returns through one function
(grants.reminders.queries.due): no second copy of the rule. What one lists the other sends."""

from __future__ import annotations

from grants.reminders import queries as reminder_queries
from grants.reminders.services import send_reminders
from tests.conftest import login
from tests.support.today import TODAY, seed
from tests.today.support import counts


def test_the_page_and_the_reminders_share_the_rule(client, world, monkeypatch):
    seed(world, 1)
    calls = []
    original = reminder_queries.due

    def spy(on, **scope):
        calls.append(scope)
        return original(on, **scope)

    monkeypatch.setattr(reminder_queries, "due", spy)
    summary = send_reminders(TODAY)
    login(client, world.ngo_admin)
    shown = counts(client.get("/start").text)["ngo"]
    assert calls == [{}, {"organisation_ids": {world.ngo_x.id}}]
    # the NGO is e-mailed about what its page lists: 3 reports overdue, 1 correction asked,
    # 1 return overdue (each e-mail goes to the organisation's address and its admin)
    recipients = 2
    assert summary["report_overdue"] == shown["reports_due"] * recipients
    assert summary["correction_requested"] == shown["report_corrections"] * recipients
    assert summary["return_overdue"] == shown["returns_due"] * recipients


def test_the_scoped_rule_is_the_whole_rule_restricted(world):
    seed(world, 1)
    everything = reminder_queries.due(TODAY)
    mine = reminder_queries.due(TODAY, organisation_ids={world.ngo_x.id})
    assert [r.report_id for r in mine.reports] == [
        r.report_id for r in everything.reports if r.organisation_id == world.ngo_x.id]
    assert [r.part_id for r in mine.returns] == [
        r.part_id for r in everything.returns if r.organisation_id == world.ngo_x.id]
    assert reminder_queries.due(TODAY, organisation_ids={world.ngo_y.id}).reports == []
