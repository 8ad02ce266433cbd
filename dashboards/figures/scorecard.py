"""Scorecard figures: theme sub-indices, bootstrap rank ranges, why a composite moved."""

from __future__ import annotations

import polars as pl

from dashboards.figures.cell_colours import cell_labels, scale_colour, text_on
from dashboards.figures.style import (
    NEUTRAL,
    OKABE_ITO,
    SEQUENTIAL,
    TEXT,
    Figure,
    apply_layout,
    empty_figure,
    figure,
    update_axis,
)
from dashboards.i18n import district_name, kpi_name, t


def theme_heatmap(themes: pl.DataFrame, order: list[str], lang: str = "en") -> Figure:
    """Theme sub-indices (0-100, 100 = best) per district: districts in ``order`` (best
    first, top to bottom), one column per theme; the cell text is the sub-index."""
    from dashboards.i18n import theme_name

    if themes.is_empty() or not order:
        return empty_figure(t("msg.no_rows", lang))
    theme_ids = sorted(themes["theme"].unique().to_list())
    cells = {(r["district"], r["theme"]): r["sub_index"] for r in themes.iter_rows(named=True)}
    z = [[cells.get((d, th)) for th in theme_ids] for d in order]
    text = [["–" if v is None else f"{v:.0f}" for v in row] for row in z]
    columns = [theme_name(th, lang) for th in theme_ids]
    rows = [district_name(d, lang) for d in order]
    fig = figure(
        {
            "type": "heatmap",
            "z": z,
            "x": columns,
            "y": rows,
            "text": text,
            "colorscale": SEQUENTIAL,
            "zmin": 0,
            "zmax": 100,
            "colorbar": {"title": {"text": "0-100"}},
            "hovertemplate": "%{y} · %{x}: %{z:.1f}<extra></extra>",
        }
    )
    cells = [(i, j) for i in range(len(rows)) for j in range(len(columns))]
    fig["data"].append(
        cell_labels(
            [columns[j] for _, j in cells],
            [rows[i] for i, _ in cells],
            [text[i][j] for i, j in cells],
            # an empty cell ('–') shows the white paper
            ["#ffffff" if z[i][j] is None else scale_colour(z[i][j], 0, 100) for i, j in cells],
        )
    )
    apply_layout(fig, t("h.sc_themes", lang), height=max(360, 28 * len(order) + 120))
    return update_axis(fig, "yaxis", autorange="reversed")


def rank_ranges(frame: pl.DataFrame, lang: str = "en") -> Figure:
    """Each district's rank (dot) and 95 % bootstrap rank range (bar), best at the top;
    districts whose ranges overlap cannot be told apart."""
    rows = frame.filter(pl.col("rank_low").is_not_null()).sort("composite_rank", nulls_last=True)
    if rows.is_empty():
        return empty_figure(t("msg.no_rows", lang))
    names = [district_name(d, lang) for d in rows["district"]]
    low, high = rows["rank_low"].to_list(), rows["rank_high"].to_list()
    point = [r if r is not None else None for r in rows["composite_rank"].to_list()]
    fig = figure(
        {
            "type": "bar",
            "y": names,
            "x": [h - lo + 0.8 for lo, h in zip(low, high, strict=True)],
            "base": [lo - 0.4 for lo in low],
            "customdata": [[lo, h] for lo, h in zip(low, high, strict=True)],
            "orientation": "h",
            "marker": {"color": "#c6dbef"},
            "name": t("col.rank_range", lang),
            "hovertemplate": "%{y}: %{customdata[0]} – %{customdata[1]}<extra></extra>",
        },
        {
            "type": "scatter",
            "y": names,
            "x": point,
            "mode": "markers",
            "marker": {"color": OKABE_ITO[4], "size": 9},
            "name": t("col.rank", lang),
        },
    )
    apply_layout(
        fig, t("col.rank_range", lang), x_title=t("col.rank", lang), height=28 * len(names) + 140
    )
    update_axis(fig, "yaxis", autorange="reversed")
    return update_axis(fig, "xaxis", dtick=1, range=[0.5, max(high) + 0.5])


def attribution_bars(parts: pl.DataFrame, change: float | None, lang: str = "en") -> Figure:
    """Why a composite moved: each KPI's contribution (points of the 0-100 composite) as a
    waterfall from 0 to the total change, which the bars sum to exactly."""
    if parts.is_empty() or change is None:
        return empty_figure(t("msg.no_rows", lang))
    labels = [kpi_name(k, lang) for k in parts["kpi"]]
    values = parts["contribution"].to_list()
    fig = figure(
        {
            "type": "waterfall",
            "orientation": "v",
            "x": [*labels, t("col.change", lang)],
            "y": [*values, change],
            "measure": [*["relative"] * len(values), "total"],
            "text": [f"{v:+.1f}" for v in [*values, change]],
            "textposition": "outside",
            "increasing": {"marker": {"color": OKABE_ITO[2]}},
            "decreasing": {"marker": {"color": OKABE_ITO[5]}},
            "totals": {"marker": {"color": NEUTRAL}},
            "connector": {"line": {"color": "#bbbbbb"}},
        }
    )
    # The page's heading already asks "why the rank moved": the chart says what it draws.
    apply_layout(fig, t("fig.attribution", lang), y_title=t("col.change", lang), height=460)
    return fig


def composite_bars(frame: pl.DataFrame, lang: str = "en") -> Figure:
    """The composite index (0-100) of every district, best at the top, each bar reading its
    value, rank and 95 % rank range ('82.4 · rank 1 (1–3)'); districts not ranked (too few
    KPIs, flagged) are grey, at the bottom, and say so."""
    rows = frame.filter(pl.col("composite_index").is_not_null()).sort(
        ["composite_rank", "composite_index"], descending=[False, True], nulls_last=True
    )
    if rows.is_empty():
        return empty_figure(t("msg.no_rows", lang))
    names, values, texts, colours = [], [], [], []
    for r in rows.iter_rows(named=True):
        names.append(district_name(r["district"], lang))
        values.append(r["composite_index"])
        text = f"{r['composite_index']:.1f}"
        if r["composite_rank"] is None:
            text += f" · {t('sc.not_ranked', lang)}"
        else:
            text += f" · {t('col.rank', lang)} {r['composite_rank']}"
            low, high = r.get("rank_low"), r.get("rank_high")
            if low is not None and high is not None and low != high:
                text += f" ({low}–{high})"
        texts.append(text)
        colours.append(OKABE_ITO[4] if r["composite_rank"] is not None else NEUTRAL)
    fig = figure(
        {
            "type": "bar",
            "x": values,
            "y": names,
            "orientation": "h",
            "marker": {"color": colours},
            "text": texts,
            "textposition": "auto",
            "insidetextanchor": "start",
            "textfont": {"size": 13},
            "insidetextfont": {"color": [text_on(c) for c in colours]},
            "outsidetextfont": {"color": TEXT},
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
        }
    )
    update_axis(fig, "yaxis", autorange="reversed", type="category")
    apply_layout(
        fig,
        t("h.composite_chart", lang),
        t("col.composite_index", lang),
        "",
        height=30 * len(names) + 130,
    )
    return update_axis(fig, "xaxis", range=[0, 100])
