"""Interest "as for tax arrears" (Tax Ordinance art. 53-56, 63 § 1, 54 § 1 pkt 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Rate:
    effective_from: date
    percent: Decimal  # yearly, e.g. Decimal("11.0")


def arrears_interest(amount: Decimal, first_day: date, last_day: date,
                     rates: Sequence[Rate], floor: Decimal = Decimal("8.70")) -> Decimal:
    """Every day from first_day to last_day inclusive; 365-day year; rounded to full złoty.

    Zero when the rounded total does not exceed `floor`.
    """
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if last_day < first_day:
        raise ValueError("last_day is before first_day")
    ordered = sorted(rates, key=lambda r: r.effective_from)
    if not ordered or first_day < ordered[0].effective_from:
        raise ValueError(f"no interest rate in force on {first_day.isoformat()}")
    total = Decimal("0")
    for i, rate in enumerate(ordered):
        period_start = max(first_day, rate.effective_from)
        next_start = ordered[i + 1].effective_from if i + 1 < len(ordered) else None
        period_end = last_day if next_start is None else min(last_day, next_start - timedelta(1))
        if period_end < period_start:
            continue
        days = (period_end - period_start).days + 1
        total += amount * days * Decimal(rate.percent) / Decimal(100) / Decimal(365)
    rounded = total.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return Decimal("0") if rounded <= floor else rounded
