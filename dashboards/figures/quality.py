"""Data-quality figures: freshness per source and district, quarantined rows by reason."""

from __future__ import annotations

import polars as pl

from dashboards.figures.style import (
    OKABE_ITO,
    STALENESS,
    Figure,
    apply_layout,
    figure,
    indian_axis,
    update_axis,
    update_layout,
    wrap_label,
)
from dashboards.i18n import district_name, source_name, t
from dashboards.reasons import row_reason_text


def freshness_heatmap(fresh: pl.DataFrame, lang: str = "en") -> Figure:
    """Days between the newest record and the snapshot, per source (rows) and district."""
    sources = sorted(set(fresh["source"].to_list()))
    names = sorted(set(fresh["district"].to_list()))
    lookup = {(r["source"], r["district"]): r for r in fresh.iter_rows(named=True)}
    z, text = [], []
    for s in sources:
        row_z, row_t = [], []
        for d in names:
            r = lookup.get((s, d))
            age = None if r is None else r["age_days"]
            row_z.append(age)
            row_t.append(
                "" if r is None else f"{r['last_event_day']} ({age} {t('unit.days', lang)})"
            )
        z.append(row_z)
        text.append(row_t)
    fig = figure(
        {
            "type": "heatmap",
            "z": z,
            "x": [district_name(d, lang) for d in names],
            "y": [wrap_label(source_name(x, lang)) for x in sources],
            "text": text,
            # 0 days behind is the normal case: pale, so the few stale cells stand out.
            "colorscale": STALENESS,
            "zmin": 0,
            "zmax": max([1] + [v for row in z for v in row if v is not None]),
            "xgap": 2,
            "ygap": 2,
            # below the plot, not beside it: on a phone the 22 columns keep the width
            "colorbar": {
                "title": {"text": t("unit.days", lang), "side": "right"},
                "orientation": "h",
                "y": -0.32,
                "thickness": 12,
                "len": 0.6,
            },
            "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
        }
    )
    title = wrap_label(f"{t('h.freshness', lang)} ({t('col.age_days', lang)})", 44)
    apply_layout(fig, title, "", "", height=max(380, 44 * len(sources) + 230))
    return update_layout(fig, margin={"t": 90, "b": 110})


def quarantine_bars(summary: pl.DataFrame, lang: str = "en") -> Figure:
    """Quarantined rows per source, stacked by reason."""
    by = summary.group_by(["source", "reason"]).agg(pl.col("rows").sum()).sort(["source", "reason"])
    fig = figure(barmode="stack")
    for i, reason in enumerate(sorted(set(by["reason"].to_list()))):
        rows = by.filter(pl.col("reason") == reason)
        words = row_reason_text(reason, lang)
        fig["data"].append(
            {
                "type": "bar",
                "x": rows["rows"].to_list(),
                "y": [wrap_label(source_name(x, lang)) for x in rows["source"].to_list()],
                "orientation": "h",
                "name": words,
                "marker": {"color": OKABE_ITO[i % len(OKABE_ITO)]},
                "hovertemplate": f"%{{y}} · {words}: %{{x}}<extra></extra>",
            }
        )
    title = f"{t('h.quarantine', lang)} ({t('unit.rows', lang)})"
    apply_layout(fig, title, t("unit.rows", lang), "")
    return update_axis(fig, "xaxis", **indian_axis(by["rows"].to_list(), lang))
