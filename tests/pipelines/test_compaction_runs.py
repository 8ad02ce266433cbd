"""The pipeline's step connections merge row groups only in a compacting run (a warehouse's
seventh, then every seventh; never its first), and every publication counts towards the next
one (warehouse/compaction.py)."""

from __future__ import annotations

import duckdb

from pipelines.defs.resources import WarehouseResource
from warehouse.compaction import COMPACT_EVERY_RUNS, count_published_run
from warehouse.snapshot import snapshot_path

DUCKDB_DEFAULT_VACUUM_TASKS = 100


def _vacuum_tasks(resource: WarehouseResource) -> int:
    with resource.connect() as con:
        return int(con.execute("select current_setting('max_vacuum_tasks')").fetchall()[0][0])


def test_step_connections_merge_row_groups_in_the_seventh_run_then_every_seventh(tmp_path):
    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"), exports=str(tmp_path))
    seen = []
    for _ in range(1 + COMPACT_EVERY_RUNS + 1):
        seen.append(_vacuum_tasks(resource))
        with resource.connect() as con:
            count_published_run(con)
    merge = DUCKDB_DEFAULT_VACUUM_TASKS
    assert seen == [0] * 6 + [merge, 0, 0]


def test_a_refresh_counts_its_publication_and_readers_never_see_the_count(demo_warehouse):
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        runs = con.execute("select runs_since from warehouse_compaction").fetchall()
    assert runs == [(1,)]  # the demo's one refresh: a new warehouse's first, which did not compact
    with duckdb.connect(str(snapshot_path(demo_warehouse.warehouse)), read_only=True) as con:
        names = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert "kpi_values_stored" in names and "warehouse_compaction" not in names
