"""The pipeline's step connections merge row groups only in a compacting run (every seventh,
counting a new warehouse's first), and every publication counts towards the next one
(warehouse/compaction.py)."""

from __future__ import annotations

import duckdb

from pipelines.defs.resources import WarehouseResource
from warehouse.compaction import COMPACT_EVERY_RUNS, count_published_run
from warehouse.snapshot import snapshot_path

DUCKDB_DEFAULT_VACUUM_TASKS = 100


def _vacuum_tasks(resource: WarehouseResource) -> int:
    with resource.connect() as con:
        return int(con.execute("select current_setting('max_vacuum_tasks')").fetchall()[0][0])


def test_step_connections_merge_row_groups_every_seventh_run_from_the_first(tmp_path):
    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"), exports=str(tmp_path))
    seen = []
    for _ in range(2 * COMPACT_EVERY_RUNS + 1):
        seen.append(_vacuum_tasks(resource))
        with resource.connect() as con:
            count_published_run(con)
    merge = DUCKDB_DEFAULT_VACUUM_TASKS
    assert seen == ([0] * 6 + [merge]) * 2 + [0]


def test_a_refresh_counts_its_publication_and_readers_never_see_the_count(demo_warehouse):
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        runs = con.execute("select runs_since from warehouse_compaction").fetchall()
    assert runs == [(1,)]  # the demo's one refresh: a new warehouse's first, not compacted
    with duckdb.connect(str(snapshot_path(demo_warehouse.warehouse)), read_only=True) as con:
        names = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert "kpi_values_stored" in names and "warehouse_compaction" not in names


def test_a_first_refresh_deletes_nothing_a_merge_would_reclaim(demo_warehouse):
    """Why a new warehouse's first run does not merge: every table it wrote holds exactly its
    live rows (DuckDB keeps a deleted row stored until a merge rewrites its row group), so a
    merge would only fold partly filled row groups together."""
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        counts = {
            table: con.execute(
                f"select (select count(*) from {table}), (select coalesce(sum(count), 0) "
                f"from pragma_storage_info('{table}') where column_id = 0 "
                "and column_path = '[0]')"
            ).fetchone()
            for table in tables
        }
    assert any(table.startswith("stg_") for table in counts)
    assert {table: n for table, n in counts.items() if n[0] != n[1]} == {}
