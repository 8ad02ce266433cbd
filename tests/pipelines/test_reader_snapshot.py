"""The published snapshot of the demo refresh: the reader tables, nothing else, small."""

from __future__ import annotations

import duckdb

from warehouse.model_files import READER_VIEWS
from warehouse.raw_files import raw_folder_of
from warehouse.snapshot import snapshot_path
from warehouse.sources import SOURCES


def _tables(path, read_only=True) -> set[str]:
    with duckdb.connect(str(path), read_only=read_only) as con:
        return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


def test_the_snapshot_is_exactly_the_reader_set_of_the_warehouse(demo_warehouse):
    pipeline = _tables(demo_warehouse.warehouse)
    snapshot = _tables(snapshot_path(demo_warehouse.warehouse))
    pipeline_only = {
        "raw_files",  # where each export's raw rows are (Parquet, beside the warehouse)
        *(f"stg_{s}_versions" for s in SOURCES),  # stg_<source>: views of these, see below
        "ingest_manifest",
        "load_audit",
        "quarantine",
    }
    assert pipeline_only <= pipeline  # the pipeline keeps them ...
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        views = {r[0] for r in con.execute("select view_name from duckdb_views()").fetchall()}
    assert {f"stg_{s}" for s in SOURCES} <= views
    assert not pipeline_only & snapshot  # ... the readers never see them
    reader_set = {
        t
        for t in pipeline
        if t.startswith(("kpi_", "ref_", "dq_", "case_"))
        or t in ("scorecard_history", "publications", "alerts")
    }
    assert snapshot == reader_set
    assert {"kpi_values_stored", "kpi_daily", "kpi_scorecard", "ref_districts", "dq_results"} <= (
        snapshot
    )
    assert {"scorecard_history", "publications", "kpi_source_loads", "alerts"} <= snapshot


def test_the_snapshot_views_are_the_reader_views_and_read_its_own_tables(demo_warehouse):
    with duckdb.connect(str(snapshot_path(demo_warehouse.warehouse)), read_only=True) as con:
        views = {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }
        assert views == READER_VIEWS
        assert not any(view.startswith("stg_") for view in views)  # the pipeline's only
        for view in sorted(views):  # each reads only what the snapshot holds
            assert con.execute(f"select count(*) from {view}").fetchone()[0] > 0, view


def test_no_reader_table_has_a_row_level_personal_column(demo_warehouse):
    personal = {c.name for s in SOURCES.values() for c in s.personal} | {"row_json", "_extra"}
    with duckdb.connect(str(snapshot_path(demo_warehouse.warehouse)), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name from duckdb_columns() where not internal"
        ).fetchall()
    assert columns
    assert not [(t, c) for t, c in columns if c in personal]


def test_the_snapshot_is_a_small_fraction_of_the_warehouse(demo_warehouse):
    """Of the pipeline's file and its raw rows (Parquet folders beside it)."""
    snapshot = snapshot_path(demo_warehouse.warehouse).stat().st_size
    raw = raw_folder_of(demo_warehouse.warehouse)
    warehouse = demo_warehouse.warehouse.stat().st_size + sum(
        p.stat().st_size for p in raw.rglob("*.parquet")
    )
    assert raw.is_dir() and snapshot < warehouse / 3, (snapshot, warehouse)


def test_source_loads_count_what_the_refresh_audited(demo_warehouse):
    audit = demo_warehouse.refresh.audit
    with duckdb.connect(str(snapshot_path(demo_warehouse.warehouse)), read_only=True) as con:
        loads = {
            r[0]: r[1:]
            for r in con.execute(
                "select source, files_loaded, rows_read, rows_accepted, rows_duplicate, "
                "rows_quarantined from kpi_source_loads"
            ).fetchall()
        }
    for source in SOURCES:
        mine = [a for a in audit if a.source == source and a.status == "staged"]
        expected = (
            len(mine),
            sum(a.rows_read for a in mine),
            sum(a.accepted for a in mine),
            sum(a.duplicates for a in mine),
            sum(a.quarantined for a in mine),
        )
        assert loads[source] == expected, source
        assert expected[1] == sum(expected[2:])  # read = accepted + duplicates + quarantined
