"""The district profile's "Control room: staffed for its calls?": for the chosen district and
period, the operators rostered against the operators needed to answer 80 % of calls within
20 seconds, by weekday and hour of the day, with the hours most short of operators named in
the caption, the district's staffing KPIs beside the state's, and the same figures as a
table with its CSV.

The heatmap aggregates kpi_control_room_hourly (data.staffing_by_weekday_hour), where the
rules are; the KPIs come from kpi_values as every other block reads them. A district whose
calls of the period carry no answer times (exports of older telephony) is told so: its
staffing cannot be judged, which is not the same as a room with nothing to do. The page
(dashboards/pages/district.py) gives the block its own callback.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dash import html

from dashboards import data, figures
from dashboards.catalog import format_value, is_percent, unit_label
from dashboards.figure_block import figure_block
from dashboards.figures.control_room import gap_text, has_calls, operators_text
from dashboards.i18n import district_name, format_compact, hour_span, kpi_name, t, weekday_name
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table
from warehouse.districts import STATE

# The district's figures shown beside the state's, in this order (kpi_values).
FIGURE_KPIS = (
    "call_service_level_20s",
    "call_abandonment_rate",
    "call_avg_handle_seconds",
    "operator_occupancy",
    "understaffed_hours",
)
# understaffed_hours is a count: it is shown out of the hours judged, the denominator of
# the mean operators needed.
JUDGED = "operators_needed_80_20"
WORST_SHOWN = 3  # the caption names at most this many of the most short-staffed hours


def worst_cells(cells: pl.DataFrame, count: int = WORST_SHOWN) -> list[dict]:
    """The weekday-and-hour cells with calls where the fewest operators were rostered for
    those needed (rostered − needed most negative, then the most hours short, then the
    earliest in the week); only cells short on average."""
    rows = [r for r in cells.iter_rows(named=True) if has_calls(r)]
    short = [r for r in rows if r["rostered"] - r["needed"] < -0.05]
    short.sort(
        key=lambda r: (
            r["rostered"] - r["needed"],
            -r["understaffed_hours"],
            r["weekday"],
            r["hour_of_day"],
        )
    )
    return short[:count]


def _figure_text(kpi: str, value: float | None, lang: str) -> str:
    """A KPI value as written in the line of figures, with its unit where a bare number
    would not say what it counts ('212.3 seconds')."""
    text = format_value(kpi, value, lang)
    return text if value is None or is_percent(kpi) else f"{text} {unit_label(kpi, lang)}"


def figures_line(values: pl.DataFrame, district: str, when: str, lang: str) -> html.P:
    """'Jhajjar beside the state, May 2020: Calls answered within 20 seconds: 81.2 % (state
    78.5 %) · …', from the period's kpi_values rows (data.period_values)."""
    rows = values.filter(pl.col("kpi").is_in([*FIGURE_KPIS, JUDGED])).to_dicts()
    by = {(r["district"], r["kpi"]): r for r in rows}

    def shown(kpi: str, who: str) -> str:
        row = by.get((who, kpi), {})
        if kpi != "understaffed_hours":
            return _figure_text(kpi, row.get("value"), lang)
        judged = by.get((who, JUDGED), {}).get("denominator")
        if row.get("value") is None or judged is None:
            return format_value(kpi, row.get("value"), lang)
        return t(
            "cr.hours_of",
            lang,
            n=format_compact(row["value"], lang),
            judged=format_compact(judged, lang),
        )

    parts = [
        t(
            "cr.figure",
            lang,
            kpi=kpi_name(kpi, lang),
            value=shown(kpi, district),
            state=shown(kpi, STATE),
        )
        for kpi in FIGURE_KPIS
    ]
    head = t("cr.figures", lang, district=district_name(district, lang), when=when)
    return html.P(
        [html.Strong(head), " ", " · ".join(parts)],
        className="caption control-room-figures",
        id="district-control-room-figures",
    )


def caption_text(cells: pl.DataFrame, district: str, when: str, lang: str) -> str:
    """Its worst hours ('Most short-staffed: Mon 10:00–11:00, 2 operators rostered for 5
    needed; …'), or that no hour was short on average (and how many single hours were),
    then what the chart shows."""
    worst = worst_cells(cells)
    named = [
        t(
            "cr.worst_cell",
            lang,
            day=weekday_name(r["weekday"], lang),
            hours=hour_span(r["hour_of_day"]),
            rostered=operators_text(r["rostered"]),
            needed=operators_text(r["needed"]),
        )
        for r in worst
    ]
    if named:
        verdict = t("cr.worst", lang, cells="; ".join(named))
    else:
        short = int(cells["understaffed_hours"].sum())
        verdict = (
            t("cr.none_short_but", lang, n=short, judged=int(cells["hours_judged"].sum()))
            if short
            else t("cr.none_short", lang)
        )
    about = t("cr.caption", lang, when=when, district=district_name(district, lang))
    return f"{verdict} {about}"


def table_rows(cells: pl.DataFrame, lang: str) -> list[dict]:
    """Every weekday and hour judged, Monday 00:00 first, with its figures (the chart's
    cells; a cell without calls has its rostered operators but no gap)."""
    out = []
    for r in cells.iter_rows(named=True):
        drawn = has_calls(r)
        gap = r["rostered"] - r["needed"]
        out.append(
            {
                "weekday": weekday_name(r["weekday"], lang),
                "hour": hour_span(r["hour_of_day"]),
                "hours_judged": r["hours_judged"],
                "calls": r["calls_offered"],
                "rostered": r["rostered"],
                "needed": r["needed"],
                "gap": gap if drawn else None,
                "gap_words": gap_text(gap, lang) if drawn else t("cr.no_calls", lang),
                "understaffed": r["understaffed_hours"],
                "overstaffed": r["overstaffed_hours"],
            }
        )
    return out


def control_room_block(warehouse: Path, district: str, grain: str, period: str, lang: str):
    """The block for one district and period: the message when its calls carry no answer
    times, else the line of figures, the heatmap with its caption and the table."""
    cells = data.staffing_by_weekday_hour(warehouse, district, grain, period)
    if cells.is_empty():
        return message(t("cr.no_telephony", lang), id="district-control-room-none")
    where = district_name(district, lang)
    when = period_label(period, grain, lang)
    line = figures_line(data.period_values(warehouse, grain, period), district, when, lang)
    chart = figure_block(
        "district-control-room",
        figures.staffing_heatmap(cells, district, lang),
        caption_text(cells, district, when, lang),
        lang=lang,
        min_width=1040,
        table_beside=True,
    )
    table = data_table(
        "district-control-room-table",
        table_rows(cells, lang),
        [
            ("weekday", t("cr.col_weekday", lang), "text"),
            ("hour", t("cr.col_hour", lang), "text"),
            ("hours_judged", t("cr.col_hours_judged", lang), "int"),
            ("calls", t("cr.col_calls", lang), "int"),
            ("rostered", t("cr.col_rostered", lang), "number1"),
            ("needed", t("cr.col_needed", lang), "number1"),
            ("gap", t("cr.col_gap", lang), "number1"),
            ("gap_words", t("cr.col_gap_words", lang), "text"),
            ("understaffed", t("cr.col_understaffed", lang), "int"),
            ("overstaffed", t("cr.col_overstaffed", lang), "int"),
        ],
        t("cr.table_caption", lang, when=when, district=where),
        page_size=24,
        lang=lang,
        download=("district", district, grain, period, "control-room"),
    )
    return html.Div([line, chart, table])
