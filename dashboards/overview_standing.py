"""The overview's answer to "who is doing well or badly, and why": the composite of every
district as a ranked chart with rank ranges, then the three best and three worst ranked
districts, each with the scored KPIs that lift it most and pull it down most.

A KPI's pull on a district's composite is its effective weight × its 0-100 scaled score
(kpi_scorecard_components): the strongest is the KPI with the highest scaled score among
those that carry weight, the weakest the lowest. Kept apart from the page module, which lays
out the controls and wires the callbacks.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dash import html

from dashboards import data, figures
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, kpi_name, t
from dashboards.messages import message
from dashboards.periods import period_label

SHOWN = 3  # best and worst districts listed


def _driver_text(kpis: pl.DataFrame, lang: str) -> str:
    """'strongest: Food within 2 h (100 of 100); weakest: Grievance disposal (12 of 100)'."""
    if kpis.is_empty():
        return ""
    best = kpis.sort("scaled_score", descending=True).row(0, named=True)
    worst = kpis.sort("scaled_score").row(0, named=True)
    return t(
        "standing.drivers",
        lang,
        best=kpi_name(best["kpi"], lang),
        best_score=f"{best['scaled_score']:.0f}",
        worst=kpi_name(worst["kpi"], lang),
        worst_score=f"{worst['scaled_score']:.0f}",
    )


def _district_item(row: dict, kpis: pl.DataFrame, lang: str) -> html.Li:
    head = (
        f"{row['composite_rank']}. {district_name(row['district'], lang)} "
        f"({row['composite_index']:.1f} / 100)"
    )
    return html.Li([html.Strong(head), " — ", _driver_text(kpis, lang)])


def best_and_worst(frame: pl.DataFrame, drivers: pl.DataFrame, lang: str) -> html.Div:
    """Two short lists: the best and the worst ranked districts with their drivers."""
    ranked = frame.filter(pl.col("composite_rank").is_not_null()).sort("composite_rank")
    if ranked.is_empty():
        return message(t("msg.no_rows", lang))
    by_district = {d: g for (d,), g in drivers.group_by(["district"])}
    empty = drivers.clear()

    def items(rows: pl.DataFrame) -> list:
        return [
            _district_item(r, by_district.get(r["district"], empty), lang)
            for r in rows.iter_rows(named=True)
        ]

    worst = ranked.tail(SHOWN).sort("composite_rank", descending=True)
    return html.Div(
        [
            html.Div(
                [html.H4(t("standing.best", lang)), html.Ul(items(ranked.head(SHOWN)))],
                className="standing-list standing-best",
            ),
            html.Div(
                [html.H4(t("standing.worst", lang)), html.Ul(items(worst))],
                className="standing-list standing-worst",
            ),
        ],
        className="grid-2",
        id="overview-best-worst",
    )


def standing_block(warehouse: Path, grain: str, period: str, lang: str) -> html.Div:
    """The composite chart and the best and worst districts of one scorecard period."""
    frame = data.scorecard_full(warehouse, grain, period)
    if frame.is_empty():
        return message(t("msg.no_rows", lang))
    drivers = data.scorecard_drivers(warehouse, grain, period)
    caption = t("standing.caption", lang, period=period_label(period, grain, lang))
    return html.Div(
        [
            figure_block(
                "overview-composite", figures.composite_bars(frame, lang), caption, lang=lang
            ),
            best_and_worst(frame, drivers, lang),
        ]
    )
