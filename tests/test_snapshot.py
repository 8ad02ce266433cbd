"""Publishing swaps a complete copy in; readers open the copy read-only, never the warehouse."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.publication import publish_snapshot
from warehouse.snapshot import (
    SnapshotMissingError,
    connect_snapshot,
    is_reader_table,
    snapshot_path,
    snapshot_version,
)


def test_snapshot_lives_beside_the_warehouse(tmp_path):
    assert snapshot_path(tmp_path / "jansewa.duckdb") == tmp_path / "jansewa.published.duckdb"


def test_readers_see_the_published_copy_and_a_new_version_after_a_swap(tmp_path):
    wh = tmp_path / "wh.duckdb"
    with pytest.raises(SnapshotMissingError), connect_snapshot(wh):
        pass
    with duckdb.connect(str(wh)) as con:
        con.execute("create table kpi_t as select 1 as x")
    publish_snapshot(wh)
    v1 = snapshot_version(wh)
    with duckdb.connect(str(wh)) as con:
        con.execute("insert into kpi_t values (2)")  # the pipeline writes on; readers see 1 row
    with connect_snapshot(wh) as con:
        assert con.execute("select count(*) from kpi_t").fetchone() == (1,)
        with pytest.raises(duckdb.Error):
            con.execute("insert into kpi_t values (3)")  # read-only
    publish_snapshot(wh)
    assert snapshot_version(wh) != v1
    with connect_snapshot(wh) as con:
        assert con.execute("select count(*) from kpi_t").fetchone() == (2,)
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary copies left behind


def test_data_docs_are_swapped_in_with_the_snapshot(tmp_path):
    from pipelines.publication import publish_data_docs

    wh = tmp_path / "wh.duckdb"
    assert publish_data_docs(wh) is None  # nothing built yet: nothing to publish
    (tmp_path / "data_docs").mkdir()
    (tmp_path / "data_docs" / "index.html").write_text("old run")
    (tmp_path / "data_docs.pending" / "grievances").mkdir(parents=True)
    (tmp_path / "data_docs.pending" / "index.html").write_text("this run")
    live = publish_data_docs(wh)
    assert live == tmp_path / "data_docs"
    assert (live / "index.html").read_text() == "this run" and (live / "grievances").is_dir()
    assert not (tmp_path / "data_docs.pending").exists()
    # data_docs is a link to this publication's folder; nothing else is left behind
    assert live.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data_docs", live.resolve().name]
    first = live.resolve()
    (tmp_path / "data_docs.pending").mkdir()
    (tmp_path / "data_docs.pending" / "index.html").write_text("next run")
    publish_data_docs(wh)
    assert (live / "index.html").read_text().startswith("<!doctype html>")  # index rebuilt
    assert (live / "grievances").is_dir()  # carried over from the earlier publication
    assert not first.exists()  # the earlier publication's folder is gone


PIPELINE_ONLY = (
    "raw_helpline_calls",
    "stg_helpline_calls",
    "stg_helpline_calls_versions",
    "int_service_transactions_scored",
    "ingest_manifest",
    "load_audit",
    "quarantine",
    "some_new_table",
)
READER = (
    "kpi_values",
    "kpi_daily",
    "ref_districts",
    "dq_results",
    "case_rts_overdue",
    "scorecard_history",
    "publications",
    "alerts",
)


def test_the_snapshot_holds_the_reader_tables_and_nothing_else(tmp_path):
    wh = tmp_path / "wh.duckdb"
    with duckdb.connect(str(wh)) as con:
        for name in PIPELINE_ONLY + READER:
            con.execute(f"create table {name} as select 1 as x, 'v' as y")
        con.execute("create view kpi_view as select 1 as x")  # views are not copied either
    publish_snapshot(wh)
    with connect_snapshot(wh) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        views = con.execute("select count(*) from duckdb_views() where not internal").fetchone()
        assert con.execute("select x, y from kpi_values").fetchall() == [(1, "v")]
    assert tables == set(READER)
    assert views == (0,)


def test_table_names_are_sorted_into_reader_and_pipeline_only():
    for name in READER:
        assert is_reader_table(name), name
    for name in PIPELINE_ONLY + ("kpi_x_versions", "stg_kpi_x", "", "KPI_VALUES"):
        assert not is_reader_table(name), name
