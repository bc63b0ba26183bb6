"""Grouped bar charts drawn on the server as inline SVG (no JavaScript; no style attributes,
which the CSP forbids: the template writes SVG presentation attributes only).

`bar_chart(categories, series)` is a pure function from the figures to the geometry the
template draws: bars, value axis ticks, category labels, legend and fill patterns. Meaning is
never carried by colour alone: every series has its own fill pattern (solid, stripes, dots), a
legend entry drawn with the same pattern, and each bar has a <title> with its figure; the page
shows the same figures as a table next to the chart. Amounts stay Decimal; only coordinates are
computed (and written with one decimal place).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

# Dark enough for 3:1 against white (WCAG 1.4.11), distinguishable with colour blindness.
PALETTE = ("#0b5394", "#a84b00", "#1b6e3a")
PATTERNS = ("solid", "stripes", "dots")
COORD = Decimal("0.1")


@dataclass(frozen=True)
class Series:
    key: str
    label: str                     # shown as written (translate before)
    values: Sequence[Decimal]      # one per category


@dataclass(frozen=True)
class Fill:
    id: str                        # the <pattern> id (unique on the page)
    colour: str
    kind: str                      # solid | stripes | dots


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    fill: Fill
    series_label: str
    category: str
    value: Decimal


@dataclass(frozen=True)
class Tick:
    y: str
    value: Decimal


@dataclass(frozen=True)
class Category:
    x: str                         # centre of the group
    label: str


@dataclass(frozen=True)
class LegendEntry:
    x: str
    y: str
    text_x: str
    text_y: str
    fill: Fill
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int                    # y of the baseline
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    legend: list[LegendEntry]
    fills: list[Fill]
    top_value: Decimal

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


def _c(value: Decimal) -> str:
    return str(Decimal(value).quantize(COORD))


def nice_step(maximum: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if maximum <= 0:
        return Decimal(1)
    raw = maximum / ticks
    exponent = raw.adjusted()
    power = Decimal(1).scaleb(exponent)
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if raw <= factor * power:
            return factor * power
    return Decimal(10) * power  # pragma: no cover - the loop always returns


def bar_chart(chart_id: str, categories: Sequence[str], series: Sequence[Series], *,
              width: int = 720, height: int = 320, left: int = 90, top: int = 16,
              right: int = 12, legend_height: int = 48) -> BarChart:
    """The geometry of a grouped bar chart: one group per category, one bar per series.

    The value axis runs from 0 to a round number above the largest value; a negative value
    (a month with more reversals than transfers) is drawn as no bar - the table shows it."""
    if not series or any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    fills = [Fill(id=f"{chart_id}-fill-{i}", colour=PALETTE[i % len(PALETTE)],
                  kind=PATTERNS[i % len(PATTERNS)]) for i in range(len(series))]
    bottom = height - legend_height - 28          # room for category labels below the axis
    plot_height = Decimal(bottom - top)
    plot_width = Decimal(width - left - right)
    maximum = max((Decimal(v) for s in series for v in s.values), default=Decimal(0))
    step = nice_step(maximum)
    top_value = (step * (maximum / step).to_integral_value(rounding=ROUND_CEILING)
                 if maximum > 0 else step)
    n = max(len(categories), 1)
    group = plot_width / n
    gap = group / 5
    bar_width = (group - gap) / len(series)
    bars = []
    for ci, category in enumerate(categories):
        x0 = Decimal(left) + group * ci + gap / 2
        for si, s in enumerate(series):
            value = Decimal(s.values[ci])
            h = plot_height * value / top_value if value > 0 else Decimal(0)
            bars.append(Bar(x=_c(x0 + bar_width * si), y=_c(Decimal(bottom) - h),
                            width=_c(bar_width), height=_c(h), fill=fills[si],
                            series_label=s.label, category=category, value=value))
    ticks = []
    value = Decimal(0)
    while value <= top_value:
        ticks.append(Tick(y=_c(Decimal(bottom) - plot_height * value / top_value),
                          value=value))
        value += step
    cats = [Category(x=_c(Decimal(left) + group * i + group / 2), label=label)
            for i, label in enumerate(categories)]
    legend_y = height - legend_height + 14
    slot = Decimal(width - left) / len(series)
    legend = [LegendEntry(x=_c(Decimal(left) + slot * i), y=str(legend_y),
                          text_x=_c(Decimal(left) + slot * i + 24), text_y=str(legend_y + 11),
                          fill=fills[i], label=s.label) for i, s in enumerate(series)]
    return BarChart(id=chart_id, width=width, height=height, left=left, top=top,
                    right=width - right, bottom=bottom, bars=bars, ticks=ticks,
                    categories=cats, legend=legend, fills=fills, top_value=top_value)
