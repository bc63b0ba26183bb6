"""Marking messages for translation where they are written, translating them where shown.

Services, rules and validators run outside requests (CLI, tests, reminders) and must not
depend on the user's language, so they raise their Polish messages unchanged: `N_("...")`
only marks a literal for `pybabel extract -k N_`. Views, templates and the error handlers
translate the message when they show it (`translate(exc.message)`).

A message with values (amounts, dates, names) is written once, with its parameters:
`msg("Kwota %(amount)s przekracza limit %(limit)s.", amount=..., limit=...)` (or
`_l(...)` with the same arguments, which a DomainError turns into one). It is a `str` -
the Polish text, with amounts and dates in Polish form, is what services, logs and tests
see - that carries its msgid and values, so `translate` shows it in the viewer's language,
amounts (Decimal) and dates formatted in the viewer's locale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def N_(message: str) -> str:
    """Mark `message` for extraction; return it unchanged (translated at display time)."""
    return message


class Message(str):
    """A Polish message with its parameters (see the module's text)."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any]):
        text = _interpolate(msgid, params, polish=True)
        obj = super().__new__(cls, text)
        obj.msgid, obj.params = msgid, dict(params)
        return obj

    def __reduce__(self):  # copy / pickle keep the msgid and values
        return (Message, (self.msgid, self.params))


def msg(msgid: str, **params: Any) -> Message:
    """A message with values, translated where shown (extracted with `-k msg`)."""
    return Message(msgid, params)


def as_message(message: Any) -> Any:
    """A lazy `_l("...", **values)` as a Message (its msgid and values kept); anything else
    as it is."""
    args, kwargs = getattr(message, "_args", None), getattr(message, "_kwargs", None)
    if args and isinstance(args[0], str) and kwargs is not None:
        return Message(args[0], kwargs) if kwargs else args[0]
    return message


# How values are shown: (type, polish?) -> function; grants.core.formatting fills it in (it
# imports this module, through money, so this module cannot import it).
FORMATTERS: dict[tuple[type, bool], Any] = {}


def _value(value: Any, polish: bool) -> Any:
    if not polish and (isinstance(value, Message) or hasattr(value, "_args")):
        return translate(value)
    for kind in (dt.datetime, dt.date, Decimal):  # datetime first: it is a date too
        if isinstance(value, kind) and (kind, polish) in FORMATTERS:
            return FORMATTERS[kind, polish](value)
    return value


def _interpolate(text: str, params: dict[str, Any], *, polish: bool) -> str:
    values = {k: _value(v, polish) for k, v in params.items()}
    try:
        return text % values if values else text
    except (KeyError, ValueError, TypeError):
        return text


def translate(message: Any) -> Any:
    """`message` in the viewer's language: a Message with its values formatted in the
    viewer's locale, a lazy string as it renders, a plain msgid through the catalogue."""
    from flask_babel import gettext

    message = as_message(message)
    if isinstance(message, Message):
        return _interpolate(gettext(message.msgid), message.params, polish=False)
    if isinstance(message, str) and message:
        return gettext(message)
    return message


def translated(messages):
    """translate() over a list of messages computed elsewhere."""
    return [translate(m) for m in messages]
