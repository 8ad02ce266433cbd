"""The district profile's "e-Office by office": the district's offices ranked on the share of
their files moved electronically (with its 95 % interval), their median days per file
movement and their idle files, each office followed by its departments.

Offices are ranked by the rule every ranking follows (dashboards.comparison): an office on
fewer than min_cases files is shown, grey and with its count, but not ranked; overlapping
intervals share a rank; nothing is ranked in a provisional or partial period. The mart is
monthly (kpi_eoffice_offices): a week is shown with the month it starts in, the whole period
with the mart's total rows. The page (dashboards/pages/district.py) gives the block its own
callback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from dash import html

from dashboards import data, figures
from dashboards.comparison import compare, interval_text, note_text, rank_text
from dashboards.figure_block import figure_block
from dashboards.i18n import data_name, department_name, district_name, format_day, t
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table

KPI = "eoffice_electronic_share"


def eoffice_period(grain: str, period: str) -> tuple[str, str]:
    """(mart grain, period) for the page's grain and period: a month as it is, a week as the
    month it starts in ('2020-05-25' -> '2020-05-01'), the whole period as 'total'."""
    if grain == "total":
        return "total", period
    return "month", dt.date.fromisoformat(period[:10]).replace(day=1).isoformat()


def office_ranking(offices: pl.DataFrame, min_cases: int, status: str | None = "final") -> list:
    """The office rows (level 'office') of one district and period as dicts, ranked on their
    electronic share by dashboards.comparison.compare: each with office, files, electronic,
    value (the share), ci_low, ci_high, files_moved, median_days_per_movement, files_idle,
    note (too_few | provisional | partial | None), rank (None when not ranked) and shared.
    ``status`` is the period's status for the district's electronic share."""
    frame = offices.filter(pl.col("level") == "office").select(
        pl.col("office").alias("district"),
        pl.col("electronic_share").alias("value"),
        pl.col("electronic").cast(pl.Float64).alias("numerator"),
        pl.col("files").cast(pl.Float64).alias("denominator"),
        "ci_low",
        "ci_high",
        pl.lit(status, dtype=pl.Utf8).alias("status"),
        "files",
        "electronic",
        "files_moved",
        "median_days_per_movement",
        "files_idle",
    )
    ranked = compare(frame, KPI, min_cases)
    for row in ranked:
        row["office"] = row.pop("district")
    return ranked


def _district_share(warehouse: Path, district: str, grain: str, period: str) -> dict:
    """The district's own electronic share row of kpi_values (value, status), or {}."""
    values = data.kpi_by_district(warehouse, KPI, grain, period)
    rows = values.filter(pl.col("district") == district).to_dicts()
    return rows[0] if rows else {}


def _table_rows(ranked: list[dict], rows: pl.DataFrame, lang: str) -> list[dict]:
    """Each ranked office, then its departments (not ranked), as table rows."""
    by_office = rows.filter(pl.col("level") == "department").partition_by("office", as_dict=True)
    out = []
    for r in ranked:
        out.append(
            {
                "rank": rank_text(r),
                "office": data_name(r["office"], lang),
                "department": t("eo.all_departments", lang),
                "files": r["files"],
                "share": None if r["value"] is None else r["value"] * 100,
                "interval": interval_text(KPI, r["ci_low"], r["ci_high"]),
                "median_days": r["median_days_per_movement"],
                "idle": r["files_idle"],
                "note": note_text(r, lang),
            }
        )
        departments = by_office.get((r["office"],))
        for d in [] if departments is None else departments.iter_rows(named=True):
            share = d["electronic_share"]
            out.append(
                {
                    "rank": "",
                    "office": data_name(r["office"], lang),
                    "department": department_name(d["department"], lang)
                    or t("eo.no_department", lang),
                    "files": d["files"],
                    "share": None if share is None else share * 100,
                    "interval": interval_text(KPI, d["ci_low"], d["ci_high"]),
                    "median_days": d["median_days_per_movement"],
                    "idle": d["files_idle"],
                    "note": "",
                }
            )
    return out


def eoffice_block(warehouse: Path, district: str, grain: str, period: str, lang: str):
    """The chart of the district's offices and the table of offices and departments."""
    mart_grain, mart_period = eoffice_period(grain, period)
    rows = data.eoffice_offices(warehouse, district, mart_grain, mart_period)
    if rows.is_empty():
        return message(t("msg.no_rows", lang))
    min_cases = data.min_cases(warehouse)
    own = _district_share(warehouse, district, mart_grain, mart_period)
    status = own.get("status") or "final"
    ranked = office_ranking(rows, min_cases, status)
    where = district_name(district, lang)
    when = period_label(mart_period, mart_grain, lang)
    first = [data_name(r["office"], lang) for r in ranked if r["rank"] == 1]
    caption = " ".join(
        [
            t("eo.caption", lang, when=when, district=where),
            t("eo.leading", lang, offices=", ".join(first)) if first else t("eo.none_ranked", lang),
            t("eo.rank_how", lang, min_cases=min_cases),
            t("eo.week_month", lang) if grain == "week" else "",
        ]
    ).strip()
    offices = rows.filter(pl.col("level") == "office")
    chart = figure_block(
        "district-eoffice",
        figures.office_share_bars(offices, district, own.get("value"), lang, min_cases, status),
        caption,
        lang=lang,
    )
    as_of = rows["as_of"][0]
    table = data_table(
        "district-eoffice-table",
        _table_rows(ranked, rows, lang),
        [
            ("rank", t("col.rank", lang), "text"),
            ("office", t("col.office", lang), "text"),
            ("department", t("col.department", lang), "text"),
            ("files", t("col.files", lang), "int"),
            ("share", t("col.electronic_share", lang), "number1"),
            ("interval", t("col.interval", lang), "text"),
            ("median_days", t("col.median_days_movement", lang), "number1"),
            ("idle", t("col.files_idle", lang), "int"),
            ("note", t("col.status", lang), "text"),
        ],
        t(
            "eo.table_caption",
            lang,
            when=when,
            district=where,
            as_of=format_day(as_of, lang) if as_of else "–",
        ),
        page_size=60,
        lang=lang,
        download=("district", district, mart_grain, mart_period, "eoffice-offices"),
    )
    return html.Div([chart, table])
