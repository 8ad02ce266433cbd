"""KPI queries on `kpi_values` and `kpi_catalog`: ids, periods, one KPI across districts or
over time, every KPI of a period, the state row, the helpline call mix.

Every value comes with what a fair comparison needs: its case count (denominator), its 95 %
Wilson interval (ci_low, ci_high; rates only), whether its period is covered to its end
(complete) and its status (final | provisional | partial; see warehouse/reference/kpis.yml,
maturity_days)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_district_detail
from dashboards.data.cache import fetch
from dashboards.data.optional_columns import optional
from warehouse.districts import STATE

# The marts this module reads (names and columns as written by warehouse/models/marts/).
KPI_VALUES = "kpi_values"
KPI_CATALOG = "kpi_catalog"


def kpi_ids(warehouse: Path) -> list[str]:
    """Every KPI id the snapshot has."""
    frame = fetch(warehouse, f"select distinct kpi from {KPI_VALUES} order by kpi")
    return frame["kpi"].to_list()


def periods(warehouse: Path, grain: str) -> list[str]:
    """Period starts (ISO dates) of a grain, newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(period_start, '%Y-%m-%d') as period_start from {KPI_VALUES} "
        "where grain = ? order by period_start desc",
        (grain,),
    )
    return frame["period_start"].to_list()


def kpi_by_district(warehouse: Path, kpi: str, grain: str, period: str) -> pl.DataFrame:
    """One KPI for one period: a row per district and the state row (district = Haryana)."""
    return fetch(
        warehouse,
        "select district, numerator, denominator, value, "
        f"{optional(warehouse, KPI_VALUES, 'ci_low', 'ci_high', 'complete', 'status')} "
        f"from {KPI_VALUES} "
        "where kpi = ? and grain = ? and period_start = try_cast(? as date) order by district",
        (kpi, grain, period),
    )


def kpi_trend(warehouse: Path, kpi: str, grain: str, districts: list[str]) -> pl.DataFrame:
    """One KPI over time for the chosen districts and the state."""
    names = sorted(set(districts) | {STATE})
    return fetch(
        warehouse,
        f"select district, strftime(period_start, '%Y-%m-%d') as period_start, numerator, "
        f"denominator, value, {optional(warehouse, KPI_VALUES, 'ci_low', 'ci_high', 'status')} "
        f"from {KPI_VALUES} where kpi = ? and grain = ? and list_contains(cast(? as varchar[]), district) "
        "order by district, period_start",
        (kpi, grain, names),
    )


def period_values(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Every KPI of every district (and the state) for one period: ~1,000 rows."""
    return fetch(
        warehouse,
        "select district, kpi, numerator, denominator, value, "
        f"{optional(warehouse, KPI_VALUES, 'ci_low', 'ci_high', 'status')} from {KPI_VALUES} "
        "where grain = ? and period_start = try_cast(? as date) order by kpi, district",
        (grain, period),
    )


def state_values(warehouse: Path, grain: str, period_list: list[str]) -> pl.DataFrame:
    """The state row of every KPI for the given periods (current and previous)."""
    return fetch(
        warehouse,
        f"select strftime(period_start, '%Y-%m-%d') as period_start, kpi, numerator, "
        f"denominator, value, {optional(warehouse, KPI_VALUES, 'ci_low', 'ci_high', 'status')} "
        f"from {KPI_VALUES} where district = ? and grain = ? "
        "and list_contains(try_cast(? as date[]), period_start) order by kpi, period_start",
        (STATE, grain, list(period_list)),
    )


def category_mix(warehouse: Path, district: str, grain: str) -> pl.DataFrame:
    """Share of calls per category over time for one district (or the state)."""
    require_district_detail(district)
    return fetch(
        warehouse,
        f"select strftime(period_start, '%Y-%m-%d') as period_start, "
        "substr(kpi, length('call_category_share.') + 1) as category, numerator, denominator, value "
        f"from {KPI_VALUES} where district = ? and grain = ? "
        "and starts_with(kpi, 'call_category_share.') order by period_start, category",
        (district, grain),
    )


def kpi_catalog(warehouse: Path) -> pl.DataFrame:
    """Every KPI id with its kind, unit and direction (higher | lower | null)."""
    return fetch(
        warehouse, f"select kpi, label, kind, unit, direction from {KPI_CATALOG} order by kpi"
    )
