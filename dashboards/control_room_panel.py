"""The KPI explorer's control-room panel: when a control-room KPI is chosen, the districts,
in the order of the ranking above it, by hour of the day, each cell the share of that
hour's judged hours of the period that were short-staffed (fewer operators rostered than
needed to answer 80 % of calls within 20 seconds), with the worst named in the caption and
the same figures as a table with its CSV.

It answers the question a ranking of understaffed hours leaves open: *when* in the day each
room runs short. The page (dashboards/pages/explorer.py) gives it a callback of its own,
fired only by the KPI, grain and period; for any other KPI the panel is hidden and nothing
is queried. The shares aggregate kpi_control_room_hourly (data.understaffed_by_hour)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dash import html

from dashboards import data, figures
from dashboards.comparison import compare
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, format_compact, hour_span, t
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table

# The KPIs of kpi_control_room_daily (warehouse/models/marts/kpi_daily.sql, control_room).
CONTROL_ROOM_KPIS = frozenset(
    {
        "calls_offered",
        "calls_answered",
        "calls_abandoned",
        "call_service_level_20s",
        "call_abandonment_rate",
        "call_avg_handle_seconds",
        "calls_per_operator_hour",
        "operator_occupancy",
        "operators_needed_80_20",
        "understaffed_hours",
        "overstaffed_hours",
    }
)
WORST_SHOWN = 3


def is_control_room_kpi(kpi: object) -> bool:
    """Whether the explorer shows the hours panel for ``kpi``."""
    return isinstance(kpi, str) and kpi in CONTROL_ROOM_KPIS


def district_order(ranked: list[dict], shares: pl.DataFrame) -> list[str]:
    """The districts with a judged hour, as the ranking lists them (compare()'s rows: ranked
    first, then the values not ranked); any district the ranking lacks follows, A-Z."""
    present = set(shares["district"].to_list())
    order = [r["district"] for r in ranked if r["district"] in present]
    return order + sorted(present - set(order))


def worst_cells(shares: pl.DataFrame, count: int = WORST_SHOWN) -> list[dict]:
    """The district-and-hour cells most often short-staffed (share, then hours short, then
    district and hour), only those short at least once."""
    rows = [r for r in shares.iter_rows(named=True) if r["understaffed_hours"]]
    rows.sort(
        key=lambda r: (
            -r["understaffed_share"],
            -r["understaffed_hours"],
            r["district"],
            r["hour_of_day"],
        )
    )
    return rows[:count]


def caption_text(shares: pl.DataFrame, when: str, lang: str) -> str:
    """The worst cells ('Most often short: Gurugram at 11:00–12:00 (14 of 30 hours); …')
    or that no district was ever short, then what the chart shows."""
    named = [
        t(
            "cr.share_worst_cell",
            lang,
            district=district_name(r["district"], lang),
            hours=hour_span(r["hour_of_day"]),
            n=format_compact(r["understaffed_hours"], lang),
            judged=format_compact(r["hours_judged"], lang),
        )
        for r in worst_cells(shares)
    ]
    verdict = (
        t("cr.share_worst", lang, cells="; ".join(named)) if named else t("cr.share_none", lang)
    )
    return f"{verdict} {t('cr.share_caption', lang, when=when)}"


def table_rows(shares: pl.DataFrame, order: list[str], lang: str) -> list[dict]:
    """One row per district (in ``order``) and hour of the day with a judged hour."""
    rank = {d: i for i, d in enumerate(order)}
    names = {d: district_name(d, lang) for d in order}
    columns = ("district", "hour_of_day", "hours_judged", "understaffed_hours")
    rows = sorted(
        (r for r in shares.select(*columns, "understaffed_share").iter_rows() if r[0] in rank),
        key=lambda r: (rank[r[0]], r[1]),
    )
    return [
        {
            "district": names[d],
            "hour": hour_span(hour),
            "hours_judged": judged,
            "understaffed": short,
            "share": share * 100,
        }
        for d, hour, judged, short, share in rows
    ]


def hours_panel(warehouse: Path, kpi: str, grain: str, period: str, lang: str) -> html.Div:
    """The panel for a control-room KPI and a period: its heading, then the message that no
    district's calls carry answer times, or the heatmap with its caption and the table."""
    heading = html.H3(t("h.cr_by_hour", lang))
    shares = data.understaffed_by_hour(warehouse, grain, period)
    if shares.is_empty():
        return html.Div([heading, message(t("cr.no_telephony_any", lang))])
    values = data.kpi_by_district(warehouse, kpi, grain, period)
    order = district_order(compare(values, kpi, data.min_cases(warehouse)), shares)
    when = period_label(period, grain, lang)
    chart = figure_block(
        "explorer-control-room",
        figures.understaffed_heatmap(shares, order, lang),
        caption_text(shares, when, lang),
        lang=lang,
        min_width=900,
        table_beside=True,
    )
    table = data_table(
        "explorer-control-room-table",
        table_rows(shares, order, lang),
        [
            ("district", t("col.district", lang), "text"),
            ("hour", t("cr.col_hour", lang), "text"),
            ("hours_judged", t("cr.col_hours_judged", lang), "int"),
            ("understaffed", t("cr.col_understaffed", lang), "int"),
            ("share", t("cr.col_share", lang), "number1"),
        ],
        t("cr.share_table_caption", lang, when=when),
        page_size=24,
        lang=lang,
        download=("explorer", kpi, grain, period, "control-room-hours"),
    )
    return html.Div([heading, chart, table])
