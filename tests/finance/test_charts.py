"""The chart geometry (a pure function): round axis steps, bar heights proportional to the
figures, nothing drawn for zero or negative values, a pattern per series."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.finance.charts import Series, bar_chart, nice_step

D = Decimal


@pytest.mark.parametrize("maximum, step", [
    (D("0"), D("1")),
    (D("4"), D("1")),
    (D("26000.00"), D("10000")),     # 6 500 a tick -> 10 000
    (D("25200.00"), D("10000")),
    (D("3250"), D("1000")),          # 812.5 -> 1 000
    (D("8000"), D("2000")),
    (D("10000"), D("2500")),
    (D("0.02"), D("0.005")),
])
def test_nice_step(maximum, step):
    assert nice_step(maximum) == step


def test_bars_are_proportional_and_patterned():
    chart = bar_chart("c", ["sty", "lut"], [
        Series("paid", "Wypłacono", [D("26000.00"), D("13000.00")]),
        Series("settled", "Rozliczono", [D("0.00"), D("-5.00")]),
        Series("returned", "Zwrócono", [D("800.00"), D("0.00")]),
    ], height=320, top=16, legend_height=48)
    assert chart.top_value == D("30000")
    assert [t.value for t in chart.ticks] == [D(0), D(10000), D(20000), D(30000)]
    plot = D(chart.bottom - chart.top)
    heights = {(b.category, b.series_label): D(b.height) for b in chart.bars}
    assert heights[("sty", "Wypłacono")] == (plot * 26 / 30).quantize(D("0.1"))
    assert heights[("lut", "Wypłacono")] == (plot * 13 / 30).quantize(D("0.1"))
    assert heights[("lut", "Rozliczono")] == 0          # negative: no bar, the table shows it
    assert heights[("sty", "Rozliczono")] == 0
    assert all(D(b.y) + D(b.height) == chart.bottom for b in chart.bars)
    assert [f.kind for f in chart.fills] == ["solid", "stripes", "dots"]
    assert len({f.id for f in chart.fills}) == 3 and all(f.id.startswith("c-") for f in chart.fills)
    assert [e.label for e in chart.legend] == ["Wypłacono", "Rozliczono", "Zwrócono"]
    assert not chart.empty
    assert all(isinstance(b.value, Decimal) for b in chart.bars)


def test_an_empty_year_and_bad_input():
    chart = bar_chart("e", ["1"], [Series("paid", "Wypłacono", [D("0")])])
    assert chart.empty and chart.top_value == D(1)
    with pytest.raises(ValueError):
        bar_chart("x", ["1", "2"], [Series("paid", "Wypłacono", [D("1")])])
