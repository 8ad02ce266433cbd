"""Data-quality queries: the latest expectation results, freshness per source and district,
quarantined rows by reason (counts only, never row contents)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.data.cache import fetch

DQ_RESULTS = "dq_results"
FRESHNESS = "kpi_source_freshness"
QUARANTINE_SUMMARY = "kpi_quarantine_summary"


def dq_latest(warehouse: Path) -> pl.DataFrame:
    """Each source's results from its latest validation run, failures first. Example values
    are not read: they may carry record ids."""
    return fetch(
        warehouse,
        "with latest as (select source, arg_max(run_id, validated_at) as run_id "
        f"from {DQ_RESULTS} group by source) "
        "select d.source, d.expectation, d.severity, d.success, d.unexpected_count, "
        "d.observed_value, strftime(d.validated_at, '%Y-%m-%d %H:%M') as validated_at "
        f"from {DQ_RESULTS} as d join latest as l on l.source = d.source and l.run_id = d.run_id "
        "order by d.success, d.severity, d.source, d.expectation",
    )


def freshness(warehouse: Path) -> pl.DataFrame:
    """Newest record per source and district, and how many days it trails the source's
    freshest district (0 = as fresh as any)."""
    return fetch(
        warehouse,
        "select source, district, records, strftime(last_event_day, '%Y-%m-%d') as last_event_day, "
        "strftime(last_loaded_at, '%Y-%m-%d %H:%M') as last_loaded_at, "
        "date_diff('day', last_event_day, max(last_event_day) over (partition by source)) as age_days "
        f"from {FRESHNESS} order by source, district",
    )


def quarantine_summary(warehouse: Path) -> pl.DataFrame:
    """Quarantined rows per source, reason and file (counts only, never row contents)."""
    return fetch(
        warehouse,
        f"select source, reason, file, rows, columns from {QUARANTINE_SUMMARY} "
        "order by rows desc, source, reason, file",
    )


DATA_QUALITY = "kpi_data_quality"
KPI_CATALOG_TABLE = "kpi_catalog"
SCORECARD_WEIGHTS = "ref_scorecard_weights"


def dq_flags(warehouse: Path, grain: str, period: str | None, period_end: str | None = None):
    """Flagged source x district rows of kpi_data_quality for a period: the 'total' rows for
    the whole period, else the 'month' rows of every month the period touches (a week or a
    day: its month or two). ``scored`` says whether the source feeds a scored KPI: those are
    the flags the scorecard's gate shows beside a rank."""
    end = period_end or period
    return fetch(
        warehouse,
        "with scored as (select distinct c.source from "
        f"{KPI_CATALOG_TABLE} as c inner join {SCORECARD_WEIGHTS} as w on w.kpi = c.kpi) "
        "select strftime(q.period_start, '%Y-%m-%d') as month, q.source, q.district, "
        "q.flags, q.reason, q.source in (select source from scored) as scored "
        f"from {DATA_QUALITY} as q "
        "where q.flagged and q.district is not null and ("
        "(? = 'total' and q.grain = 'total') or (? <> 'total' and q.grain = 'month' "
        "and q.period_start between date_trunc('month', try_cast(? as date)) "
        "and date_trunc('month', try_cast(? as date)))) "
        "order by q.district, q.source, q.period_start",
        (grain, grain, period, end),
    )


def dq_flag_history(warehouse: Path):
    """Every flagged source x district x month (newest month first): the quality page."""
    return fetch(
        warehouse,
        "select strftime(period_start, '%Y-%m-%d') as month, source, district, flags, reason, "
        "staged_rows, quarantined_rows, quarantine_share, failed_checks, stale_days "
        f"from {DATA_QUALITY} where grain = 'month' and flagged "
        "order by period_start desc, source, district nulls last",
    )
