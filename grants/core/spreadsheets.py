"""Spreadsheet exports: injection-safe cells (STYLE.md: cells starting with = + - @ neutralised)."""

from __future__ import annotations

import pandas as pd

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would read as a formula, made plain text (leading apostrophe)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def safe_frame(rows: list[dict]) -> pd.DataFrame:
    """A DataFrame of `rows` with every text key and value neutralised."""
    return pd.DataFrame([{neutralise(k): neutralise(v) for k, v in r.items()} for r in rows])
