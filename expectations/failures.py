"""Where a failed expectation's rows are: counts per district and month (table dq_failures).

The runner keeps a few example rows of a failed check for people to read; a gate must not
flag districts from them (five examples name five districts at most and say nothing of the
month). So each failed expectation is stated again as a query over its staging table -- the
condition GX evaluates, or the suite's own ``unexpected_rows_query`` -- and its rows are
counted per district and per month of the row's event time (the source's ``event_time``).

    not null / in set / between   the column condition, as GX's SQL applies it (nulls are
                                  not unexpected for "in set" and "between")
    unique                        every row whose value occurs more than once (as GX counts)
    unexpected rows (a query)     rows that carry ``_file`` and ``_line`` are dated by their
                                  staged row; rows that carry ``district`` and ``period`` (the
                                  volume rule: one row per district-day or -week) by those;
                                  a query that names no district counts for the whole table

A row with no event time is counted with ``period_start`` null (undated); a check that cannot
be placed at all (an unknown expectation type, an error) is one row with district and period
null. The counts of one check add up to its ``unexpected_count``; any rows the runner counted
that a query could not place are kept as one unplaced row, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from warehouse.schema import staging_table
from warehouse.sources import Source

COLUMN_TYPES = {
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_unique",
}
# kwargs understood here ("mostly" changes the verdict, not which rows are unexpected)
_KNOWN_KWARGS = {
    "column",
    "mostly",
    "value_set",
    "min_value",
    "max_value",
    "strict_min",
    "strict_max",
}


@dataclass(frozen=True)
class FailureCount:
    """Rows that break one check in one district and month (``None``: not attributable)."""

    district: str | None
    period_start: dt.date | None
    rows: int | None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_condition(table: str, type_: str, kwargs: dict[str, Any]) -> tuple[str, list] | None:
    """The SQL condition (and its parameters) a row of ``table`` breaks, or None if unknown."""
    if set(kwargs) - _KNOWN_KWARGS or "column" not in kwargs:
        return None
    col = _ident(kwargs["column"])
    if type_ == "expect_column_values_to_not_be_null":
        return f"{col} is null", []
    if type_ == "expect_column_values_to_be_in_set":
        return f"{col} is not null and not list_contains(?, {col})", [list(kwargs["value_set"])]
    if type_ == "expect_column_values_to_be_unique":
        duplicated = (
            f"select {col} from {table} where {col} is not null group by all having count(*) > 1"
        )
        return f"{col} in ({duplicated})", []
    if type_ == "expect_column_values_to_be_between":
        parts, params = [], []
        for bound, strict, below in (
            ("min_value", "strict_min", True),
            ("max_value", "strict_max", False),
        ):
            if kwargs.get(bound) is None:
                continue
            op = (
                ("<=" if kwargs.get(strict) else "<")
                if below
                else (">=" if kwargs.get(strict) else ">")
            )
            parts.append(f"{col} {op} ?")
            params.append(kwargs[bound])
        if not parts:
            return None
        return f"{col} is not null and ({' or '.join(parts)})", params
    return None


def _month(expr: str) -> str:
    return f"cast(date_trunc('month', {expr}) as date)"


def breakdown_query(
    con: duckdb.DuckDBPyConnection, source: Source, expectation: dict[str, Any]
) -> tuple[str, list] | None:
    """SQL returning (district, period_start, rows) for one expectation of a source's suite.

    None when the expectation cannot be stated per row (its rows are then counted unplaced).
    """
    table = staging_table(source)
    event = _ident(source.event_time)
    type_, kwargs = expectation["type"], expectation["kwargs"]
    if type_ in COLUMN_TYPES:
        found = _column_condition(table, type_, kwargs)
        if found is None:
            return None
        condition, params = found
        sql = (
            f"select district, {_month(event)} as period_start, count(*) as rows\n"
            f"from {table}\nwhere {condition}\ngroup by all"
        )
        return sql, params
    if type_ != "unexpected_rows_expectation":
        return None
    bad = kwargs["unexpected_rows_query"].replace("{batch}", table)
    # The query's own columns say how its rows can be placed; a trailing comment in the
    # reviewed query is closed by the newline before the parenthesis.
    columns = {d[0] for d in con.execute(f"select * from (\n{bad}\n) as bad limit 0").description}
    if {"_file", "_line"} <= columns:
        # One staged row per (file, line): it dates the offending row (the query may not
        # select the event time). min() keeps one match per row whatever the table holds.
        sql = (
            f"with bad as (\n{bad}\n),\n"
            f"dated as (select _file, _line, min({event}) as event from {table} group by all)\n"
            f"select {'bad.district' if 'district' in columns else 'null'} as district,\n"
            f"  {_month('dated.event')} as period_start, count(*) as rows\n"
            "from bad left join dated on dated._file = bad._file and dated._line = bad._line\n"
            "group by all"
        )
        return sql, []
    district = "district" if "district" in columns else "null"
    period = _month("period") if "period" in columns else "cast(null as date)"
    sql = (
        f"select {district} as district, {period} as period_start, count(*) as rows\n"
        f"from (\n{bad}\n) as bad\ngroup by all"
    )
    return sql, []


def count_failures(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    expectation: dict[str, Any],
    unexpected_count: int | None,
) -> list[FailureCount]:
    """The rows breaking one failed expectation, per district and month, sorted.

    ``unexpected_count`` is the runner's count (None when the check errored): rows it counted
    that the breakdown could not place are kept as one row with district and period null.
    """
    if unexpected_count is None:
        return [FailureCount(None, None, None)]
    query = breakdown_query(con, source, expectation)
    counts: list[FailureCount] = []
    if query is not None:
        sql, params = query
        rows = con.execute(f"select * from (\n{sql}\n) order by all", params).fetchall()
        counts = [FailureCount(d, p, int(n)) for d, p, n in rows]
    unplaced = unexpected_count - sum(c.rows or 0 for c in counts)
    if unplaced > 0:
        counts.append(FailureCount(None, None, unplaced))
    return counts
