"""Case-list queries (case_summary, case_list; warehouse/cases.py says what they hold): the
counts per list and age, the departments that have cases, and the records themselves, most
overdue first. Every value is a parameter; results are cached per snapshot version."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_case_lists
from dashboards.data.cache import fetch
from warehouse.cases import COLUMNS

CASE_LIST = "case_list"
CASE_SUMMARY = "case_summary"


def case_as_of(warehouse: Path) -> str | None:
    """The newest as-of date of the lists (ISO), None when there is no case."""
    frame = fetch(warehouse, f"select strftime(max(as_of), '%Y-%m-%d') as d from {CASE_SUMMARY}")
    return frame["d"][0] if frame.height else None


def case_counts(warehouse: Path, district: str | None, department: str | None) -> pl.DataFrame:
    """Cases per list and ageing bucket (kind, ageing_bucket, cases, oldest_days_overdue) of
    one district (None: every district together), of one department or all."""
    require_case_lists(district)
    return fetch(
        warehouse,
        "select kind, ageing_bucket, sum(cases)::bigint as cases, "
        f"max(oldest_days_overdue) as oldest_days_overdue from {CASE_SUMMARY} "
        "where (cast(? as varchar) is null or district = ?) "
        "and (cast(? as varchar) is null or department = ?) "
        "group by kind, ageing_bucket order by kind, ageing_bucket",
        (district, district, department, department),
    )


def case_counts_by_district(warehouse: Path, department: str | None) -> pl.DataFrame:
    """Cases per district and list (district, kind, cases), of one department or all."""
    require_case_lists(None)
    return fetch(
        warehouse,
        f"select district, kind, sum(cases)::bigint as cases from {CASE_SUMMARY} "
        "where (cast(? as varchar) is null or department = ?) "
        "group by district, kind order by district, kind",
        (department, department),
    )


def case_departments(warehouse: Path, district: str | None) -> list[str]:
    """The departments with at least one case in the district (None: anywhere; department
    names only, which every role may know: the pickers check addresses against them)."""
    if district is not None:
        require_case_lists(district)
    frame = fetch(
        warehouse,
        f"select distinct department from {CASE_SUMMARY} where department is not null "
        "and (cast(? as varchar) is null or district = ?) order by department",
        (district, district),
    )
    return frame["department"].to_list()


def case_records(
    warehouse: Path,
    district: str,
    department: str | None,
    kinds: list[str],
    bucket: str | None,
    limit: int | None = None,
) -> pl.DataFrame:
    """The records of one district on the lists ``kinds``, of one department and ageing
    bucket or all, most days overdue first (at most ``limit``; every one when None)."""
    require_case_lists(district)
    return fetch(
        warehouse,
        f"select {', '.join(COLUMNS)} from {CASE_LIST} "
        "where district = ? and list_contains(?::varchar[], kind) "
        "and (cast(? as varchar) is null or department = ?) "
        "and (cast(? as varchar) is null or ageing_bucket = ?) "
        "order by days_overdue desc nulls last, kind, record_id "
        + ("limit ?" if limit is not None else ""),
        (district, kinds, department, department, bucket, bucket)
        + ((limit,) if limit is not None else ()),
    )
