"""Reading the published snapshot: connections, the allow-list of tables, KPIs and marts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from warehouse import periods
from warehouse.districts import STATE, canonical_district, district_names, lookup_key
from warehouse.kpi_catalogue import catalogue, catalogue_rows
from warehouse.kpis import query_kpis
from warehouse.settings import resolve_warehouse
from warehouse.snapshot import connect_snapshot, is_reader_table, snapshot_path
from warehouse.sources import SOURCES

Day = dt.date | str | None
GRAINS = ("day", "week", "month", "total")
CATEGORY_PREFIX = "call_category_share."

# Names a notebook may read: the reader snapshot's tables (warehouse.snapshot.is_reader_table)
# -- marts, reference tables, check results, id-only case lists, scorecard history. Raw,
# staging and intermediate tables and the load bookkeeping never reach the snapshot.
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,80}$")
_PIPELINE_ONLY = ("raw_", "stg_", "int_", "ingest_manifest", "load_audit", "quarantine")

# State-level spellings accepted wherever a district is.
_STATE_KEYS = {lookup_key(s) for s in (STATE, "हरियाणा", "state", "all")}


class TableNotAllowedError(ValueError):
    """A table name outside the notebook allow-list (or absent from the snapshot)."""


# --- connections and names ----------------------------------------------------------------


def snapshot_file(warehouse: str | Path | None = None) -> Path:
    """The published snapshot a notebook reads: beside $JANSEWA_WAREHOUSE or the default."""
    return snapshot_path(resolve_warehouse(warehouse))


@contextmanager
def connect(warehouse: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the reader snapshot, closed when the block ends.

    For the rare question the helpers below do not answer. The snapshot holds only reader
    tables (no raw, staging or quarantined row), so whatever SQL runs here sees no personal
    field; there is no helper that opens the pipeline's own warehouse. Raises
    SnapshotMissingError (a FileNotFoundError) before any refresh.
    """
    with connect_snapshot(resolve_warehouse(warehouse)) as con:
        yield con


def _frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None
) -> pl.DataFrame:
    return con.sql(sql, params=list(params or [])).pl()


def _query(warehouse: str | Path | None, sql: str, params: Sequence | None = None) -> pl.DataFrame:
    with connect(warehouse) as con:
        return _frame(con, sql, params)


def resolve_district(name: str) -> str:
    """The canonical name of any spelling of a district, or ``Haryana`` for the state.

    Raises UnknownDistrictError (a ValueError) for a name no reference alias matches: a
    misspelt district must not silently return an empty frame.
    """
    if lookup_key(str(name)) in _STATE_KEYS:
        return STATE
    return canonical_district(name)


def districts() -> list[str]:
    """The 22 canonical district names, alphabetical (the state is not included)."""
    return district_names()


def _day(value: Day) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _table_columns(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? order by ordinal_position",
        [name],
    ).fetchall()
    return {column: type_ for column, type_ in rows}


def check_table(name: str) -> str:
    """Return ``name`` if notebooks may read it; raise TableNotAllowedError otherwise.

    Allowed: the reader snapshot's tables -- the marts (``kpi_*``, including the quarantine
    summary, source loads and freshness), reference tables (``ref_*``), check results
    (``dq_*``), id-only case lists (``case_*``), ``scorecard_history`` and ``publications``.
    Refused, with a message saying where the answer lies instead: raw, staging and
    intermediate tables, the load manifest and audit, the quarantine's rows.
    """
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        raise TableNotAllowedError(f"{name!r} is not a table name")
    if name.startswith(_PIPELINE_ONLY):
        raise TableNotAllowedError(
            f"{name} is internal to the pipeline (export rows, personal fields hashed) and is "
            "not in the reader snapshot: read the kpi_* marts instead (list_tables() shows "
            "them; kpi_quarantine_summary and kpi_source_loads summarise what was loaded)"
        )
    if not is_reader_table(name):
        raise TableNotAllowedError(
            f"{name} is not a reader table: notebooks read the kpi_*, ref_*, dq_* and case_* "
            "tables, scorecard_history and publications (see list_tables())"
        )
    return name


