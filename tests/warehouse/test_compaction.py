"""Most runs' checkpoints append row groups; a warehouse's seventh run and every seventh run
after it merge them, never its first (warehouse/compaction.py).

Measured on a real DuckDB file: the row groups a table is stored in, run after run, with each
run's connection set as the pipeline's steps set theirs and counted as a publication counts.
"""

from __future__ import annotations

import duckdb

from warehouse.compaction import (
    COMPACT_EVERY_RUNS,
    compacts,
    count_published_run,
    set_checkpoint_vacuum,
)

START_ROWS = 300_000  # two full row groups of 122,880 rows and a third of 54,240
DAY_ROWS = 10_000


def _row_groups(path) -> int:
    with duckdb.connect(str(path)) as con:
        return con.execute(
            "select count(distinct row_group_id) from pragma_storage_info('t')"
        ).fetchall()[0][0]


def _one_run(path, run: int) -> bool:
    """Append a day's rows as a step would, publish; returns whether the run compacted."""
    con = duckdb.connect(str(path))
    try:
        compacting = set_checkpoint_vacuum(con)
        first = START_ROWS + (run - 1) * DAY_ROWS
        con.execute(
            "insert into t select i, 'value ' || i from range(?, ?) as r(i)",
            [first, first + DAY_ROWS],
        )
        count_published_run(con)
    finally:
        con.close()  # the checkpoint: with or without merging row groups
    return compacting


def test_six_runs_add_a_row_group_each_and_the_seventh_merges_them(tmp_path):
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table t as select i, 'value ' || i as s from range(?) as r(i)", [START_ROWS]
        )
    assert _row_groups(path) == 3

    seen = [(_one_run(path, run), _row_groups(path)) for run in range(1, 11)]

    # Runs 1-6 rewrite nothing, the first included: each day's rows sit in a row group of
    # their own.
    assert seen[:6] == [(False, 3 + n) for n in range(1, 7)]
    # Run 7 compacts: 370,000 rows back in three full row groups and the rest.
    assert seen[6] == (True, 4)
    # And the count starts again.
    assert seen[7:] == [(False, 5), (False, 6), (False, 7)]
    with duckdb.connect(str(path)) as con:  # the same rows, whatever the layout
        stored = con.execute("select count(*), count(distinct i), min(i), max(i) from t").fetchall()
    assert stored == [(400_000, 400_000, 0, 399_999)]


def test_a_new_warehouse_compacts_its_seventh_run_then_every_seventh(tmp_path):
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        verdicts = []
        for _ in range(1 + 2 * COMPACT_EVERY_RUNS):
            verdicts.append(compacts(con))
            count_published_run(con)
        setting = con.execute("select current_setting('max_vacuum_tasks')").fetchall()[0][0]
    assert COMPACT_EVERY_RUNS == 7
    assert verdicts == ([False] * 6 + [True]) * 2 + [False]
    assert setting > 0  # only set_checkpoint_vacuum turns the merge off, per connection
