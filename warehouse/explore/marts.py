"""Reading KPIs and marts as Polars frames, filtered by district, dates and columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from warehouse import periods
from warehouse.explore.allow_list import TableNotAllowedError, check_table
from warehouse.explore.arguments import Day, as_day, as_list, resolve_district
from warehouse.explore.catalogue import list_kpis
from warehouse.explore.connection import connect, read_frame
from warehouse.kpis import query_kpis
from warehouse.settings import resolve_warehouse

GRAINS = ("day", "week", "month", "total")
CATEGORY_PREFIX = "call_category_share."


def _table_columns(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? order by ordinal_position",
        [name],
    ).fetchall()
    return {column: type_ for column, type_ in rows}


def latest_complete_period(
    grain: str = "month", warehouse: str | Path | None = None
) -> dt.date | None:
    """period_start of the latest complete period of ``grain`` (kpi_periods), or None.

    The default period of a notebook, as of the dashboard's pages and `jansewa scorecard`:
    the latest period every source has been exported to the end of, not the latest one,
    whose last days may be missing. Pass it (and the period's end) as date_from / date_to.
    """
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}: expected one of {', '.join(GRAINS)}")
    with connect(warehouse) as con:
        return periods.latest_complete_period(con, grain)


def kpis(
    district: str | Sequence[str] | None = None,
    kpi: str | Sequence[str] | None = None,
    grain: str = "month",
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """The long KPI table (district, period_start, grain, kpi, numerator, denominator, value,
    complete, status, ci_low, ci_high, quality_flags).

    Exactly what `jansewa kpis` prints (it is ``warehouse.kpis.query_kpis``), with two
    conveniences for notebooks: ``district`` may be several names (any spelling, ``Haryana``
    for the state) and ``kpi`` several ids or a prefix ending in ``.``
    (``"call_category_share."``). With ``date_from``/``date_to`` only records of those days
    count, re-aggregated at the grain (medians and the composite are then left out).
    """
    names = [resolve_district(n) for n in as_list(district)]
    ids = as_list(kpi)
    # KPI ids are filtered here rather than by query_kpis(kpi=...): one code path for one id,
    # several ids and prefixes, and the frame is small once the district is fixed.
    frame = query_kpis(
        resolve_warehouse(warehouse),
        grain=grain,
        date_from=as_day(date_from),
        date_to=as_day(date_to),
        district=names[0] if len(names) == 1 else None,
    )
    if len(names) > 1:
        frame = frame.filter(pl.col("district").is_in(names))
    if ids:
        wanted = pl.lit(False)
        for k in ids:
            wanted = wanted | (
                pl.col("kpi").str.starts_with(k) if k.endswith(".") else (pl.col("kpi") == k)
            )
        frame = frame.filter(wanted)
        unknown = {k for k in ids if not k.endswith(".")} - set(list_kpis(warehouse)["kpi"])
        if unknown:
            raise ValueError(f"unknown KPI id(s) {', '.join(sorted(unknown))} (see list_kpis())")
    return frame


def table(
    name: str,
    district: str | Sequence[str] | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
    **equals: object,
) -> pl.DataFrame:
    """Any allow-listed mart as a Polars frame, filtered.

    ``district`` filters a ``district`` column (any spelling); ``date_from``/``date_to`` filter
    the table's date column (day, period_start, month, week_start or date); other keyword
    arguments are equality filters on columns the table has (``kpi="rts_score"``). Unknown
    tables and unknown filter columns are refused, not ignored.
    """
    check_table(name)
    with connect(warehouse) as con:
        columns = _table_columns(con, name)
        if not columns:
            raise TableNotAllowedError(f"table {name!r} is not in this snapshot")
        where, params = [], []
        names = as_list(district)
        if names:
            if "district" not in columns:
                raise ValueError(f"{name} has no district column")
            canon = [resolve_district(n) for n in names]
            where.append(f"district in ({', '.join('?' * len(canon))})")
            params += canon
        if date_from is not None or date_to is not None:
            date_col = next(
                (c for c in ("day", "period_start", "month", "week_start", "date") if c in columns),
                None,
            )
            if date_col is None:
                raise ValueError(f"{name} has no date column to filter on")
            if date_from is not None:
                where.append(f'"{date_col}" >= ?')
                params.append(as_day(date_from))
            if date_to is not None:
                where.append(f'"{date_col}" <= ?')
                params.append(as_day(date_to))
        for column, value in equals.items():
            if column not in columns:
                raise ValueError(f"{name} has no column {column!r}")
            where.append(f'"{column}" = ?')
            params.append(value)
        sql = f'select * from "{name}"' + (f" where {' and '.join(where)}" if where else "")
        return read_frame(con, sql, params)
