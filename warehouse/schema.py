"""The warehouse's load-path tables, derived from the source contracts.

Per source:
    raw_<source>           every row as read: all contract columns as text (pii and free-text
                           fields already hashed), the extra columns as JSON of keyed hashes
                           (never as exported), and lineage. Kept as Parquet files beside
                           the warehouse, one folder per export (warehouse/raw_files.py).
    stg_<source>_versions  every accepted row of every file, typed, with lineage; a record
                           exported again has one version per file. ``_newest`` flags the
                           version from the newest export (warehouse/staging_view.py).
    stg_<source>           one row per record: a view of the versions flagged newest.
Shared:
    raw_files              one row per export read: the folder of its raw rows, its lineage.
    ingest_manifest        one row per file ever seen: content hash, size, status, counts.
    load_audit             one row per file and run: rows read = accepted + duplicates +
                           quarantined.
    quarantine             every rejected row with its reason, file, line, record id, district
                           and event day; never the row itself (pipelines/ingest/quarantine_columns.py).

All DDL uses ``create … if not exists`` so that it is safe to run at the start of every load;
``QUARANTINE_MIGRATION`` brings a quarantine table made by an older version up to date.
"""

from __future__ import annotations

import duckdb

from warehouse.sources import SOURCES, Source, staging_columns
from warehouse.staging_view import NEWEST, create_staging_view

LINEAGE = [
    ("_file", "varchar"),
    ("_line", "bigint"),
    ("_file_hash", "varchar"),
    ("_exported_at", "timestamp"),
    ("_loaded_at", "timestamp"),
]


def raw_table(source: Source) -> str:
    return f"raw_{source.name}"


def versions_table(source: Source) -> str:
    return f"stg_{source.name}_versions"


def staging_table(source: Source) -> str:
    return f"stg_{source.name}"


def raw_columns(source: Source) -> list[tuple[str, str]]:
    """Raw keeps every contract column as text, the extras as JSON, then lineage."""
    return [(c.name, "varchar") for c in source.columns] + [("_extra", "varchar")] + LINEAGE


def versioned_columns(source: Source) -> list[tuple[str, str]]:
    """Typed business columns, then lineage: the staging view's columns, and the versions'."""
    return staging_columns(source) + LINEAGE


def versions_columns(source: Source) -> list[tuple[str, str]]:
    """The versions table's columns: ``versioned_columns`` and the newest-version flag."""
    return versioned_columns(source) + [(NEWEST, "boolean")]


def _ddl(table: str, columns: list[tuple[str, str]]) -> str:
    body = ",\n  ".join(f'"{name}" {type_}' for name, type_ in columns)
    return f"create table if not exists {table} (\n  {body}\n)"


SHARED_DDL = [
    """
    create table if not exists raw_files (
      source varchar not null,
      path varchar not null,          -- the export, relative to the exports folder
      folder varchar not null,        -- its raw rows: <warehouse>.raw/<source>/<folder>/*.parquet
      file_hash varchar,              -- sha256 of the export's bytes
      exported_at timestamp,          -- the export's own time
      loaded_at timestamp,
      rows bigint not null,
      primary key (source, path)
    )
    """,
    """
    create table if not exists ingest_manifest (
      source varchar not null,
      path varchar not null,          -- relative to the exports folder
      content_hash varchar,           -- sha256 of the bytes
      size_bytes bigint,
      modified_at timestamp,          -- the export's own time: newest export wins
      rows_read bigint,
      rows_accepted bigint,
      rows_duplicate bigint,
      rows_quarantined bigint,
      status varchar not null,        -- read | staged | rejected
      message varchar,
      first_seen_at timestamp,
      loaded_at timestamp,
      run_id varchar,
      primary key (source, path)
    )
    """,
    """
    create table if not exists load_audit (
      run_id varchar not null,
      source varchar not null,
      path varchar not null,
      content_hash varchar,
      rows_read bigint,
      rows_accepted bigint,
      rows_duplicate bigint,
      rows_quarantined bigint,
      status varchar not null,
      message varchar,
      audited_at timestamp
    )
    """,
    """
    create table if not exists quarantine (
      source varchar not null,
      file varchar not null,
      line bigint,                    -- 1-based line (CSV) or row (Excel) in the file
      record_id varchar,
      reason varchar not null,        -- e.g. 'unknown district', 'unparseable date'
      column_name varchar,
      detail varchar,                 -- the offending value, only where safe to show, else null
      district varchar,               -- canonical district when the row's district parses
      event_day date,                 -- date of the source's event time when it parses
      file_hash varchar,
      run_id varchar,
      quarantined_at timestamp
    )
    """,
]


