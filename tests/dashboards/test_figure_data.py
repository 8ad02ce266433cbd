"""The table behind each chart holds the numbers the chart draws."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboards import figures
from dashboards.figure_block import figure_block
from dashboards.figure_data import figure_table


def test_ranked_bars_give_a_row_per_district_with_its_value():
    values = pl.DataFrame(
        {"district": ["Gurugram", "Jhajjar", "Haryana"], "value": [0.61, 0.29, 0.45]}
    )
    header, rows = figure_table(figures.ranked_bar(values, "pass_approval_rate", "en"), "Item")
    assert header[0] == "Item" and len(header) == 2
    assert rows == [["Gurugram", "61"], ["Jhajjar", "29"]]


def test_a_line_per_trace_becomes_a_column_and_labels_lose_their_markup():
    fig = go.Figure(
        [
            go.Scatter(x=["Apr 2020", "May 2020"], y=[1.5, 2.0], name="<b>Jhajjar</b>"),
            go.Scatter(x=["May 2020"], y=[1_03_515], name="Haryana<br>(state)"),
        ]
    ).to_plotly_json()
    header, rows = figure_table(fig, "Period")
    assert header == ["Period", "Jhajjar", "Haryana (state)"]
    assert rows == [["Apr 2020", "1.5", "–"], ["May 2020", "2", "1,03,515"]]


def test_a_heatmap_gives_a_row_per_y_label():
    heatmap = go.Heatmap(z=[[0, 3], [1, None]], x=["Ambala", "Nuh"], y=["Calls", "Passes"])
    fig = go.Figure(heatmap).to_plotly_json()
    header, rows = figure_table(fig, "Source")
    assert header == ["Source", "Ambala", "Nuh"]
    assert rows == [["Calls", "0", "3"], ["Passes", "1", "–"]]


def test_every_chart_block_carries_its_numbers_in_the_pages_language():
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h", name="n")).to_plotly_json()
    block = figure_block("g", fig, "caption", lang="hi")
    details = block.children[-1]
    assert details.id == "g-numbers" and details.children[0].children == "आँकड़े दिखाएँ"
    assert figure_block("e", {"data": [], "layout": {}}, "nothing drawn").children[-1] is None
