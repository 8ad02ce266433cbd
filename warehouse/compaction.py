"""When the pipeline's checkpoints compact the warehouse's row groups, and when they do not.

DuckDB checkpoints a file when its last writing connection closes, and by default the
checkpoint also vacuums: it merges the partly filled row groups at a table's end (and those
that deletions thinned) into full ones, which means decompressing and compressing them again.
Each step of a refresh opens and closes the warehouse, so a day's few thousand appended rows
made every table they went into rewrite its last one to three row groups. On the state-year
warehouse, one more day's closes took 1.37 s with the merge and 0.66 s without; on another
state-year warehouse they took 2.5 s with it, and the day 19.7 s against 17.9 s without
(medians of three runs each). The closing checkpoint of the service transactions' raw step
alone took 0.7 s to append 42,804 rows, 0.1 s without the merge.

So runs checkpoint without vacuum (DuckDB's ``max_vacuum_tasks = 0``): a run's new rows go
into row groups of their own and nothing else is rewritten. Every ``COMPACT_EVERY_RUNS``-th
published run vacuums again, and its checkpoints merge, for every table that run writes, the
small row groups the runs since the last compaction left behind and those that deleted
(replaced) records thinned, so scans never face more than about a week of them at a daily
refresh.

A new warehouse's first run does not compact either. It once did: when staging copied each
record's newest version into a table of its own and replaced it whole, a first load without
the merge left the emptied row groups behind, and the seventh run paid for them (22.5 s at
one connection's close). Staging now appends every version once, in slices whose commits
DuckDB writes as full row groups, so the merge has nothing to gain: a state-year first load
holds its 10.6M service transaction versions in 93 row groups with the merge or without, and
the file came out 546 MB without it against 553 MB with it. It still cost time: staging's
closing checkpoint took 1.8-3.0 s without the merge against 4.8-6.0 s with it. The seventh
run, which then compacts, took 10.1 / 10.7 s for one more day on that warehouse, against
10.6 / 9.8 s on one whose first run had merged. What is stored is the same either way, row
for row; only its layout on disk differs.

One pipeline-internal table, ``warehouse_compaction`` (runs published since the last
compaction), read at every connection the pipeline's steps open and counted on by each
publication; it never reaches the reader snapshot.
"""

from __future__ import annotations

import duckdb

COMPACT_EVERY_RUNS = 7
_TABLE = "warehouse_compaction"


def _runs_since(con: duckdb.DuckDBPyConnection) -> int | None:
    """Runs published since the last compaction; None before the first publication.

    Read straight from the table, its absence caught: every connection a step opens asks
    (86 times in a day's refresh), and looking the table up in duckdb_tables() first cost
    1.6 ms a time on a state-year warehouse against 0.3 ms for the read. Not for use inside
    a transaction, which the caught error would end."""
    try:
        rows = con.execute(f"select runs_since from {_TABLE}").fetchall()
    except duckdb.CatalogException:
        return None
    return int(rows[0][0]) if rows else None


def compacts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the present run compacts: a warehouse's seventh (COMPACT_EVERY_RUNS-th)
    published run, and every seventh after it; never its first."""
    runs = _runs_since(con)
    return runs is not None and runs >= COMPACT_EVERY_RUNS - 1


def set_checkpoint_vacuum(con: duckdb.DuckDBPyConnection) -> bool:
    """Make ``con``'s checkpoints vacuum only when this run compacts; returns whether."""
    compacting = compacts(con)
    if not compacting:
        con.execute("set max_vacuum_tasks = 0")
    return compacting


def count_published_run(con: duckdb.DuckDBPyConnection) -> bool:
    """A run was published: one more since the last compaction, or none when it compacted.
    Returns whether it compacted."""
    compacted = compacts(con)
    runs = 0 if compacted else (_runs_since(con) or 0) + 1
    con.execute(f"create table if not exists {_TABLE} (runs_since integer not null)")
    con.execute(f"delete from {_TABLE}")
    con.execute(f"insert into {_TABLE} values (?)", [runs])
    return compacted
