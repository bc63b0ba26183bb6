"""Money: Decimal end to end, one rounding helper, Polish parsing and formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from grants.core.i18n import N_

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")


def q(amount: Decimal | int | str) -> Decimal:
    """Quantize to the grosz, half up (the one rounding rule for amounts)."""
    if isinstance(amount, float):  # pragma: no cover - a programming error
        raise TypeError("money is never a float")
    return Decimal(amount).quantize(GROSZ, rounding=ROUND_HALF_UP)


class AmountError(ValueError):
    """`str(exc)` is the Polish message; `msgid` and `values` let a form show it translated."""

    def __init__(self, msgid: str, **values: str):
        super().__init__(msgid % values if values else msgid)
        self.msgid = msgid
        self.values = values


def parse_amount(text: str) -> Decimal:
    """Parse an amount typed the Polish way ("1 234,56", "1234.56", "1 234 zł").

    Raises AmountError (a ValueError) with a Polish message on anything else.
    """
    if text is None:
        raise AmountError(N_("Podaj kwotę."))
    cleaned = (
        str(text).replace("\xa0", "").replace(" ", "").replace("zł", "").replace("PLN", "")
    )
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
        if not value.is_finite():
            raise InvalidOperation
        if value != value.quantize(GROSZ):
            raise AmountError(N_("Kwota może mieć najwyżej dwa miejsca po przecinku (grosze)."))
    except ArithmeticError as exc:  # InvalidOperation, Overflow ("1e400")
        raise AmountError(N_("„%(text)s” nie jest kwotą (np. 1234,56)."), text=str(text)) from exc
    if abs(value) >= Decimal("1000000000000"):
        raise AmountError(N_("Kwota jest zbyt duża."))
    return value


def format_amount(value: Decimal | int, locale: str = "pl") -> str:
    """The number as the interface shows it, without the currency, to the grosz (half up):
    pl "1 234,56" (no-break spaces), en "1,234.56"."""
    if isinstance(value, float):  # pragma: no cover - a programming error
        raise TypeError("money is never a float")
    text = f"{q(value):,.2f}"
    if locale == "en":
        return text
    return text.replace(",", "\xa0").replace(".", ",")


def share_pct(part: Decimal, total: Decimal) -> Decimal:
    """Percentage of `part` in `total`, to 2 decimals; 0 when the total is 0."""
    if not total:
        return ZERO
    return (Decimal(part) * 100 / Decimal(total)).quantize(GROSZ, rounding=ROUND_HALF_UP)
