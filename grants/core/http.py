"""Request-level guards shared by every blueprint."""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# PostgreSQL's integer; a larger id in a URL is simply not found (not a 500).
MAX_ID = 2**31 - 1
# The last page a list shows (an offset beyond it is no use to anyone, and a huge one overflows
# the database's LIMIT/OFFSET).
MAX_PAGE = 100_000


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


def bound_page_number():
    """`?page=` of every list: a whole number from 1 to MAX_PAGE, else the first page
    (`page=-1`, `page=abc`, `page=9223372036854775808` never reach a query)."""
    value = request.args.get("page")
    if value is None or (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE):
        return
    request.args = ImmutableMultiDict(
        [(k, "1" if k == "page" else v) for k, v in request.args.items(multi=True)])
