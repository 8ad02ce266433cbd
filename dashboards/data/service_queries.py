"""Service-delivery queries: pass and relief funnels, RTS counter service per centre and
department, the waiting-time histogram, grievances per channel."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_district_detail
from dashboards.data.cache import fetch
from warehouse.districts import STATE

FUNNELS = "kpi_funnels"
SERVICE_CENTRES = "kpi_service_centres_monthly"
SERVICE_GROUPS = "kpi_service_groups"
WAIT_HISTOGRAM = "kpi_service_wait_histogram"
GRIEVANCES = "kpi_grievances_monthly"


def funnels(warehouse: Path, district: str) -> pl.DataFrame:
    """Pass (applied, decided, approved) and relief (registered, eligible, paid) funnel steps."""
    require_district_detail(district)
    return fetch(
        warehouse,
        f"select funnel, step_order, step, records, share_of_first from {FUNNELS} "
        "where district = ? order by funnel, step_order",
        (district,),
    )


def service_months(warehouse: Path) -> list[str]:
    """Months of the counter-service marts, newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(month, '%Y-%m-%d') as month from {SERVICE_CENTRES} "
        "order by month desc",
    )
    return frame["month"].to_list()


def service_centres(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """RTS figures per centre and department of one month (one district, or all)."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select district, centre, coalesce(centre_type, '') as centre_type, department, "
        "transactions, rts_score, rts_on_time_rate, overdue_pending "
        f"from {SERVICE_CENTRES} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "order by district, centre, department",
        (month, district, district),
    )


def service_groups(warehouse: Path, month: str, scope: str | None, dimension: str) -> pl.DataFrame:
    """RTS score, on-time rate, within-30/45 shares and overdue of one month per member of a
    dimension ('scope', 'centre' or 'department') of one scope (a district or Haryana); scope
    None means every district (each district's own rows, the state's left out)."""
    if scope != STATE:
        require_district_detail(scope)
    return fetch(
        warehouse,
        "select scope as district, member, transactions, rts_scored, rts_score, "
        "within_30_min_share, within_45_min_share, rts_on_time_rate, overdue_pending "
        f"from {SERVICE_GROUPS} where grain = 'month' and period_start = try_cast(? as date) "
        "and dimension = ? "
        "and (scope = ? or (cast(? as varchar) is null and scope <> ?)) "
        "order by scope, member",
        (month, dimension, scope, scope, STATE),
    )


def wait_histogram(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """Completed transactions per 5-minute waiting-time bucket (one district, or all summed);
    the overflow bucket (> 120 min) has bucket_upper_min null."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select bucket_lower_min, bucket_upper_min, is_overflow, rts_points, "
        "sum(transactions) as transactions "
        f"from {WAIT_HISTOGRAM} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "group by all order by bucket_lower_min",
        (month, district, district),
    )


def grievances(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """Grievances received, disposed and pending over 30 days per channel (month received)."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select channel, sum(received) as received, sum(disposed) as disposed, "
        "sum(pending) as pending, sum(pending_over_30d) as pending_over_30d "
        f"from {GRIEVANCES} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "group by channel order by channel",
        (month, district, district),
    )
