"""Request-level guards shared by every blueprint."""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# PostgreSQL's integer; a larger id in a URL is simply not found (not a 500).
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def strip_nul_bytes():
    """A NUL character cannot be stored in PostgreSQL text: drop it from every typed value."""
    for name in ("form", "args"):
        data = getattr(request, name)
        if any("\x00" in k or "\x00" in v for k, v in data.items(multi=True)):
            setattr(request, name, ImmutableMultiDict(
                [(k.replace("\x00", ""), v.replace("\x00", "")) for k, v in data.items(multi=True)]
            ))


def typed_id(text: str | None) -> int | None:
    """An id typed or chosen in a form field; None unless it is a whole number that fits the
    database's integer (a larger one is simply not found)."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) <= MAX_ID else None
