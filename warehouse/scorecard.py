"""The published scorecard: ranks as they were first published, kept append-only.

Ranks change when late exports arrive; a rank that was announced must stay reproducible.
Just before each publication the pipeline calls `record_published_scorecard`, which copies
the complete months of `kpi_scorecard` (grain month; kpi_periods.complete) that
`scorecard_history` does not hold yet, with their rank ranges (kpi_scorecard_rank_ranges),
gate flags and coverage (kpis_scored of kpis_total, ranked, unranked_reason). A month already
recorded keeps its first-published rows forever (the table is append-only: rows are only
ever inserted). Every row records the snapshot id, the SHA-256 of the weights and targets
files the ranks were computed with (ref_reference_files) and the code version.
`published_scorecard` reads one month back from the published snapshot
(`jansewa scorecard --period YYYY-MM`; without a period, the latest complete month).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from warehouse.periods import latest_complete_period
from warehouse.snapshot import connect_snapshot

IST = ZoneInfo("Asia/Kolkata")

HISTORY_DDL = """
create table if not exists scorecard_history (
    period varchar not null,            -- 'YYYY-MM'
    period_start date not null,
    district varchar not null,
    composite_index double,
    composite_rank bigint,
    previous_rank bigint,
    rank_change bigint,
    kpis_scored bigint,
    kpis_missing varchar,
    weights_hash varchar not null,
    targets_hash varchar,
    snapshot_id varchar not null,
    code_version varchar not null,
    published_at timestamp not null,    -- naive IST
    division varchar,
    division_rank bigint,
    rank_low bigint,
    rank_high bigint,
    tied_with varchar,
    gate_flagged boolean,
    gate_reasons varchar,
    kpis_total integer,
    ranked boolean,
    unranked_reason varchar,
    primary key (period, district)
)
"""

# Columns added after the first version of the table: a warehouse recorded before them
# gains them (null in its old rows) instead of failing.
_ADDED_COLUMNS = (
    ("targets_hash", "varchar"),
    ("division", "varchar"),
    ("division_rank", "bigint"),
    ("rank_low", "bigint"),
    ("rank_high", "bigint"),
    ("tied_with", "varchar"),
    ("gate_flagged", "boolean"),
    ("gate_reasons", "varchar"),
    ("kpis_total", "integer"),
    ("ranked", "boolean"),
    ("unranked_reason", "varchar"),
)

_RECORD = """
insert into scorecard_history by name
select
    s.period,
    s.period_start,
    s.district,
    s.composite_index,
    s.composite_rank,
    s.previous_rank,
    s.rank_change,
    s.kpis_scored,
    s.kpis_missing,
    $weights_hash as weights_hash,
    $targets_hash as targets_hash,
    $snapshot_id as snapshot_id,
    $code_version as code_version,
    $published_at as published_at,
    s.division,
    s.division_rank,
    r.rank_low,
    r.rank_high,
    r.tied_with,
    s.gate_flagged,
    s.gate_reasons,
    s.kpis_total,
    s.ranked,
    s.unranked_reason
from kpi_scorecard as s
left join kpi_scorecard_rank_ranges as r
    on r.grain = s.grain
    and r.period_start = s.period_start
    and r.district = s.district
where s.grain = 'month'
    and last_day(s.period_start) <= (select max(day) from kpi_daily)
    and s.period_start in (
        select period_start from kpi_periods where grain = 'month' and complete
    )
    and s.period not in (select distinct period from scorecard_history)
"""

PUBLISHED_COLUMNS = [
    "period",
    "district",
    "composite_index",
    "composite_rank",
    "previous_rank",
    "rank_change",
    "kpis_scored",
    "kpis_total",
    "ranked",
    "unranked_reason",
    "kpis_missing",
    "division",
    "division_rank",
    "rank_low",
    "rank_high",
    "tied_with",
    "gate_flagged",
    "gate_reasons",
    "weights_hash",
    "targets_hash",
    "snapshot_id",
    "code_version",
    "published_at",
]


def reference_hash(con: duckdb.DuckDBPyConnection, file: str) -> str:
    """The SHA-256 of a reference file ('scorecard_weights' or 'targets') the marts used.

    Read from ref_reference_files (written by build_marts). A warehouse built before that
    table existed falls back to a hash of ref_scorecard_weights' rows (weights only).
    """
    has_files = con.execute(
        "select count(*) from information_schema.tables where table_name = 'ref_reference_files'"
    ).fetchall()[0][0]
    if has_files:
        rows = con.execute(
            "select sha256 from ref_reference_files where file = ?", [file]
        ).fetchall()
        if rows:
            return rows[0][0]
    if file != "scorecard_weights":
        return ""
    rows = con.execute(
        "select kpi, weight, direction from ref_scorecard_weights order by kpi"
    ).fetchall()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def weights_hash(con: duckdb.DuckDBPyConnection) -> str:
    """The hash of the weights file the scorecard was built with (see reference_hash)."""
    return reference_hash(con, "scorecard_weights")


def record_published_scorecard(
    con: duckdb.DuckDBPyConnection, snapshot_id: str, code_version: str
) -> int:
    """Append the complete months of kpi_scorecard not yet in scorecard_history.

    A month is recorded once the data reach its last day (max(day) of kpi_daily) and it is
    complete (kpi_periods: every source with data has been exported to its last day): a
    month still in progress, or one that a lagging source has not reached yet, is not frozen
    at its first publication, and is recorded by the first publication after every source
    has reached its last day. Months already recorded are left as
    first published, whatever the data says now. Returns the rows added.
    """
    con.execute(HISTORY_DDL)
    for column, type_ in _ADDED_COLUMNS:
        con.execute(f"alter table scorecard_history add column if not exists {column} {type_}")
    params = {
        "weights_hash": weights_hash(con),
        "targets_hash": reference_hash(con, "targets"),
        "snapshot_id": snapshot_id,
        "code_version": code_version,
        "published_at": dt.datetime.now(IST).replace(tzinfo=None, microsecond=0),
    }
    con.begin()
    try:
        before = con.execute("select count(*) from scorecard_history").fetchall()[0][0]
        con.execute(_RECORD, params)
        after = con.execute("select count(*) from scorecard_history").fetchall()[0][0]
        con.commit()
    except Exception:
        con.rollback()
        raise
    return int(after - before)


def published_scorecard(warehouse: Path, period: str | None = None) -> pl.DataFrame:
    """One month's district ranks as first published, best first; ValueError if none.

    Without ``period``, the latest complete month of the snapshot (kpi_periods), so that a
    month whose last days are not exported yet is never the default.
    """
    with connect_snapshot(warehouse) as con:
        if period is None:
            latest = latest_complete_period(con, "month")
            if latest is None:
                raise ValueError("no complete month in the published snapshot yet")
            period = latest.strftime("%Y-%m")
        has_history = con.sql(
            "select count(*) from information_schema.tables where table_name = 'scorecard_history'"
        ).fetchall()[0][0]
        frame = None
        if has_history:
            present = {
                row[0]
                for row in con.sql(
                    "select column_name from information_schema.columns "
                    "where table_name = 'scorecard_history'"
                ).fetchall()
            }
            # A history recorded before a column existed is read with what it has.
            columns = [c for c in PUBLISHED_COLUMNS if c in present]
            frame = con.sql(
                f"select {', '.join(columns)} from scorecard_history "
                "where period = ? order by composite_rank nulls last, district",
                params=[period],
            ).pl()
    if frame is None or frame.is_empty():
        raise ValueError(f"no scorecard published for {period}")
    return frame
