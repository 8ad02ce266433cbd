"""Figures for notebooks: pure functions, frame in, go.Figure out."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from warehouse.districts import STATE
from warehouse.explore.arguments import resolve_district

STATE_COLOUR = "#444444"
HIGHLIGHT_COLOUR = "#d62728"
OTHER_COLOUR = "#9ecae1"


def trend_figure(
    frame: pl.DataFrame, kpi: str, title: str | None = None, highlight: str | None = None
) -> go.Figure:
    """One line per district in ``frame`` (a ``kpis`` result), the state dashed and grey."""
    data = frame.filter(pl.col("kpi") == kpi).sort("period_start")
    fig = go.Figure()
    for name in data["district"].unique(maintain_order=True).to_list():
        part = data.filter(pl.col("district") == name)
        is_state = name == STATE
        fig.add_trace(
            go.Scatter(
                x=part["period_start"].to_list(),
                y=part["value"].to_list(),
                mode="lines+markers",
                name=name,
                line={"dash": "dash", "color": STATE_COLOUR}
                if is_state
                else {"color": HIGHLIGHT_COLOUR, "width": 3}
                if name == highlight
                else {},
            )
        )
    fig.update_layout(
        title=title or kpi,
        xaxis_title="period",
        yaxis_title=kpi,
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return fig


def ranked_bar(
    ranked: pl.DataFrame, kpi: str, highlight: str | None = None, title: str | None = None
) -> go.Figure:
    """Horizontal bars of a ``ranking`` frame, best at the top, one district highlighted."""
    rows = ranked.filter(pl.col("value").is_not_null())
    names = rows["district"].to_list()
    colours = [HIGHLIGHT_COLOUR if n == highlight else OTHER_COLOUR for n in names]
    fig = go.Figure(
        go.Bar(
            x=rows["value"].to_list(),
            y=names,
            orientation="h",
            marker={"color": colours},
        )
    )
    fig.update_layout(
        title=title or kpi,
        yaxis={"autorange": "reversed"},
        height=max(300, 24 * len(names) + 100),
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
    )
    return fig


def category_mix_figure(mix: pl.DataFrame, title: str = "Calls by category") -> go.Figure:
    """Bars of a ``call_mix`` frame: calls per category, largest first, share in the label."""
    fig = go.Figure(
        go.Bar(
            x=mix["calls"].to_list(),
            y=mix["label"].to_list(),
            orientation="h",
            text=[f"{c:,} ({s:.1%})" for c, s in zip(mix["calls"], mix["share"], strict=True)],
            textposition="auto",
        )
    )
    fig.update_layout(
        title=title,
        yaxis={"autorange": "reversed"},
        height=max(300, 36 * mix.height + 100),
        margin={"l": 160, "r": 20, "t": 60, "b": 40},
    )
    return fig


def bar_figure(
    frame: pl.DataFrame, x: str, y: str, title: str, color: str | None = None
) -> go.Figure:
    """A plain bar chart of two columns (stacked by ``color`` when given), for small marts."""
    fig = go.Figure()
    if color is None:
        fig.add_trace(go.Bar(x=frame[x].to_list(), y=frame[y].to_list(), name=y))
    else:
        for key in frame[color].unique(maintain_order=True).to_list():
            part = frame.filter(pl.col(color) == key)
            fig.add_trace(go.Bar(x=part[x].to_list(), y=part[y].to_list(), name=str(key)))
        fig.update_layout(barmode="stack")
    fig.update_layout(title=title, height=380, margin={"l": 60, "r": 20, "t": 60, "b": 40})
    return fig


def heatmap_figure(
    frame: pl.DataFrame,
    x: str,
    y: str,
    z: str,
    title: str,
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """A grid of ``z`` by ``x`` (columns) and ``y`` (rows), e.g. scaled KPI scores by district."""
    xs = frame[x].unique(maintain_order=True).to_list()
    ys = frame[y].unique(maintain_order=True).to_list()
    cells = {(r[x], r[y]): r[z] for r in frame.select(x, y, z).iter_rows(named=True)}
    grid = [[cells.get((cx, cy)) for cx in xs] for cy in ys]
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=grid, zmin=zmin, zmax=zmax, colorscale="RdYlGn"))
    fig.update_layout(
        title=title,
        height=max(350, 22 * len(ys) + 150),
        yaxis={"autorange": "reversed"},
        margin={"l": 140, "r": 20, "t": 60, "b": 120},
    )
    return fig


def funnel_figure(
    funnels: pl.DataFrame, funnel: str, district: str, title: str | None = None
) -> go.Figure:
    """One funnel of ``kpi_funnels`` (``passes`` or ``relief``) for one district (or Haryana).

    One district per chart: the state's counts are ~20 times a district's, so two funnels on
    one axis would hide the district; compare shares with ``share_of_first`` instead.
    """
    name = resolve_district(district)
    data = funnels.filter(pl.col("funnel") == funnel, pl.col("district") == name).sort("step_order")
    fig = go.Figure(
        go.Funnel(
            y=data["step"].to_list(),
            x=data["records"].to_list(),
            textinfo="value+percent initial",
            marker={"color": HIGHLIGHT_COLOUR if name != STATE else STATE_COLOUR},
        )
    )
    fig.update_layout(
        title=title or f"{name}: {funnel} funnel",
        height=320,
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
    )
    return fig


def waiting_time_figure(
    hist: pl.DataFrame, title: str = "Waiting time at the counter"
) -> go.Figure:
    """Bars of a ``wait_histogram`` frame coloured by RTS points, with the 30/45-minute marks."""
    colours = {10: "#2ca02c", 5: "#ff7f0e", 0: "#d62728"}
    labels = [
        f"> {lo:.0f}" if over else f"{lo:.0f}-{up:.0f}"
        for lo, up, over in hist.select(
            "bucket_lower_min", "bucket_upper_min", "is_overflow"
        ).iter_rows()
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=hist["transactions"].to_list(),
            marker={"color": [colours.get(p, OTHER_COLOUR) for p in hist["rts_points"].to_list()]},
            customdata=hist["share_by_end"].to_list(),
            hovertemplate="%{x} min: %{y:,} transactions<br>done by then: %{customdata:.1%}<extra></extra>",
        )
    )
    for minutes, text in ((30, "30 min: 10 points"), (45, "45 min: 5 points")):
        if minutes in hist["bucket_upper_min"].to_list():
            position = hist["bucket_upper_min"].to_list().index(minutes) + 0.5
            fig.add_vline(x=position, line_dash="dot", annotation_text=text)
    fig.update_layout(
        title=title,
        xaxis_title="minutes from token to completion",
        yaxis_title="transactions",
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return fig