def list_tables(warehouse: str | Path | None = None) -> list[str]:
    """The allow-listed tables and views this snapshot actually has, alphabetical."""
    names = _query(warehouse, "select table_name from information_schema.tables order by 1")
    out = []
    for name in names.get_column("table_name").to_list():
        try:
            out.append(check_table(name))
        except TableNotAllowedError:
            continue
    return out


# --- catalogue: sources and KPIs -------------------------------------------------------------


def list_sources(warehouse: str | Path | None = None) -> pl.DataFrame:
    """One row per export source: records staged, files loaded, first and last event day.

    Answers "how much is there, and how fresh is it?" before any KPI is read. Reads the
    ``kpi_source_freshness`` mart (per source x district) and counts files in the load
    manifest; sources with nothing loaded yet still get a row, with nulls.
    """
    with connect(warehouse) as con:
        fresh = _frame(
            con,
            "select source, sum(records)::bigint as records, "
            "min(first_event_day) as first_event_day, max(last_event_day) as last_event_day, "
            "max(last_loaded_at) as last_loaded_at "
            "from kpi_source_freshness group by source",
        )
        files = _frame(con, "select source, files_loaded::bigint as files from kpi_source_loads")
    catalogue = pl.DataFrame(
        {
            "source": list(SOURCES),
            "title": [s.title for s in SOURCES.values()],
        }
    )
    return (
        catalogue.join(fresh, on="source", how="left")
        .join(files, on="source", how="left")
        .select(
            "source",
            "title",
            "records",
            "files",
            "first_event_day",
            "last_event_day",
            "last_loaded_at",
        )
    )


def list_kpis(warehouse: str | Path | None = None) -> pl.DataFrame:
    """Every KPI id with its label, Hindi label, definition, kind, unit, direction and more.

    Read from the KPI catalogue (warehouse/reference/kpis.yml), the one list the snapshot's
    ``kpi_catalog`` is built from, so it needs no snapshot (``warehouse`` is accepted like
    everywhere in this helper, and not opened). ``direction`` says which way is better
    (higher / lower), null where neither is (counts, category shares, and the pass approval
    rate, which is a policy outcome, not a target); ``maturity_days`` how many days after a
    period its value is final.
    """
    del warehouse  # the catalogue is the same for every snapshot
    return pl.DataFrame(
        catalogue_rows(catalogue()),
        schema=[
            ("kpi", pl.String),
            ("label", pl.String),
            ("label_hi", pl.String),
            ("definition", pl.String),
            ("definition_hi", pl.String),
            ("kind", pl.String),
            ("unit", pl.String),
            ("direction", pl.String),
            ("theme", pl.String),
            ("source", pl.String),
            ("target", pl.String),
            ("maturity_days", pl.Int64),
        ],
        orient="row",
    ).sort("kpi")


# --- reading KPIs and marts -------------------------------------------------------------------


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
    names = [resolve_district(n) for n in _as_list(district)]
    ids = _as_list(kpi)
    # KPI ids are filtered here rather than by query_kpis(kpi=...): one code path for one id,
    # several ids and prefixes, and the frame is small once the district is fixed.
    frame = query_kpis(
        resolve_warehouse(warehouse),
        grain=grain,
        date_from=_day(date_from),
        date_to=_day(date_to),
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


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


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
        names = _as_list(district)
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
                params.append(_day(date_from))
            if date_to is not None:
                where.append(f'"{date_col}" <= ?')
                params.append(_day(date_to))
        for column, value in equals.items():
            if column not in columns:
                raise ValueError(f"{name} has no column {column!r}")
            where.append(f'"{column}" = ?')
            params.append(value)
        sql = f'select * from "{name}"' + (f" where {' and '.join(where)}" if where else "")
        return _frame(con, sql, params)
