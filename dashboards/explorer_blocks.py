"""The KPI explorer's blocks for one KPI: the districts ranked, with a sentence on who leads
and who trails, the tile-grid map, the table of the numbers, and the chosen districts' trend.
The data shaping, kept apart from the page's layout and from the callbacks that call it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards import data, figures
from dashboards.catalog import direction_text, format_value, info, plot_value, unit_label
from dashboards.comparison import compare, interval_text, note_text, rank_text
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, kpi_name, t
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table
from warehouse.districts import STATE

TILE_MAP_MIN_WIDTH = 560  # pixels: narrower, the tiles' labels run into each other


def ranking_caption(
    values: pl.DataFrame, kpi: str, period: str, grain: str, lang: str, min_cases: int = 30
) -> str:
    """A sentence naming the leading and trailing district among those ranked (never one
    whose value is provisional, partial or on too few cases), the state value, and how ranks
    and ties are decided."""
    rows = compare(values, kpi, min_cases)
    ranked = [r for r in rows if r["rank"] is not None]
    state = values.filter(pl.col("district") == STATE)["value"].to_list()
    state_text = format_value(kpi, state[0], lang) if state else "–"
    when = period_label(period, grain, lang)
    how = t("rank.how", lang, min_cases=min_cases)
    if not ranked:
        shown = [r for r in rows if r["value"] is not None]
        if not shown:
            return t("msg.no_rows", lang)
        return f"{t('rank.none', lang, when=when, kpi=kpi_name(kpi, lang), note=note_text(shown[0], lang), state=state_text)} {how}"
    best, worst = ranked[0], ranked[-1]
    direction = direction_text(kpi, lang)
    tied = sum(1 for r in ranked if r["rank"] == 1) - 1
    too_few = sum(1 for r in rows if r["note"] == "too_few")
    extra = (t("rank.tied", lang, n=tied) + " " if tied else "") + (
        t("rank.too_few", lang, n=too_few, min_cases=min_cases) + " " if too_few else ""
    )
    best_text = format_value(kpi, best["value"], lang)
    worst_text = format_value(kpi, worst["value"], lang)
    if lang == "hi":
        head = (
            f"{when}: {kpi_name(kpi, lang)} में {district_name(best['district'], lang)} सबसे आगे "
            f"({best_text}) और {district_name(worst['district'], lang)} "
            f"सबसे पीछे ({worst_text}) है; राज्य का मान {state_text} (डैश रेखा)। {direction}।"
        )
    else:
        head = (
            f"{when}: {district_name(best['district'], lang)} leads on "
            f"{kpi_name(kpi, lang).lower()} ({best_text}) and "
            f"{district_name(worst['district'], lang)} trails ({worst_text}); the state as a "
            f"whole is at {state_text} (dashed line). {direction.capitalize()}."
        )
    return f"{head} {extra}{how}"


def explorer_figures(warehouse: Path, kpi: str, grain: str, period: str, lang: str):
    """(bar block, map block, table block) for one KPI and period."""
    values = data.kpi_by_district(warehouse, kpi, grain, period)
    if values.is_empty():
        empty = message(t("msg.no_rows", lang))
        return empty, empty, empty
    min_cases = data.min_cases(warehouse)
    caption = ranking_caption(values, kpi, period, grain, lang, min_cases)
    bar = figure_block(
        "explorer-bar", figures.ranked_bar(values, kpi, lang, min_cases), caption, lang=lang
    )
    map_caption = (
        "हर वर्ग एक ज़िला है, लगभग मानचित्र पर उसकी जगह (उत्तर ऊपर); रंग जितना पीला, मान उतना बेहतर; धूसर = कोई मान नहीं।"
        if lang == "hi"
        else "Each square is a district, placed roughly where it lies (north at the top); the "
        "yellower the square, the better the value; grey means no value."
    )
    # on a phone the map keeps its width and scrolls sideways inside its box
    tiles = figure_block(
        "explorer-map",
        figures.tile_map(values, kpi, lang, min_cases),
        map_caption,
        lang=lang,
        min_width=TILE_MAP_MIN_WIDTH,
    )
    state_rows = values.filter(pl.col("district") == STATE).to_dicts()
    rows = [
        {
            "rank": rank_text(r),
            "district": district_name(r["district"], lang),
            "value": plot_value(kpi, r["value"]),
            "interval": interval_text(kpi, r.get("ci_low"), r.get("ci_high")),
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "note": note_text(r, lang),
        }
        for r in [*compare(values, kpi, min_cases), *({**s, "note": None} for s in state_rows)]
    ]
    unit = unit_label(kpi, lang)
    # Numerators and denominators are counts (points, calls, residents) printed whole;
    # one decimal only where the data hold fractions (operator-hours of part-hour shifts).
    whole = all(
        float(r[c]).is_integer()
        for r in rows
        for c in ("numerator", "denominator")
        if r[c] is not None
    )
    counts = "int" if whole else "number1"
    decimals = (
        "number2" if info(kpi).kind in ("rate", "score", "index", "median", "mean") else "int"
    )
    table = data_table(
        "explorer-table",
        rows,
        [
            ("rank", t("col.rank", lang), "text"),
            ("district", t("col.district", lang), "text"),
            ("value", f"{kpi_name(kpi, lang)} ({unit})", decimals),
            ("interval", t("col.interval", lang), "text"),
            ("numerator", t("col.numerator", lang), counts),
            ("denominator", t("col.denominator", lang), counts),
            ("note", t("col.status", lang), "text"),
        ],
        f"{kpi_name(kpi, lang)} — {period_label(period, grain, lang)}. "
        + (
            "दर = अंश / हर; CSV में सटीक संख्याएँ हैं।"
            if lang == "hi"
            else "Rates are numerator / denominator; the CSV export carries the exact numbers."
        ),
        lang=lang,
        download=("explorer", kpi, grain, period),
    )
    return bar, tiles, table


def trend_block(warehouse: Path, kpi: str, grain: str, districts: list[str], lang: str):
    """The chosen districts' trend of one KPI against the state, by the grain's periods
    (months for the whole-period grain)."""
    trend_grain = "month" if grain == "total" else grain
    series = data.kpi_trend(warehouse, kpi, trend_grain, districts)
    trend_caption = (
        "चुने गए ज़िलों का रुझान, राज्य (काली डैश रेखा) की तुलना में।"
        if lang == "hi"
        else f"How the chosen districts moved, {t(f'grain.{trend_grain}', lang).lower()} by "
        f"{t(f'grain.{trend_grain}', lang).lower()}, against the state (black dashed line)."
    )
    trend = figure_block(
        "explorer-trend", figures.trend_lines(series, kpi, lang), trend_caption, lang=lang
    )
    return trend
