"""A publication that updates the last snapshot ends where one written whole does.

The demo warehouse (refreshed by the real pipeline) is copied, published whole once (its
snapshot identity recorded as the publish step records it), given one more day of every
source the way the load path stages it, and built incrementally; the publication after that
updates a copy of the snapshot (pipelines/snapshot_update.py). Every reader table and view
of it must equal, row for row, a snapshot of the same warehouse written whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import snapshot_update
from pipelines.publication import publish
from pipelines.snapshot_update import update_tables
from tests.warehouse.test_partitioned_build import next_day, stage_file
from warehouse.build import build_steps
from warehouse.snapshot import snapshot_path
from warehouse.snapshot_changes import pending_changes, record_publication, snapshot_state
from warehouse.sources import SOURCES

pytestmark = pytest.mark.slow(seconds=60)


def _published(path: Path) -> None:
    """Publish as the publish step does: incrementally when it may, then record it."""
    result = publish(path, incremental=True)
    with duckdb.connect(str(path)) as con:
        record_publication(con, result.version, result.whole_bytes, result.growth_bytes)
    return result


def _one_more_day(path: Path) -> None:
    """Stage one more day of every source, then build incrementally."""
    with duckdb.connect(str(path)) as con:
        for source in SOURCES:
            stage_file(con, source, f"{source}/next_day.csv", next_day(source))
        list(build_steps(con, incremental=True))


def _state(path: Path) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return snapshot_state(con)


def _contents(snapshot: Path) -> dict[str, list]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables order by 1"
            ).fetchall()
        ]
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in names}


def _views(snapshot: Path) -> set[str]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }


@pytest.fixture()
def warehouse(demo_warehouse, tmp_path) -> Path:
    path = tmp_path / "jansewa.duckdb"
    shutil.copy(demo_warehouse.warehouse, path)
    return path


@pytest.mark.parametrize("partial_from_rows", [0, snapshot_update.ROW_GROUP_ROWS])
def test_one_more_day_updates_the_snapshot_to_what_a_whole_one_holds(
    warehouse, tmp_path, monkeypatch, partial_from_rows
):
    # 0: every partitioned mart takes only its changed days (the path of state-scale marts,
    # which the demo's small tables would otherwise not take); the default: they are copied
    # whole, being smaller than a row group.
    monkeypatch.setattr(snapshot_update, "ROW_GROUP_ROWS", partial_from_rows)
    first = _published(warehouse)
    assert first.updated is None  # a new place: written whole, its identity recorded
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            stage_file(con, source, f"{source}/next_day.csv", next_day(source))
        built = {b.table: b.rebuilt for b in build_steps(con, incremental=True)}
        changes = pending_changes(con)
    assert built["case_rts_overdue"].startswith("from ")
    assert changes["case_rts_overdue"] is not None  # rows from a day on, not the whole table
    assert changes["kpi_values_stored"] is None  # rebuilt whole

    second = _published(warehouse)
    assert second.updated is not None and "case_rts_overdue" in second.updated
    assert "ref_districts" in second.updated  # written outside the build: always copied
    with duckdb.connect(str(warehouse)) as con:
        assert pending_changes(con) == {}  # published: nothing left to take over

    whole = tmp_path / "whole" / "jansewa.duckdb"
    whole.parent.mkdir()
    shutil.copy(warehouse, whole)
    assert publish(whole).updated is None
    updated, written = _contents(snapshot_path(warehouse)), _contents(snapshot_path(whole))
    assert updated.keys() == written.keys()
    assert {"case_list", "kpi_values", "kpi_daily", "case_rts_overdue"} <= updated.keys()
    assert {"kpi_values", "kpi_target_attainment", "case_list"} <= _views(snapshot_path(warehouse))
    for name in written:
        assert updated[name] == written[name], f"{name} differs from a snapshot written whole"


def test_a_snapshot_replaced_behind_the_pipeline_is_written_whole(warehouse, tmp_path):
    _published(warehouse)
    snapshot = snapshot_path(warehouse)
    other = tmp_path / "other.duckdb"
    shutil.copy(snapshot, other)
    other.replace(snapshot)  # the same bytes, but not the file the pipeline wrote
    assert _published(warehouse).updated is None


def test_an_update_that_loses_rows_is_refused(warehouse, tmp_path):
    _published(warehouse)
    copy = tmp_path / "copy.duckdb"
    shutil.copy(snapshot_path(warehouse), copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from kpi_values_stored where grain = 'day'")  # a change lost
        con.execute(f"attach '{warehouse}' as pipeline (read_only)")
        reader = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = 'copy'"
            ).fetchall()
        ]
        with pytest.raises(ValueError, match="kpi_values_stored"):
            update_tables(con, reader, changes={})


def test_an_update_records_what_it_added_and_stays_within_its_limit(warehouse, monkeypatch):
    monkeypatch.setattr(snapshot_update, "ROW_GROUP_ROWS", 0)  # changed days appended
    whole = _published(warehouse)
    _one_more_day(warehouse)
    update = _published(warehouse)
    assert update.updated is not None and update.whole_bytes is None
    size = snapshot_path(warehouse).stat().st_size
    assert update.growth_bytes == size - whole.whole_bytes
    state = _state(warehouse)
    assert (int(state["whole_bytes"]), int(state["growth_bytes"])) == (
        whole.whole_bytes,
        update.growth_bytes,
    )
    assert size <= snapshot_update.update_limit(whole.whole_bytes)


def test_an_update_that_would_pass_the_limit_is_written_whole(warehouse, monkeypatch):
    """Once made and found over the limit (here: no growth allowed at all), the copy is
    thrown away and the snapshot written whole, its new size recorded."""
    monkeypatch.setattr(snapshot_update, "ROW_GROUP_ROWS", 0)
    _published(warehouse)
    _one_more_day(warehouse)
    monkeypatch.setattr(snapshot_update, "GROWTH_LIMIT", 1.0)
    again = _published(warehouse)
    assert again.updated is None
    assert again.whole_bytes == snapshot_path(warehouse).stat().st_size
    assert int(_state(warehouse)["whole_bytes"]) == again.whole_bytes
    written = warehouse.with_name("whole.duckdb")
    shutil.copy(warehouse, written)
    publish(written)
    assert _contents(snapshot_path(warehouse)) == _contents(snapshot_path(written))


def test_the_last_updates_growth_decides_before_any_copy_is_made(warehouse, monkeypatch):
    """A snapshot that the last update's growth would take past the limit is written whole
    at once: no copy is made and updated first."""
    _published(warehouse)
    _one_more_day(warehouse)
    with duckdb.connect(str(warehouse)) as con:  # as if the last update had added 60 MB
        con.execute("insert or replace into snapshot_state values ('growth_bytes', '60000000')")

    def refused(*args, **kwargs):
        raise AssertionError("the copy was updated")

    monkeypatch.setattr("pipelines.publication.update_tables", refused)
    assert _published(warehouse).updated is None