# A quarantine made before district/event_day existed gets them (null for its old rows), and
# loses row_json, which held the rejected rows: a leftover column would be read, or filled,
# by something. Files with quarantined rows are set back to `read` first, so the next
# staging run derives their quarantine rows again, with district and event day.
QUARANTINE_ADDED = {"district": "varchar", "event_day": "date"}
QUARANTINE_DROPPED = "row_json"
QUARANTINE_MIGRATION = [
    f"alter table quarantine add column if not exists {name} {kind}"
    for name, kind in QUARANTINE_ADDED.items()
]


def _migrate_quarantine(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in QUARANTINE_MIGRATION:
        con.execute(ddl)
    columns = {
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() where table_name = 'quarantine' "
            "and database_name = current_database() and schema_name = current_schema()"
        ).fetchall()
    }
    if QUARANTINE_DROPPED not in columns:
        return
    con.execute("begin transaction")
    try:
        con.execute(
            """
            update ingest_manifest set status = 'read'
            where status = 'staged'
              and (source, path) in (select distinct source, file from quarantine)
            """
        )
        con.execute(f"alter table quarantine drop column if exists {QUARANTINE_DROPPED}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _load_tables() -> set[str]:
    names = {"raw_files", "ingest_manifest", "load_audit", "quarantine"}
    for source in SOURCES.values():
        names |= {versions_table(source), staging_table(source)}
    return names


def _load_tables_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every load table exists, the quarantine has its current columns and each
    staging table is the view of its flagged versions: one catalogue query, where the
    statements below cost 70 ms, paid by each of the twenty raw and staging steps of a
    refresh."""
    rows = con.execute(
        "select table_name, list(column_name), bool_or(v.view_name is not null) "
        "from duckdb_columns() as c left join duckdb_views() as v "
        "on v.database_name = c.database_name and v.schema_name = c.schema_name "
        "and v.view_name = c.table_name "
        "where c.database_name = current_database() and c.schema_name = current_schema() "
        "group by table_name"
    ).fetchall()
    columns = {name: names for name, names, _ in rows}
    views = {name for name, _, view in rows if view}
    quarantine = set(columns.get("quarantine", []))
    return (
        _load_tables() <= columns.keys()
        and QUARANTINE_ADDED.keys() <= quarantine
        and QUARANTINE_DROPPED not in quarantine
        and all(
            staging_table(source) in views and NEWEST in columns[versions_table(source)]
            for source in SOURCES.values()
        )
    )


def create_load_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every load-path table that does not exist yet; bring an old quarantine up to
    date, and an old staging table to the view of flagged versions. (Raw tables of an older
    warehouse are moved to Parquet files by the raw step:
    warehouse.raw_files.move_raw_tables_to_files.)"""
    if _load_tables_current(con):
        return
    for ddl in SHARED_DDL:
        con.execute(ddl)
    _migrate_quarantine(con)
    for source in SOURCES.values():
        versions = versions_table(source)
        con.execute(_ddl(versions, versions_columns(source)))
        columns = [name for name, _ in versioned_columns(source)]
        create_staging_view(con, staging_table(source), versions, columns)


DQ_RESULTS_DDL = """
create table if not exists dq_results (
  run_id varchar not null,
  source varchar not null,
  expectation varchar not null,     -- the readable check name, e.g. 'district_in_set'
  severity varchar not null,        -- blocking | warning
  success boolean not null,
  unexpected_count bigint,
  observed_value varchar,
  examples varchar,                 -- JSON array of short texts; never personal data
  validated_at timestamp not null,
  inputs_key varchar                -- what the results depend on (expectations/inputs.py)
)
"""

# Where the rows that break a failed expectation are: one row per run, source, expectation,
# district and month. Rows sum to dq_results.unexpected_count of the same run and check.
DQ_FAILURES_DDL = """
create table if not exists dq_failures (
  run_id varchar not null,
  source varchar not null,
  expectation varchar not null,
  severity varchar not null,        -- blocking | warning
  district varchar,                 -- the rows' district as staged; null: not attributable
  period_start date,                -- month of the rows' event time; null: undated or whole table
  rows bigint                       -- rows breaking the check there; null: the check errored
)
"""


def create_dq_results(con: duckdb.DuckDBPyConnection) -> None:
    """Create the data-quality record (dq_results, dq_failures) where it does not exist yet.

    A warehouse written before results carried their inputs key gains the column (null: such
    results never match a key, so the next run validates again).
    """
    con.execute(DQ_RESULTS_DDL)
    con.execute("alter table dq_results add column if not exists inputs_key varchar")
    con.execute(DQ_FAILURES_DDL)
