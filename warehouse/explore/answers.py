"""Answers two or more notebooks need: call mix, rankings, trends, centre scores, waits.

They read what the marts computed; none of them re-derives a KPI from a mart's raw columns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from warehouse.districts import STATE
from warehouse.explore.arguments import Day, as_day, resolve_district
from warehouse.explore.connection import query_frame, snapshot_file
from warehouse.explore.figures import trend_figure
from warehouse.explore.marts import CATEGORY_PREFIX, kpis
from warehouse.kpi_catalogue import catalogue
from warehouse.sources import HELPLINE_CATEGORIES


def call_mix(
    district: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> pl.DataFrame:
    """Calls by category for one district (or Haryana) over a range, largest first.

    Columns: category, label, calls, share. Counts come from the numerators of the
    ``call_category_share.*`` KPIs at grain total, so they add up to ``calls_received``.
    """
    frame = kpis(district, CATEGORY_PREFIX, "total", date_from, date_to, warehouse)
    return (
        frame.select(
            pl.col("kpi").str.strip_prefix(CATEGORY_PREFIX).alias("category"),
            pl.col("numerator").cast(pl.Int64).alias("calls"),
        )
        .with_columns(
            pl.col("category")
            .replace_strict(
                {k: v[0] for k, v in HELPLINE_CATEGORIES.items()}, default=pl.col("category")
            )
            .alias("label"),
            (pl.col("calls") / pl.col("calls").sum()).alias("share"),
        )
        .select("category", "label", "calls", "share")
        .sort("calls", "category", descending=[True, False])
    )


def ranking(
    kpi: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> pl.DataFrame:
    """The 22 districts ranked on one KPI over a range (grain total), best first.

    The direction comes from the KPI catalogue (lower is better for backlogs, medians and
    ranks; where it names no direction, the largest value comes first); districts with no
    value (a zero denominator) come last, unranked.
    """
    entry = catalogue().get(kpi)
    lower_is_better = entry is not None and entry.direction == "lower"
    frame = kpis(None, kpi, "total", date_from, date_to, warehouse).filter(
        pl.col("district") != STATE
    )
    return (
        frame.sort("value", descending=not lower_is_better, nulls_last=True)
        .with_columns(
            pl.when(pl.col("value").is_not_null())
            .then(pl.col("value").rank("min", descending=not lower_is_better))
            .cast(pl.Int64)
            .alias("rank")
        )
        .select("rank", "district", "kpi", "numerator", "denominator", "value", "status")
    )


def best_district(
    kpi: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> str | None:
    """The district that ranks first on a KPI over the range; None if no district has a value."""
    top = ranking(kpi, date_from, date_to, warehouse).filter(pl.col("rank") == 1)
    return top["district"][0] if top.height else None


def trend_vs_state_and_best(
    district: str,
    kpi: str,
    grain: str = "week",
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> go.Figure:
    """A district's trend on a KPI against the state and the best district over the range.

    The question a district office asks first: are we above the state, and how far from the
    best? The best district is ranked at grain total over the same range.
    """
    name = resolve_district(district)
    best = best_district(kpi, date_from, date_to, warehouse)
    names = list(dict.fromkeys(n for n in (STATE, name, best) if n))
    frame = kpis(names, kpi, grain, date_from, date_to, warehouse)
    title = f"{kpi}: {name} vs Haryana" + (f" and the best district ({best})" if best else "")
    return trend_figure(frame, kpi, title=title, highlight=name)


def _service_groups(
    scope: str | None, dimension: str, month: Day, warehouse: str | Path | None
) -> pl.DataFrame:
    """Rows of ``kpi_service_groups`` for one dimension, one month or (None) the whole period.

    ``scope`` None means every district's own rows (the state's left out).
    """
    grain = "total" if month is None else "month"
    sql = """
        select
            scope as district,
            member,
            centre_type,
            transactions,
            rts_scored,
            rts_score,
            within_30_min_share,
            within_45_min_share,
            rts_on_time_rate,
            overdue_pending as rts_overdue_pending,
            sms_coverage
        from kpi_service_groups
        where grain = ?
            and (?::date is null or period_start = date_trunc('month', ?::date))
            and dimension = ?
            and (scope = ? or (?::varchar is null and scope <> ?))
        order by rts_score desc nulls last, transactions desc, scope, member
    """
    day = as_day(month) if month is not None else None
    return query_frame(warehouse, sql, [grain, day, day, dimension, scope, scope, STATE])


def centre_scores(
    district: str | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """Counter service per centre: RTS waiting-time score, on-time and SMS rates, best first.

    Without a range the rates are read from ``kpi_service_groups`` (whole period) as the
    marts computed them. With one, the mart's monthly rows whose first day falls in the range
    are rolled up the way ``jansewa kpis`` rolls up a range: numerators and denominators
    summed, then divided (never a mean of monthly scores); the mart is monthly, so a range
    is counted in whole months.
    """
    scope = resolve_district(district) if district is not None else None
    if date_from is None and date_to is None:
        return (
            _service_groups(scope, "centre", None, warehouse)
            .rename({"member": "centre"})
            .select(
                "district",
                "centre",
                "centre_type",
                "transactions",
                "rts_scored",
                "rts_score",
                "rts_on_time_rate",
                "rts_overdue_pending",
                "sms_coverage",
            )
        )
    sql = """
        select
            scope as district,
            member as centre,
            any_value(centre_type) as centre_type,
            sum(transactions)::bigint as transactions,
            sum(rts_scored)::bigint as rts_scored,
            sum(rts_points) / nullif(sum(rts_scored), 0) as rts_score,
            sum(on_time) / nullif(sum(delivered_with_timeline), 0) as rts_on_time_rate,
            sum(overdue_pending)::bigint as rts_overdue_pending,
            sum(sms_sent) / nullif(sum(completed), 0) as sms_coverage
        from kpi_service_groups
        where grain = 'month'
            and dimension = 'centre'
            and (?::varchar is null or scope = ?)
            and (?::date is null or period_start >= date_trunc('month', ?::date))
            and (?::date is null or period_start <= ?::date)
        group by scope, member
        order by rts_score desc nulls last, transactions desc, district, centre
    """
    first, last = as_day(date_from), as_day(date_to)
    return query_frame(warehouse, sql, [scope, scope, first, first, last, last])


def service_summary(
    district: str | None = None, month: Day = None, warehouse: str | Path | None = None
) -> pl.DataFrame:
    """One district's (None or ``Haryana``: the state's) counter service in one row.

    Columns: district, transactions, rts_scored, rts_score, within_30_min_share,
    within_45_min_share (the scored transactions done within 30 / 45 minutes of the token),
    rts_on_time_rate, rts_overdue_pending, sms_coverage; for the month ``month`` falls in,
    or the whole period when it is None.
    """
    scope = resolve_district(district) if district is not None else STATE
    return _service_groups(scope, "scope", month, warehouse).drop("member", "centre_type")


def wait_histogram(
    district: str | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """Counter waiting times in 5-minute buckets, with the share done by each bucket's end.

    From ``kpi_service_wait_histogram`` (monthly, whole months as in ``centre_scores``);
    ``district`` None or ``Haryana`` sums every district. The 30- and 45-minute marks of the
    RTS score fall on bucket edges; the shares within them are read from
    ``service_summary``.
    """
    where, params = ["true"], []
    if district is not None and resolve_district(district) != STATE:
        where.append("district = ?")
        params.append(resolve_district(district))
    if date_from is not None:
        where.append("month >= date_trunc('month', ?::date)")
        params.append(as_day(date_from))
    if date_to is not None:
        where.append("month <= ?::date")
        params.append(as_day(date_to))
    sql = f"""
        with buckets as (
            select
                bucket_lower_min,
                any_value(bucket_upper_min) as bucket_upper_min,
                bool_or(is_overflow) as is_overflow,
                any_value(rts_points) as rts_points,
                sum(transactions)::bigint as transactions
            from kpi_service_wait_histogram
            where {" and ".join(where)}
            group by bucket_lower_min
        )
        select
            *,
            transactions / sum(transactions) over () as share,
            sum(transactions) over (order by bucket_lower_min)
                / sum(transactions) over () as share_by_end
        from buckets
        order by bucket_lower_min
    """
    return query_frame(warehouse, sql, params)


# KPIs whose weekly trend the district report draws against the state and the best district.
REPORT_TREND_KPIS = (
    "call_resolution_rate",
    "food_within_2h_rate",
    "pass_approval_rate",
    "relief_disbursal_coverage",
    "rts_score",
    "grievance_disposal_rate",
)


def report_heading(
    district: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> str:
    """The report's title in Markdown: district, the days actually covered, snapshot time.

    An open range is shown as the first/last day the data has, so a printed report says
    what it covers without its reader knowing the parameters.
    """
    name = resolve_district(district)
    first, last = query_frame(
        warehouse,
        "select min(day) as first, max(day) as last from kpi_daily "
        "where (?::date is null or day >= ?::date) and (?::date is null or day <= ?::date)",
        [as_day(date_from), as_day(date_from), as_day(date_to), as_day(date_to)],
    ).row(0)
    published = dt.datetime.fromtimestamp(snapshot_file(warehouse).stat().st_mtime)
    span = f"{first:%d %B %Y} to {last:%d %B %Y}" if first and last else "no data in range"
    return (
        f"# District report: {name}\n\n"
        f"**Period:** {span} · **Data:** published snapshot of {published:%d %B %Y, %H:%M}\n\n"
        "Counts and rates from the Jansewa warehouse; rates carry their numerator and "
        "denominator, and a rate with nothing to count is shown as a dash, not zero."
    )
