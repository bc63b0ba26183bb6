"""`send_reminders` against the local SMTP sink: the right e-mails to the right people, nothing
twice on a second run the same day, only new occasions the next day; the CLI command; two
concurrent runs on PostgreSQL send each e-mail once."""

from __future__ import annotations

import datetime as dt
import os
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from grants.extensions import db
from grants.reminders.models import ReminderSent
from grants.reminders.services import send_reminders
from tests.support.contract_factory import make_contract
from tests.support.finance import (
    ask_corrections,
    call_for_report,
    final_report,
    partial_report,
    settle_example,
)

A = dt.date
D = Decimal
NGO = ["biuro0@example.org", "ngo.admin@example.org"]   # organisation X's address, its admin
OFFICER = "urzednik@example.org"                        # officer of organiser A


def _run(on):
    summary = send_reminders(on)
    db.session.commit()
    return summary


def _nonzero(summary):
    return {k: v for k, v in summary.items() if v}


def test_report_due_soon_then_overdue_then_digest(world, mailbox):
    contract = make_contract(world)                   # final report due 2026-11-30
    db.session.commit()
    assert _nonzero(_run(A(2026, 11, 22))) == {}      # due in 8 days: nothing
    assert _nonzero(_run(A(2026, 11, 23))) == {"report_due_soon": 2}
    assert sorted(m["To"] for m in mailbox) == NGO
    body = mailbox[0].get_content()
    assert contract.number in body and "30.11.2026" in body
    assert f"http://localhost/sprawozdania/{final_report(contract).id}" in body
    assert "Przypomnienie" in mailbox[0]["Subject"]

    mailbox.clear()
    assert _nonzero(_run(A(2026, 11, 23))) == {"already_sent": 2}   # same day again
    assert _nonzero(_run(A(2026, 11, 30))) == {"already_sent": 2}   # same due date, due today
    assert mailbox == []

    summary = _run(A(2026, 12, 1))                    # overdue by one day
    assert _nonzero(summary) == {"report_overdue": 2, "officer_digest": 1}
    assert sorted(m["To"] for m in mailbox) == sorted([*NGO, OFFICER])
    digest = next(m for m in mailbox if m["To"] == OFFICER)
    assert contract.number in digest.get_content() and "Sprawozdania po terminie (1)" in \
        digest.get_content()
    overdue = next(m for m in mailbox if m["To"] == NGO[0]).get_content()
    assert "upłynął termin" in overdue and "7 dni" in overdue

    mailbox.clear()
    assert _nonzero(_run(A(2026, 12, 1))) == {"already_sent": 3}
    assert _nonzero(_run(A(2026, 12, 2))) == {"officer_digest": 1, "already_sent": 2}
    assert [m["To"] for m in mailbox] == [OFFICER]

    # a written call gives 7 more days: a new occasion (due soon, then overdue again)
    mailbox.clear()
    call_for_report(final_report(contract), delivered_on=A(2026, 12, 3), due_on=A(2026, 12, 10))
    db.session.commit()
    assert _nonzero(_run(A(2026, 12, 3))) == {"report_due_soon": 2}
    assert "wezwaniu" in mailbox[0].get_content()
    assert db.session.scalar(select(func.count()).select_from(ReminderSent)) == 2 + 2 + 1 + 1 + 2


def test_returns_due_soon_and_overdue_with_interest(world, mailbox):
    contract = make_contract(world, paid=True)
    settlement = settle_example(contract)             # U 200 due 16.11; E 200 + S 400 due 28.12
    settlement.parts[0].principal = D("2000.00")
    db.session.commit()
    summary = _run(A(2026, 12, 21))
    assert _nonzero(summary) == {"return_due_soon": 4, "return_overdue": 2,
                                 "officer_digest": 1}
    overdue = [m for m in mailbox if "po terminie" in m["Subject"] and m["To"] in NGO]
    assert len(overdue) == 2
    text = overdue[0].get_content()
    # 2 000.00 from 17.11 to 21.12: 35 days at 10.5 % (shipped rate) = 20.14 -> 20 zł
    assert "2\xa0000,00\xa0zł" in text and "20,00\xa0zł" in text and "2\xa0020,00\xa0zł" in text
    assert f"http://localhost/rozliczenia/{settlement.id}" in text
    soon = [m.get_content() for m in mailbox if m["Subject"].startswith("Przypomnienie")]
    assert len(soon) == 4 and any("400,00\xa0zł" in t for t in soon)
    digest = next(m for m in mailbox if m["To"] == OFFICER).get_content()
    assert "Zwroty po terminie (1)" in digest and "Sprawozdania po terminie" not in digest

    mailbox.clear()
    assert _nonzero(_run(A(2026, 12, 22))) == {"officer_digest": 1, "already_sent": 6}
    assert _nonzero(_run(A(2026, 12, 29))) == {"return_overdue": 4, "officer_digest": 1,
                                               "already_sent": 2}


