"""The settlement of a grant (settlement.md; names and signatures fixed by rules-interface.md).

Pure functions: no database, no Flask. Amounts are Decimal, dates are `datetime.date`; invalid
input is a ValueError with a clear message.

    U   = P - sum(G'_i)                                   unused
    allowed_i = G_i x (1 + x/100)                         item tolerance
    E_i = max(0, G'_i - allowed_i)                        excess over the item tolerance
    A_i = min(G'_i, allowed_i) - M_i                      eligible grant spend
    S   = max(0, A - (s + t/100) x T'), s = D / T         excess grant share (to the grosz)
    to return: U + E + M + S + R + B

Interpretation (documented): a złoty of an item's grant spend is counted once - eligible,
excess or misused. When the misused spend M_i is larger than min(G'_i, allowed_i) (part of
the misused money is also above the tolerance), the overlap is returned as misused (with its
earlier interest start) and taken out of E_i, so that E_i + M_i + A_i = G'_i and A_i >= 0.
With M_i <= min(G'_i, allowed_i) - every ordinary case - the formulas are exactly those of
settlement.md.

Due dates: U, R and B 15 days (the `return_days` of the rules in force; 15 when the caller
passes nothing - this module has no database) after the date by which the funds were to be
used, or 31 January of the next year when that date is 31 December (UFP art. 251 ust. 1, 3);
E, S and M 15 days after the finding date (art. 252 ust. 1); every due date moved off
Saturdays and public holidays (`deadlines.due_date`; 31 January itself may move).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from grants.core.deadlines import due_date

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")
RETURN_DAYS = 15


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(GROSZ, rounding=ROUND_HALF_UP)


@dataclass
class Item:
    code: str
    planned_total: Decimal
    planned_grant: Decimal
    actual_total: Decimal
    actual_grant: Decimal
    misused: Decimal = Decimal("0")


@dataclass
class Tranche:
    paid_on: date
    amount: Decimal


@dataclass
class SettlementInput:
    items: list[Item]
    tranches: list[Tranche]
    item_tolerance_pct: Decimal     # x, e.g. Decimal("10")
    share_tolerance_pp: Decimal     # t, e.g. Decimal("5")
    use_by: date                    # date by which the funds were to be used
    finding_date: date              # day the officer records the settlement findings
    revenues: Decimal = Decimal("0")
    bank_interest: Decimal = Decimal("0")


@dataclass
class SettlementResult:
    unused: Decimal                 # U
    excess_items: Decimal           # E
    misused: Decimal                # M
    excess_share: Decimal           # S
    revenues: Decimal               # R
    bank_interest: Decimal          # B
    total: Decimal                  # U + E + M + S + R + B
    unused_due: date                # for U, R and B
    excess_due: date                # for E and S
    misused_due: date               # for M


@dataclass
class ItemLine:
    """One item of the settlement table, as computed."""

    code: str
    planned_total: Decimal
    planned_grant: Decimal
    actual_total: Decimal
    actual_grant: Decimal
    allowed: Decimal                # G_i x (1 + x/100), to the grosz
    excess: Decimal                 # E_i
    misused: Decimal                # M_i
    eligible: Decimal               # A_i


@dataclass
class Breakdown:
    """Everything settle() computed: the result plus the figures a settlement page shows."""

    result: SettlementResult
    lines: list[ItemLine] = field(default_factory=list)
    paid: Decimal = ZERO                 # P
    grant_planned: Decimal = ZERO        # D
    total_planned: Decimal = ZERO        # T
    grant_spent: Decimal = ZERO          # sum(G'_i)
    total_actual: Decimal = ZERO         # T'
    eligible: Decimal = ZERO             # A
    share: Decimal = ZERO                # s = D / T, full precision
    share_limit_rate: Decimal = ZERO     # s + t/100, full precision
    share_limit: Decimal = ZERO          # (s + t/100) x T', to the grosz (for display)


def _money(value, what: str) -> Decimal:
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise ValueError(f"{what}: the amount must be a Decimal (got {value!r})")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{what}: the amount is not a number")
    if value < 0:
        raise ValueError(f"{what}: the amount must not be negative (got {value})")
    return value


def unused_due_date(use_by: date, return_days: int = RETURN_DAYS) -> date:
    """U, R, B: `return_days` after `use_by`; 31 January of the next year for a 31 December
    use-by date (UFP art. 251 ust. 1, 3); moved off Saturdays and public holidays."""
    if not isinstance(use_by, date):
        raise ValueError("use_by must be a date")
    if (use_by.month, use_by.day) == (12, 31):
        return due_date(date(use_by.year + 1, 1, 31), 0)
    return due_date(use_by, return_days)


def finding_due_date(finding_date: date, return_days: int = RETURN_DAYS) -> date:
    """E, S and M: `return_days` after the finding (UFP art. 252 ust. 1), moved off Saturdays
    and public holidays."""
    if not isinstance(finding_date, date):
        raise ValueError("finding_date must be a date")
    return due_date(finding_date, return_days)


def _checked_figures(data: SettlementInput, return_days: int):
    """The tolerances, revenues, bank interest and the grant paid, each checked:
    (x, t, revenues, bank interest, P)."""
    if not data.items:
        raise ValueError("no budget items to settle")
    codes = [it.code for it in data.items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"duplicate item codes: {', '.join(duplicates)}")
    x = _money(data.item_tolerance_pct, "item tolerance x")
    t = _money(data.share_tolerance_pp, "share tolerance t")
    revenues = _money(data.revenues, "revenues")
    bank_interest = _money(data.bank_interest, "bank interest")
    if isinstance(return_days, bool) or not isinstance(return_days, int) or return_days < 0:
        raise ValueError("return_days must be a non-negative integer")
    paid = ZERO
    for i, tr in enumerate(data.tranches, start=1):
        paid += _money(tr.amount, f"tranche {i}")
        if not isinstance(tr.paid_on, date):
            raise ValueError(f"tranche {i}: paid_on must be a date")
    return x, t, revenues, bank_interest, paid


def _checked_item(it: Item) -> tuple:
    """(code, planned total, planned grant, actual total, actual grant, misused), checked."""
    pt = _money(it.planned_total, f"item {it.code}: planned total")
    pg = _money(it.planned_grant, f"item {it.code}: planned grant")
    at = _money(it.actual_total, f"item {it.code}: actual total")
    ag = _money(it.actual_grant, f"item {it.code}: actual grant")
    mi = _money(it.misused, f"item {it.code}: misused")
    if pg > pt:
        raise ValueError(f"item {it.code}: planned grant {pg} above planned total {pt}")
    if ag > at:
        raise ValueError(f"item {it.code}: actual grant {ag} above actual total {at}")
    if mi > ag:
        raise ValueError(f"item {it.code}: misused {mi} above the item's actual grant {ag}")
    return it.code, pt, pg, at, ag, mi


def _item_line(code, pt, pg, at, ag, mi, *, factor: Decimal) -> ItemLine:
    """E_i above the tolerance, M_i, and what stays eligible; money both misused and above
    the tolerance is counted once, as misused."""
    allowed = _q(pg * factor)
    excess = max(ZERO, ag - allowed)
    kept = min(ag, allowed)
    overlap = max(ZERO, mi - kept)          # misused money also above the tolerance
    excess -= overlap
    eligible = kept - mi + overlap          # = max(0, kept - mi)
    return ItemLine(code, pt, pg, at, ag, allowed, _q(excess), _q(mi), _q(eligible))


def compute(data: SettlementInput, *, return_days: int = RETURN_DAYS) -> Breakdown:
    """The settlement with its per-item table and the share test figures."""
    x, t, revenues, bank_interest, paid = _checked_figures(data, return_days)
    checked = [_checked_item(it) for it in data.items]
    grant_planned = sum((c[2] for c in checked), ZERO)
    total_planned = sum((c[1] for c in checked), ZERO)
    grant_spent = sum((c[4] for c in checked), ZERO)
    total_actual = sum((c[3] for c in checked), ZERO)
    if total_planned <= 0:
        raise ValueError("the planned total cost is zero: the grant share cannot be computed")
    if grant_spent > paid:
        raise ValueError(f"grant spent {grant_spent} is more than the grant paid {paid}")

    lines = [_item_line(*c, factor=1 + x / 100) for c in checked]
    unused = _q(paid - grant_spent)
    excess_items = _q(sum((ln.excess for ln in lines), ZERO))
    misused = _q(sum((ln.misused for ln in lines), ZERO))
    eligible = _q(sum((ln.eligible for ln in lines), ZERO))
    share = grant_planned / total_planned
    rate = share + t / 100
    excess_share = max(ZERO, _q(eligible - rate * total_actual))
    total = unused + excess_items + misused + excess_share + _q(revenues) + _q(bank_interest)
    finding_due = finding_due_date(data.finding_date, return_days)
    result = SettlementResult(
        unused=unused, excess_items=excess_items, misused=misused, excess_share=excess_share,
        revenues=_q(revenues), bank_interest=_q(bank_interest), total=_q(total),
        unused_due=unused_due_date(data.use_by, return_days), excess_due=finding_due,
        misused_due=finding_due)
    return Breakdown(result=result, lines=lines, paid=_q(paid), grant_planned=grant_planned,
                     total_planned=total_planned, grant_spent=grant_spent,
                     total_actual=total_actual, eligible=eligible, share=share,
                     share_limit_rate=rate, share_limit=_q(rate * total_actual))


def settle(data: SettlementInput, *, return_days: int = RETURN_DAYS) -> SettlementResult:
    """U, E, M, S, R, B, their total and due dates (settlement.md)."""
    return compute(data, return_days=return_days).result


def split_payment(amount: Decimal, principal_left: Decimal,
                  interest_due: Decimal) -> tuple[Decimal, Decimal]:
    """A payment split between principal and interest in proportion to their amounts on the
    payment day (Tax Ordinance art. 55 § 2): (principal_part, interest_part).

    The interest part is amount x interest / (principal + interest) rounded half up to the
    grosz; the principal part is the rest (so the rounding remainder goes to the principal and
    the parts always sum to the amount). Paying everything owed pays both in full. More than
    is owed, a payment of nothing or negative figures are ValueErrors.
    """
    amount = _money(amount, "payment")
    principal_left = _money(principal_left, "principal left")
    interest_due = _money(interest_due, "interest due")
    if amount == 0:
        raise ValueError("the payment must be more than zero")
    owed = principal_left + interest_due
    if owed == 0:
        raise ValueError("nothing is owed")
    if amount > owed:
        raise ValueError(f"the payment {amount} is more than is owed ({owed})")
    interest_part = min(interest_due, _q(amount * interest_due / owed))
    principal_part = amount - interest_part
    if principal_part > principal_left:  # rounding at the edge: give the grosz to interest
        principal_part, interest_part = principal_left, amount - principal_left
    return _q(principal_part), _q(interest_part)
