"""The published scorecard: ranks as they were first published, kept append-only.

Ranks change when late exports arrive; a rank that was announced must stay reproducible.
Just before each publication the pipeline calls `record_published_scorecard`, which copies
the months of `kpi_scorecard` (grain month) that `scorecard_history` does not hold yet. A
month already recorded keeps its first-published rows forever. `published_scorecard` reads
one month back from the published snapshot (`jansewa scorecard --period YYYY-MM`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from pipelines.snapshot import connect_snapshot

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
    snapshot_id varchar not null,
    code_version varchar not null,
    published_at timestamp not null,    -- naive IST
    primary key (period, district)
)
"""

_RECORD = """
insert into scorecard_history
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
    $weights_hash,
    $snapshot_id,
    $code_version,
    $published_at
from kpi_scorecard as s
where s.grain = 'month'
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
    "kpis_missing",
    "weights_hash",
    "snapshot_id",
    "code_version",
    "published_at",
]


def weights_hash(con: duckdb.DuckDBPyConnection) -> str:
    """A short hash of the weights the scorecard was built with (ref_scorecard_weights)."""
    rows = con.execute(
        "select kpi, weight, direction from ref_scorecard_weights order by kpi"
    ).fetchall()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


def record_published_scorecard(
    con: duckdb.DuckDBPyConnection, snapshot_id: str, code_version: str
) -> int:
    """Append the months of kpi_scorecard not yet in scorecard_history; returns rows added.

    Months already recorded are left as first published, whatever the data says now.
    """
    con.execute(HISTORY_DDL)
    params = {
        "weights_hash": weights_hash(con),
        "snapshot_id": snapshot_id,
        "code_version": code_version,
        "published_at": dt.datetime.now(IST).replace(tzinfo=None, microsecond=0),
    }
    con.begin()
    try:
        before = con.execute("select count(*) from scorecard_history").fetchone()[0]
        con.execute(_RECORD, params)
        after = con.execute("select count(*) from scorecard_history").fetchone()[0]
        con.commit()
    except Exception:
        con.rollback()
        raise
    return int(after - before)


def published_scorecard(warehouse: Path, period: str) -> pl.DataFrame:
    """One month's district ranks as first published, best first; ValueError if none."""
    with connect_snapshot(warehouse) as con:
        has_history = con.sql(
            "select count(*) from information_schema.tables where table_name = 'scorecard_history'"
        ).fetchall()[0][0]
        frame = None
        if has_history:
            frame = con.sql(
                f"select {', '.join(PUBLISHED_COLUMNS)} from scorecard_history "
                "where period = ? order by composite_rank nulls last, district",
                params=[period],
            ).pl()
    if frame is None or frame.is_empty():
        raise ValueError(f"no scorecard published for {period}")
    return frame
