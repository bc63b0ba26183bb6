"""Formats. Jinja filters in the user's language: Polish 1 234,56 zł, 24.12.2026, times in
Europe/Warsaw; English PLN 1,234.56 and ISO dates (2026-12-24). And the one Polish text form of
amounts, percentages and days that documents (PDF, e-mail) and services' messages use:
`pln`, `pct`, `day`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal
from flask_babel import get_locale
from markupsafe import Markup

from grants.core import clock, i18n
from grants.core.money import GROSZ, format_amount


def _locale() -> str:
    try:
        loc = get_locale()
    except (RuntimeError, KeyError):
        loc = None
    return str(loc) if loc else "pl"


def money(amount: Decimal | int | None, currency: str = "PLN") -> str:
    """1 234,56 zł in Polish; PLN 1,234.56 in English (the code spaced from the digits)."""
    if amount is None:
        return "–"
    loc = _locale()
    if loc == "pl":
        return format_currency(Decimal(amount), currency, locale=loc)
    return format_currency(Decimal(amount), currency, format="¤\xa0#,##0.00", locale=loc)


def number(value: Decimal | int | None, places: int = 2) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(Decimal(value), format=pattern, locale=_locale())


def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return format_decimal(Decimal(value), format="#,##0.##", locale=_locale()) + "\xa0%"


def date(value: dt.date | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = clock.to_local(value).date()
    loc = _locale()
    return _babel_date(value, "dd.MM.yyyy" if loc == "pl" else "yyyy-MM-dd", locale=loc)


def datetime(value: dt.datetime | None) -> str:
    """An instant shown in Warsaw time: 24.12.2026 12:00."""
    if value is None:
        return "–"
    local = clock.to_local(value)
    loc = _locale()
    pattern = "dd.MM.yyyy HH:mm" if loc == "pl" else "yyyy-MM-dd HH:mm"
    return _babel_datetime(local, pattern, tzinfo=clock.WARSAW, locale=loc)


def time_left(deadline: dt.datetime | None) -> str:
    """Polish/English phrase for the time left to a deadline."""
    from flask_babel import gettext

    if deadline is None:
        return ""
    delta = deadline - clock.now()
    if delta.total_seconds() <= 0:
        return gettext("termin minął")
    days = delta.days
    hours = delta.seconds // 3600
    minutes = (delta.seconds % 3600) // 60
    if days:
        return gettext("%(days)d dni %(hours)d godz.", days=days, hours=hours)
    return gettext("%(hours)d godz. %(minutes)d min", hours=hours, minutes=minutes)


def pln(amount: Decimal | int) -> str:
    """1 234,56 zł (no-break spaces), whatever the user's language: documents and messages."""
    return f"{format_amount(amount)}\xa0zł"


def pct(value: Decimal | int) -> str:
    """12,50 % (two decimals, half up)."""
    text = f"{Decimal(value).quantize(GROSZ, rounding=ROUND_HALF_UP)}".replace(".", ",")
    return f"{text}\xa0%"


def day(value: dt.date) -> str:
    """24.12.2026 (an instant: its day in Warsaw)."""
    if isinstance(value, dt.datetime):
        value = clock.to_local(value).date()
    return value.strftime("%d.%m.%Y")


def polish(value):
    """Polish content (a name, a title, what people typed) on a page in another language:
    marked `lang="pl"` (WCAG 3.1.2); on a Polish page, as it is. For text, never attributes."""
    if value is None or value == "" or _locale() == "pl":
        return value
    return Markup('<span lang="pl">%s</span>') % value


def lang_pl() -> dict[str, str]:
    """The attributes of an element holding Polish content: lang="pl" on a page in another
    language, none on a Polish page."""
    return {} if _locale() == "pl" else {"lang": "pl"}


FILTERS = {
    "pl": polish,
    "money": money,
    "number": number,
    "percent": percent,
    "date": date,
    "datetime": datetime,
    "time_left": time_left,
}

# how the values of messages (grants.core.i18n.Message) are shown: in Polish as written by the
# services, in the viewer's language where they are shown
i18n.FORMATTERS.update({
    (Decimal, True): pln, (dt.date, True): day,
    (dt.datetime, True): lambda v: clock.to_local(v).strftime("%d.%m.%Y %H:%M"),
    (Decimal, False): money, (dt.date, False): date, (dt.datetime, False): datetime,
})
