"""Reading the start page in tests: the count of each group of each section."""

from __future__ import annotations

import re

_SECTION = re.compile(r'data-section="(\w+)"')
_GROUP = re.compile(r'data-group="(\w+)".*?data-count="(\d+)"', re.S)


def counts(html: str) -> dict[str, dict[str, int]]:
    """{section: {group: count}} of the groups shown (a group with nothing is not shown)."""
    parts = _SECTION.split(html)
    return {parts[i]: {g: int(n) for g, n in _GROUP.findall(parts[i + 1])}
            for i in range(1, len(parts), 2)}


def group_html(html: str, section: str, group: str) -> str:
    part = html.split(f'data-section="{section}"', 1)[1].split("data-section=", 1)[0]
    if f'data-group="{group}"' not in part:
        return ""
    return part.split(f'data-group="{group}"', 1)[1].split("data-group=", 1)[0]
