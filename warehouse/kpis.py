"""Read the long KPI table from the published snapshot: `jansewa kpis` and the notebooks.

Readers never open the pipeline's own DuckDB file: `query_kpis` opens the snapshot published
beside it (warehouse.snapshot.connect_snapshot), read-only, with parameterised SQL only.

Without a date range the rows come from `kpi_values` as built. With `date_from` / `date_to`
the records counted are restricted to event days in [from, to] and re-aggregated from
`kpi_daily` (sums of numerators and denominators), so every grain -- total included --
covers exactly that range; the total's period_start is then the first day with data in the
range. Medians and the composite index/rank cannot be rebuilt from daily sums and are left
out of a restricted query (read them unrestricted, or at the day grain from kpi_values).
The per-lakh KPIs are rebuilt from the restricted counts, and the 95 % Wilson intervals
(ci_low, ci_high) of the proportions are computed on the re-aggregated numerators and
denominators by kpi_values.sql itself (warehouse.kpi_range_sql). complete, status and
quality_flags come from warehouse.kpi_annotations; a restricted range is complete only when
every KPI's source has been exported up to the range's end.

Everything is one DuckDB query: `jansewa kpis` fetches its rows as Python tuples
(``kpi_rows``) and never imports Polars or pyarrow, which cost about 0.17 s of the command's
0.37 s; notebooks and tests get the same rows as a Polars frame (``query_kpis``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.districts import STATE, canonical_district, lookup_key
from warehouse.kpi_annotations import annotated_sql
from warehouse.kpi_range_sql import NO_POPULATION_SQL, POPULATION_SQL, range_sql
from warehouse.snapshot import connect_snapshot

if TYPE_CHECKING:
    import polars as pl

GRAINS = ("day", "week", "month", "total")
COLUMNS = [
    "district",
    "period_start",
    "grain",
    "kpi",
    "numerator",
    "denominator",
    "value",
    "complete",
    "status",
    "ci_low",
    "ci_high",
    "quality_flags",
]

_UNRESTRICTED = """
select district, period_start, grain, kpi, numerator, denominator, value, complete, status,
    ci_low, ci_high
from kpi_values
where grain = $grain
    and ($district::varchar is null or district = $district)
    and ($kpi::varchar is null or kpi = $kpi)
"""


_NO_INTERVALS = "null::double as ci_low, null::double as ci_high"
_NO_STATUS = "null::boolean as complete, null::varchar as status"


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.sql(
        "select column_name from information_schema.columns where table_name = ?", params=[table]
    ).fetchall()
    return {row[0] for row in rows}


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0] for row in con.sql("select table_name from information_schema.tables").fetchall()
    }


def resolve_district(name: str) -> str:
    """Any spelling of a district, or the state ('Haryana'), to its canonical name.

    Raises ValueError (UnknownDistrictError) for a name that matches neither.
    """
    if lookup_key(name) == lookup_key(STATE):
        return STATE
    return canonical_district(name)


@contextmanager
def _kpi_query(
    warehouse: Path,
    grain: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    district: str | None,
    kpi: str | None,
) -> Iterator[duckdb.DuckDBPyRelation]:
    """The one query behind ``query_kpis`` and ``kpi_rows``, on an open snapshot connection."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}: expected one of {', '.join(GRAINS)}")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValueError(f"--from {date_from} is after --to {date_to}")
    district_name = resolve_district(district) if district is not None else None
    restricted = date_from is not None or date_to is not None
    with connect_snapshot(warehouse) as con:
        known = con.sql("select count(*) from kpi_catalog where kpi = ?", params=[kpi])
        if kpi is not None and not known.fetchall()[0][0]:
            raise ValueError(f"unknown KPI id {kpi!r} (the ids are listed in kpi_catalog)")
        tables = _tables(con)
        if not restricted:
            rows_sql = _UNRESTRICTED
            present = _columns(con, "kpi_values")
            if "ci_low" not in present:  # published before the intervals
                rows_sql = rows_sql.replace("ci_low, ci_high", _NO_INTERVALS, 1)
            if "status" not in present:  # published before complete periods
                rows_sql = rows_sql.replace("complete, status", _NO_STATUS, 1)
        else:
            has_population = "population_2011" in _columns(con, "ref_districts")
            rows_sql = range_sql(
                POPULATION_SQL if has_population else NO_POPULATION_SQL,
                has_period_status="kpi_period_status" in tables,
            )
        sql = annotated_sql(rows_sql, tables, restricted)
        given = {
            "grain": grain,
            "district": district_name,
            "kpi": kpi,
            "date_from": date_from,
            "date_to": date_to,
        }
        # DuckDB refuses a named parameter the query does not use.
        yield con.sql(sql, params={k: v for k, v in given.items() if f"${k}" in sql})


def query_kpis(
    warehouse: Path,
    grain: str = "total",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    district: str | None = None,
    kpi: str | None = None,
) -> pl.DataFrame:
    """The long KPI table from the published snapshot, sorted by district, period_start, kpi.

    Columns: district, period_start, grain, kpi, numerator, denominator, value, complete,
    status (partial | provisional | final), ci_low, ci_high (the 95 % Wilson interval of a
    proportion; null for other kinds), quality_flags (warehouse.kpi_annotations: a restricted
    range is judged on its own end). Refuses
    (ValueError, one line) an unknown grain, district or KPI id and a range whose start is
    after its end.
    """
    with _kpi_query(warehouse, grain, date_from, date_to, district, kpi) as query:
        return query.pl()


def kpi_rows(
    warehouse: Path,
    grain: str = "total",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    district: str | None = None,
    kpi: str | None = None,
) -> tuple[list[str], list[tuple]]:
    """``query_kpis``' columns and rows as Python values, for `jansewa kpis`: no Polars."""
    with _kpi_query(warehouse, grain, date_from, date_to, district, kpi) as query:
        return list(query.columns), query.fetchall()