def test_correction_requested_once_per_deadline_then_overdue(world, mailbox):
    contract = make_contract(world)
    report = ask_corrections(partial_report(contract, due_on=A(2026, 6, 1)), A(2026, 12, 15))
    partial_report(contract, due_on=A(2026, 12, 30), sequence=2)    # not due within 7 days
    db.session.commit()
    assert _nonzero(_run(A(2026, 11, 1))) == {"correction_requested": 2}
    assert "Korekta sprawozdania do 15.12.2026" in mailbox[0]["Subject"]
    assert _nonzero(_run(A(2026, 11, 2))) == {"already_sent": 2}
    report.correction_due = A(2026, 12, 18)          # a new deadline: a new occasion
    db.session.commit()
    mailbox.clear()
    assert _nonzero(_run(A(2026, 11, 3))) == {"correction_requested": 2}
    assert "18.12.2026" in mailbox[0].get_content()
    mailbox.clear()
    summary = _run(A(2026, 12, 19))       # the correction and the final report (30.11) overdue
    assert summary["report_overdue"] == 4 and summary["officer_digest"] == 1
    assert len([m for m in mailbox if "korekty" in m["Subject"]]) == 2
    digest = next(m for m in mailbox if m["To"] == OFFICER).get_content()
    assert "Sprawozdania po terminie (2)" in digest and "korekta sprawozdania" in digest


def test_nobody_else_is_written_to(world, mailbox):
    """Organisation Y, its members, organiser B's officer and non-admin members get nothing."""
    make_contract(world)
    make_contract(world, organiser=world.org_b, organisation=world.ngo_y)
    db.session.commit()
    _run(A(2026, 12, 1))
    recipients = {m["To"] for m in mailbox}
    assert recipients == {*NGO, OFFICER, "biuro1@example.org", "ngo.inna@example.org",
                          "urzednik.b@example.org"}
    to_b = next(m for m in mailbox if m["To"] == "urzednik.b@example.org").get_content()
    assert world.ngo_x.name not in to_b
    assert "ngo.czlonek@example.org" not in recipients


def test_cli_command(app, world, mailbox):
    make_contract(world)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "send", "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Reminders for 2026-11-23" in result.output
    assert "report_due_soon        2" in result.output
    assert len(mailbox) == 2
    result = runner.invoke(args=["reminders", "send", "--date", "2026-11-23"])
    assert result.exit_code == 0 and "already_sent           2" in result.output
    assert len(mailbox) == 2
    result = runner.invoke(args=["reminders", "send", "--date", "23.11.2026"])
    assert result.exit_code != 0 and "23.11.2026" in result.output


@pytest.mark.committing
@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="SQLite serialises writers; the concurrent insert wait is "
                           "PostgreSQL's")
def test_two_concurrent_runs_send_each_mail_once_on_postgresql(app, world, mailbox):
    make_contract(world, paid=True)
    contract = make_contract(world, paid=True)
    settle_example(contract)
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)
    outcomes: dict[str, object] = {}

    def server(name):
        from grants.cli import public_request_context

        with public_request_context(app):
            try:
                barrier.wait()
                outcomes[name] = send_reminders(A(2026, 12, 21))
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                outcomes[name] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=server, args=(n,)) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(isinstance(o, dict) for o in outcomes.values()), outcomes
    sent = sorted((m["To"], m["Subject"], m.get_content()) for m in mailbox)
    assert sent and len(sent) == len(set(sent)), sent
    total = sum(o[k] for o in outcomes.values() for k in o if k != "already_sent")
    assert total == len(sent) == db.session.scalar(
        select(func.count()).select_from(ReminderSent))
    # every claim was tried by both runs: one sent it, the other found it taken
    assert sum(o["already_sent"] for o in outcomes.values()) == len(sent)
