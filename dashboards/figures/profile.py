"""The district profile's figures: the helpline call mix, the pass and relief funnels, the
district's rates against the state and the best district."""

from __future__ import annotations

import polars as pl

from dashboards.catalog import info
from dashboards.figures.cell_colours import text_on
from dashboards.figures.style import (
    OKABE_ITO,
    STATE_COLOUR,
    Figure,
    apply_layout,
    figure,
    period_axis,
    update_axis,
    wrap_label,
)
from dashboards.i18n import category_name, district_name, format_compact, kpi_name, t


def category_mix_bars(mix: pl.DataFrame, district: str, lang: str = "en") -> Figure:
    """Stacked share of calls per category for each period, largest category first.

    ``mix`` has columns period_start, category, value (a share 0-1).
    """
    totals = (
        mix.group_by("category")
        .agg(pl.col("numerator").sum().alias("n"))
        .sort("n", descending=True)
    )
    fig = figure(barmode="stack")
    for i, category in enumerate(totals["category"].to_list()):
        rows = mix.filter(pl.col("category") == category).sort("period_start")
        raw = rows["value"].to_list()
        name = category_name(category, lang)
        fig["data"].append(
            {
                "type": "bar",
                "x": rows["period_start"].to_list(),
                "y": [None if v is None else v * 100 for v in raw],
                "name": name,
                "marker": {
                    "color": OKABE_ITO[i % len(OKABE_ITO)],
                    "pattern": {"shape": "" if i < len(OKABE_ITO) else "/"},
                },
                "hovertemplate": f"{name} %{{x}}: %{{y:.1f}} %<extra></extra>",
            }
        )
    prefix = "कॉल श्रेणी मिश्रण" if lang == "hi" else "Helpline call-category mix"
    title = f"{prefix}: {district_name(district, lang)} (% {t('unit.calls', lang)})"
    apply_layout(fig, title, t("col.period_start", lang), "%")
    update_axis(fig, "xaxis", **period_axis(mix["period_start"].to_list(), lang))
    return update_axis(fig, "yaxis", range=[0, 100])


def funnel(stages: list[tuple[str, float | None]], title: str, lang: str = "en") -> Figure:
    """A funnel of counts (applied -> decided -> issued), each stage with its share of the first."""
    labels = [s[0] for s in stages]
    counts = [s[1] or 0 for s in stages]
    first = counts[0] if counts and counts[0] else None
    text = [
        format_compact(c, lang) + (f" ({c / first * 100:.1f} %)" if first and i else "")
        for i, c in enumerate(counts)
    ]
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))]
    fig = figure(
        {
            "type": "funnel",
            "y": labels,
            "x": counts,
            "text": text,
            "textinfo": "text",
            "marker": {"color": colours},
            "textfont": {"color": [text_on(c) for c in colours]},
            "hovertemplate": "%{y}: %{text}<extra></extra>",
        }
    )
    return apply_layout(fig, title, t("unit.count", lang), "", height=320)


def profile_dots(rows: list[dict], district: str, lang: str = "en") -> Figure:
    """Rate KPIs of one district (dots) against the state (black bar) and the best district.

    ``rows`` are dicts with kpi, value, state, best_value (rates 0-1).
    """
    rows = [r for r in rows if info(r["kpi"]).kind == "rate"]
    labels = [kpi_name(r["kpi"], lang) for r in rows]

    def pct(key: str) -> list[float | None]:
        return [None if r[key] is None else r[key] * 100 for r in rows]

    dots = {"type": "scatter", "y": labels, "mode": "markers"}
    fig = figure(
        {
            **dots,
            "x": pct("best_value"),
            "name": t("legend.best", lang),
            "marker": {
                "symbol": "diamond-open",
                "size": 12,
                "color": OKABE_ITO[2],
                "line": {"width": 2},
            },
            "customdata": [district_name(r.get("best_district") or "", lang) for r in rows],
            "hovertemplate": "%{y}: %{x:.1f} % (%{customdata})<extra></extra>",
        },
        {
            **dots,
            "x": pct("state"),
            "name": t("legend.state", lang),
            "marker": {
                "symbol": "line-ns-open",
                "size": 16,
                "color": STATE_COLOUR,
                "line": {"width": 3},
            },
            "hovertemplate": "%{y}: %{x:.1f} %<extra></extra>",
        },
        {
            **dots,
            "x": pct("value"),
            "name": district_name(district, lang),
            "marker": {"symbol": "circle", "size": 12, "color": OKABE_ITO[0]},
            "hovertemplate": "%{y}: %{x:.1f} %<extra></extra>",
        },
    )
    # Long KPI names on two lines (the hover and the table keep them whole): on a phone they
    # took most of the width and cut the longest name.
    update_axis(
        fig,
        "yaxis",
        autorange="reversed",
        type="category",
        tickmode="array",
        tickvals=labels,
        ticktext=[wrap_label(label, 26) for label in labels],
    )
    update_axis(fig, "xaxis", range=[0, 100])
    head = (
        "दर संकेतक: ज़िला, राज्य और सर्वश्रेष्ठ"
        if lang == "hi"
        else "Rate indicators: district, state and best"
    )
    title = f"{head}<br>{district_name(district, lang)} (%)"  # two lines: fits a phone
    # Rows tall enough for a label on two lines.
    return apply_layout(fig, title, "%", "", height=max(360, 36 * len(labels) + 140))
