"""Money: Decimal end to end, one rounding helper, amounts typed by people (parse_amount) and
shown to them (format_amount) in the interface's language (rules-interface.md)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from grants.core.i18n import N_

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")
TOO_BIG = Decimal("1000000000000")
LOCALES = ("pl", "en")

# a Polish or English amount: its decimal mark and the marks that may group thousands
_MARKS = {"pl": (",", (" ", ".")), "en": (".", (",", " "))}
_SPACES = re.compile("[\xa0\u202f\u2009]")
_CURRENCIES = ("pln", "zł")
_MAX_LENGTH = 60

EMPTY = N_("Podaj kwotę.")
INVALID = N_("„%(text)s” nie jest kwotą – wpisz ją tak: %(example)s.")
AMBIGUOUS = N_("„%(text)s” można odczytać jako dwie różne kwoty – wpisz ją tak: %(example)s.")
DECIMALS = N_("Kwota może mieć najwyżej dwa miejsca po przecinku (grosze) – wpisz ją tak: "
              "%(example)s.")
TOO_LARGE = N_("Kwota jest zbyt duża.")


def q(amount: Decimal | int | str) -> Decimal:
    """Quantize to the grosz, half up (the one rounding rule for amounts)."""
    if isinstance(amount, float):  # pragma: no cover - a programming error
        raise TypeError("money is never a float")
    return Decimal(amount).quantize(GROSZ, rounding=ROUND_HALF_UP)


class AmountError(ValueError):
    """`str(exc)` is the Polish message; `msgid` and `values` let a form show it translated;
    `kind` says why: empty, invalid, ambiguous, decimals or too_big."""

    def __init__(self, msgid: str, kind: str = "invalid", **values: str):
        super().__init__(msgid % values if values else msgid)
        self.msgid = msgid
        self.kind = kind
        self.values = values


def _locale(locale: str) -> str:
    code = str(locale or "").replace("-", "_").split("_")[0].lower()
    if code not in LOCALES:
        raise ValueError(f"unknown locale for amounts: {locale!r} (pl or en)")
    return code


def _strip_currency(text: str) -> str:
    """The text without one "zł" / "PLN" before or after the number."""
    lower = text.lower()
    for code in _CURRENCIES:
        if lower.startswith(code):
            return text[len(code):].strip()
    for code in _CURRENCIES:
        if lower.endswith(code):
            return text[:-len(code)].strip()
    return text


def _sign_and_number(text: str) -> tuple[str, str]:
    """("-" or "", the number's text) of what was typed, spaces unified, currency removed."""
    text = _SPACES.sub(" ", text).strip()
    sign = ""
    if text[:1] in ("-", "\u2212"):
        sign, text = "-", text[1:].strip()
    text = _strip_currency(text)
    if not sign and text[:1] in ("-", "\u2212"):
        sign, text = "-", text[1:].strip()
    return sign, text


def _integer(text: str, groupings: tuple[str, ...]) -> str | None:
    """The digits of an integer part: plain digits, or thousands in groups of three separated
    by one of `groupings` (one kind only); None otherwise."""
    if re.fullmatch(r"[0-9]+", text):
        return text
    for mark in groupings:
        groups = text.split(mark)
        if (len(groups) > 1 and re.fullmatch(r"[0-9]{1,3}", groups[0])
                and all(re.fullmatch(r"[0-9]{3}", g) for g in groups[1:])):
            return "".join(groups)
    return None


def _split(text: str, locale: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(integer part, fraction or None, thousands marks allowed in the integer part)."""
    decimal, groupings = _MARKS[locale]
    if decimal in text:
        whole, _mark, fraction = text.partition(decimal)
        return whole, fraction, groupings
    if locale == "pl" and text.count(".") == 1 and re.search(r"\.[0-9]{1,2}$", text):
        whole, _mark, fraction = text.partition(".")   # "1234.56" pasted from elsewhere
        return whole, fraction, (" ",)
    return text, None, groupings


def _number(text: str, locale: str) -> Decimal | None:
    """The unsigned amount `text` is in `locale`, or None when it is not one."""
    whole, fraction, groupings = _split(text, locale)
    digits = _integer(whole, groupings)
    if digits is None:
        return None
    if fraction is None:
        return Decimal(digits)
    if not re.fullmatch(r"[0-9]{1,2}", fraction):
        return None
    return Decimal(f"{digits}.{fraction}")


def _shown(original: str) -> str:
    shown = original.strip()
    return shown if len(shown) <= 30 else shown[:29] + "…"


def _refusal(original: str, number: str, locale: str) -> AmountError:
    example = format_amount(Decimal("1234.56"), locale)
    shown = _shown(original)
    decimal = _MARKS[locale][0]
    if re.search(rf"\{decimal}[0-9]{{3,}}$", number) and number.count(decimal) == 1:
        return AmountError(DECIMALS, "decimals", example=example)
    other = "en" if locale == "pl" else "pl"
    if _number(number, other) is not None:
        return AmountError(AMBIGUOUS, "ambiguous", text=shown, example=example)
    return AmountError(INVALID, "invalid", text=shown, example=example)


def parse_amount(text: str, locale: str = "pl") -> Decimal:
    """An amount typed by a person in the interface's language ("pl" or "en"); never guessed.

    pl: decimal comma; thousands grouped by space, no-break space or dot, in groups of three;
    a single dot followed by one or two digits and no comma is a decimal point ("1234.56").
    en: decimal point; thousands grouped by comma or space, in groups of three.
    "zł" / "PLN" before or after the number are allowed; a leading minus is kept. Input that
    could mean two amounts, more than two decimal places, exponents, NaN or infinities raise
    AmountError (a ValueError) with a message that shows the expected form.
    """
    locale = _locale(locale)
    if text is None or not str(text).strip():
        raise AmountError(EMPTY, "empty")
    original = str(text)
    if len(original) > _MAX_LENGTH:
        raise AmountError(INVALID, "invalid", text=_shown(original),
                          example=format_amount(Decimal("1234.56"), locale))
    sign, number = _sign_and_number(original)
    value = _number(number, locale)
    if value is None:
        raise _refusal(original, number, locale)
    if value >= TOO_BIG:
        raise AmountError(TOO_LARGE, "too_big")
    return -value if sign and value else value


def format_amount(value: Decimal | int, locale: str = "pl") -> str:
    """The number as the interface shows it, without the currency, to the grosz (half up):
    pl "1 234,56" (no-break spaces), en "1,234.56"."""
    if isinstance(value, float):  # pragma: no cover - a programming error
        raise TypeError("money is never a float")
    text = f"{q(value):,.2f}"
    if _locale(locale) == "en":
        return text
    return text.replace(",", "\xa0").replace(".", ",")


def share_pct(part: Decimal, total: Decimal) -> Decimal:
    """Percentage of `part` in `total`, to 2 decimals; 0 when the total is 0."""
    if not total:
        return ZERO
    return (Decimal(part) * 100 / Decimal(total)).quantize(GROSZ, rounding=ROUND_HALF_UP)
