"""Publishing swaps a complete copy in; readers open the copy read-only, never the warehouse."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.publication import publish_snapshot
from warehouse.snapshot import (
    SnapshotMissingError,
    connect_snapshot,
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
        con.execute("create table t as select 1 as x")
    publish_snapshot(wh)
    v1 = snapshot_version(wh)
    with duckdb.connect(str(wh)) as con:
        con.execute("insert into t values (2)")  # the pipeline writes on; readers still see 1 row
    with connect_snapshot(wh) as con:
        assert con.execute("select count(*) from t").fetchone() == (1,)
        with pytest.raises(duckdb.Error):
            con.execute("insert into t values (3)")  # read-only
    publish_snapshot(wh)
    assert snapshot_version(wh) != v1
    with connect_snapshot(wh) as con:
        assert con.execute("select count(*) from t").fetchone() == (2,)
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
