"""Messages with values that services and rules give are written with `msg()` (the Polish
msgid and its values, grants.core.i18n), never as f-strings: an f-string's text is not in the
catalogue, so it stays Polish in the English interface (issue 9).

The scan reads the code (ast): the message argument of a refusal (DomainError and its kinds),
of a `Problem`, of `refuse` and of `flash` must not be an f-string, a `.format()` or a `%`.
"""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from flask_babel import force_locale, refresh

from grants.contracts import rules as contract_rules
from grants.core.i18n import translate
from grants.offers import costs
from grants.taskreports import rules as report_rules
from tests.core.test_i18n import MO, _compile
from tests.support.organisations import as_user

ROOT = Path(__file__).resolve().parents[1]

# Where the message is among the positional arguments (0 unless listed).
MESSAGE_ARGUMENT = {"Problem": 1, "refuse": 1}
REFUSALS = {"DomainError", "ValidationFailed", "NotAllowed", "NotFound", "InvalidTransition",
            "DeadlinePassed", "BudgetExceeded", "Problem", "refuse", "flash"}

# Areas whose messages are not converted yet (none left).
PENDING: set[str] = set()


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _built_text(node: ast.AST) -> bool:
    """An f-string with values, a `.format()` call or a `%` / `+` that builds one."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute) and node.func.attr == "format"
    if isinstance(node, ast.BinOp):
        literal = isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
        return (isinstance(node.op, ast.Mod) and literal) or (
            isinstance(node.op, ast.Add) and (_built_text(node.left) or _built_text(node.right)))
    return False


def built_messages(source: str) -> list[int]:
    """The lines where a refusal or a flash gets a message built in place."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node) not in REFUSALS:
            continue
        i = MESSAGE_ARGUMENT.get(_name(node), 0)
        candidates = node.args[i:i + 1] + [k.value for k in node.keywords if k.arg == "message"]
        if any(_built_text(a) for a in candidates):
            lines.append(node.lineno)
    return lines


@pytest.mark.pure
@pytest.mark.parametrize("source, found", [
    ('raise ValidationFailed(f"Kwota {x} za duża.")', True),
    ('raise ValidationFailed("Kwota {} za duża.".format(x))', True),
    ('raise NotAllowed("Kwota %s za duża." % x)', True),
    ('flash(f"Zapisano {n} pozycji.")', True),
    ('problems.append(Problem("grant", f"Dotacja {pln(x)}."))', True),
    ('problems.append(Problem(f"items-{i}-grant", N_("Podaj kwotę.")))', False),  # the field
    ('raise ValidationFailed(msg("Kwota %(x)s za duża.", x=x))', False),
    ('raise ValidationFailed(N_("Kwota za duża."))', False),
])
def test_the_scan_finds_messages_built_in_place(source, found):
    assert bool(built_messages(source)) is found


@pytest.mark.pure
def test_no_service_or_rule_message_is_built_with_an_f_string():
    found = []
    for path in sorted((ROOT / "grants").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if any(relative.startswith(area + "/") for area in PENDING):
            continue
        found += [f"{relative}:{line}" for line in built_messages(path.read_text())]
    assert not found, "messages built in place (use grants.core.i18n.msg):\n" + "\n".join(found)


# ---------------------------------------------------------------- shown in English

@pytest.fixture(scope="module", autouse=True)
def english_catalogue():
    _compile(MO)  # the catalogue as it is now (a bare pytest run has not compiled it)


def _in_english(message) -> str:
    refresh()
    with force_locale("en"):
        return translate(message)


def test_a_report_filed_too_early_says_so_in_english():
    [problem] = report_rules.timing_problems(partial=True, period_end=dt.date(2026, 6, 30),
                                            filed_on=dt.date(2026, 6, 30))
    assert problem.message == ("Sprawozdanie częściowe można złożyć dopiero po zakończeniu "
                               "okresu, którego dotyczy (30.06.2026) - najwcześniej 01.07.2026.")
    assert _in_english(problem.message) == (
        "A partial report can be filed only after the period it covers ends (2026-06-30) - "
        "on 2026-07-01 at the earliest.")


def test_a_tranche_schedule_off_the_grant_says_so_in_english():
    rows = [contract_rules.TrancheRow(None, dt.date(2026, 3, 1), Decimal("1000.00"), "none")]
    [problem] = contract_rules.check_tranches(rows, Decimal("1500.00"))
    assert problem.message == ("Suma transz (1\xa0000,00\xa0zł) musi być równa kwocie dotacji "
                               "(1\xa0500,00\xa0zł); różnica 500,00\xa0zł.")
    assert _in_english(problem.message) == (
        "The tranches (PLN\xa01,000.00) must add up to the grant (PLN\xa01,500.00); the "
        "difference is PLN\xa0500.00.")


def test_a_cost_row_label_inside_a_message_is_translated_too():
    row = costs.CostLine(section="I", action_no=1, name="Posiłki", unit="szt.",
                         unit_cost=Decimal("-1"), units=Decimal("10"), grant_part=Decimal("0"))
    problems = costs.check_cost_items([row])
    assert [p.message for p in problems] == ["Pozycja I.1.1: koszt jednostkowy nie może być "
                                             "ujemny."]
    assert _in_english(problems[0].message) == "Item I.1.1: the unit cost cannot be negative."


def _english(client):
    client.post("/language", data={"lang": "en"})
    refresh()


def test_an_admins_refusal_with_values_is_shown_in_english(client, world):
    as_user(client, world.admin)
    _english(client)
    data = {"action": "grant", "email": world.officer.email, "organiser_id": world.org_a.id,
            "role": "officer"}
    response = client.post("/admin/users", data=data)
    assert response.status_code == 200
    assert "Urszula Urzędniczka already has this role at organiser MOPS." in response.text
    assert "ma już tę rolę" not in response.text


def test_a_field_limit_is_shown_in_english(client, world):
    as_user(client, world.admin)
    _english(client)
    response = client.post("/admin/organisers", data={
        "name": "Urząd Miasta Sopotu", "short_name": "X" * 41,
        "authority": "Prezydent Miasta Sopotu"})
    assert response.status_code == 200
    assert "At most 40 characters." in response.text
    assert "Najwyżej 40 znaków" not in response.text


def test_a_small_grant_over_its_duration_says_so_in_english():
    from grants.smallgrants import rules as small_rules

    [problem] = small_rules.check_duration(dt.date(2026, 1, 1), dt.date(2026, 4, 1), 90)
    assert problem.message == ("Zadanie trwa 91 dni (01.01.2026 – 01.04.2026); w trybie "
                               "pozakonkursowym może trwać najwyżej 90 dni (najpóźniej do "
                               "31.03.2026).")
    assert _in_english(problem.message) == (
        "The task lasts 91 days (2026-01-01 – 2026-04-01); in the small-grant mode it may last "
        "at most 90 days (until 2026-03-31 at the latest).")
