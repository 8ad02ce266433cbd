"""One KPI across the districts: ranked bars, the tile-grid map, the trend against the state."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboards.catalog import format_value, info, plot_value, unit_label
from dashboards.figures.style import (
    OKABE_ITO,
    SEQUENTIAL,
    STATE_COLOUR,
    apply_layout,
    indian_axis,
)
from dashboards.i18n import district_name, kpi_name, t
from warehouse.districts import STATE, districts


def kpi_title(kpi: str, lang: str, suffix: str = "") -> str:
    """'<KPI name> <suffix> (<unit>)'."""
    return f"{kpi_name(kpi, lang)}{' ' + suffix if suffix else ''} ({unit_label(kpi, lang)})"


def ranked_bar(values: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """Districts ranked by one KPI, best at the top, with the state value as a dashed line.

    ``values`` has columns district, value (the state row, district = Haryana, is optional).
    """
    higher = info(kpi).higher_is_better
    state = values.filter(pl.col("district") == STATE)["value"].to_list()
    rows = values.filter((pl.col("district") != STATE) & pl.col("value").is_not_null())
    rows = rows.sort("value", descending=higher)
    names = [district_name(d, lang) for d in rows["district"].to_list()]
    raw = rows["value"].to_list()
    plotted = [plot_value(kpi, v) for v in raw]
    fig = go.Figure(
        go.Bar(
            x=plotted,
            y=names,
            orientation="h",
            marker_color=OKABE_ITO[0],
            customdata=[format_value(kpi, v, lang) for v in raw],
            text=[format_value(kpi, v, lang) for v in raw],
            textposition="auto",
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            name=kpi_name(kpi, lang),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    title = kpi_title(kpi, lang, "— " + ("ज़िलेवार" if lang == "hi" else "by district"))
    apply_layout(fig, title, unit_label(kpi, lang), "", height=max(420, 24 * len(names) + 120))
    if info(kpi).kind in ("count", "rupees"):
        fig.update_xaxes(**indian_axis(plotted, lang))
    if state and state[0] is not None:
        fig.add_vline(
            x=plot_value(kpi, state[0]),
            line_dash="dash",
            line_color=STATE_COLOUR,
            annotation_text=f"{t('legend.state', lang)}: {format_value(kpi, state[0], lang)}",
            annotation_position="top right",
            annotation_yshift=18,
        )
    return fig


def tile_map(values: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """The 22 districts as a tile grid (a square each, placed roughly as on the map).

    No base map and no network: tile positions come from the district reference
    (tile_x, tile_y; y grows southwards). Colour: Viridis; districts without a value are grey.
    """
    by_name = {r["district"]: r["value"] for r in values.iter_rows(named=True)}
    ref = districts()
    width = max(d.tile_x for d in ref) + 1
    height = max(d.tile_y for d in ref) + 1
    z: list[list[float | None]] = [[None] * width for _ in range(height)]
    text: list[list[str]] = [[""] * width for _ in range(height)]
    missing_x, missing_y, missing_text = [], [], []
    for d in ref:
        value = by_name.get(d.name)
        label = f"{district_name(d.name, lang)}<br>{format_value(kpi, value, lang)}"
        if value is None:
            missing_x.append(d.tile_x)
            missing_y.append(d.tile_y)
            missing_text.append(label)
        else:
            z[d.tile_y][d.tile_x] = plot_value(kpi, value)
            text[d.tile_y][d.tile_x] = label
    scale = SEQUENTIAL
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertemplate="%{text}<extra></extra>",
            colorscale=scale,
            reversescale=not info(kpi).higher_is_better,
            xgap=4,
            ygap=4,
            colorbar={"title": {"text": unit_label(kpi, lang)}},
            hoverongaps=False,
        )
    )
    if missing_x:
        fig.add_trace(
            go.Scatter(
                x=missing_x,
                y=missing_y,
                mode="markers+text",
                text=missing_text,
                marker={"symbol": "square", "size": 40, "color": "#d9d9d9"},
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    fig.update_xaxes(visible=False, range=[-0.5, width - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    title = kpi_title(kpi, lang, "— " + ("ज़िला ग्रिड मानचित्र" if lang == "hi" else "tile map"))
    return apply_layout(fig, title, height=520)


def trend_lines(series: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """One KPI over time: a line per chosen district, the state as a thick black dashed line.

    ``series`` has columns district, period_start (ISO date), value.
    """
    fig = go.Figure()
    names = sorted(set(series["district"].to_list()) - {STATE})
    for i, name in enumerate([*names, STATE]):
        rows = series.filter(pl.col("district") == name).sort("period_start")
        is_state = name == STATE
        label = t("legend.state", lang) if is_state else district_name(name, lang)
        raw = rows["value"].to_list()
        fig.add_trace(
            go.Scatter(
                x=rows["period_start"].to_list(),
                y=[plot_value(kpi, v) for v in raw],
                mode="lines+markers",
                name=label,
                line={
                    "color": STATE_COLOUR if is_state else OKABE_ITO[i % (len(OKABE_ITO) - 1)],
                    "dash": "dash" if is_state else "solid",
                    "width": 3 if is_state else 2,
                },
                customdata=[format_value(kpi, v, lang) for v in raw],
                hovertemplate=f"{label} %{{x}}: %{{customdata}}<extra></extra>",
            )
        )
    title = kpi_title(kpi, lang, "— " + ("समय के साथ" if lang == "hi" else "over time"))
    apply_layout(fig, title, t("col.period_start", lang), unit_label(kpi, lang))
    if info(kpi).kind in ("count", "rupees"):
        fig.update_yaxes(**indian_axis([plot_value(kpi, v) for v in series["value"]], lang))
    return fig
