"""A reader's in-memory copies of kpi_values and kpi_target_attainment
(dashboards/data/reader_copies.py): the same rows as the snapshot's views, used by every
thread's cursor once ready, never waited for by a query, and left out for a snapshot without
the views or with one that cannot be read."""

from __future__ import annotations

import shutil
import threading

import duckdb
import pytest

from dashboards import data
from dashboards.data import reader_copies, readers
from warehouse.snapshot import snapshot_path, snapshot_version


def _cursor(warehouse):
    return readers.cursor_for(warehouse, snapshot_version(warehouse))


def _resolves_to(cur, table: str) -> str:
    """The database an unqualified ``table`` is read from by ``cur``, from its query plan."""
    plan = cur.execute(f"explain select * from {table}").fetchall()[0][1]
    places = {
        db for db in ("cache", "snapshot") if f'Table: "{db}".' in plan or f"Table: {db}." in plan
    }
    assert len(places) == 1, plan
    return places.pop()


def test_the_copy_holds_the_views_rows_and_cursors_read_it(warehouse):
    data.clear_cache()
    cur = _cursor(warehouse)
    assert readers.wait_for_copies(warehouse, timeout=60)
    cur = _cursor(warehouse)  # the next query of this thread looks in the copies first
    for view in reader_copies.COPIES:
        ordered = f"select * from {{}}.main.{view} order by all"
        copied = cur.execute(ordered.format("cache")).fetchall()
        viewed = cur.execute(ordered.format("snapshot")).fetchall()
        assert len(copied) > 100, view
        assert copied == viewed, view  # row for row, every column, the intervals included
        assert _resolves_to(cur, view) == "cache"
    # what is not copied is read from the snapshot, as before
    assert _resolves_to(cur, "kpi_scorecard") == "snapshot"
    assert cur.execute("select current_setting('search_path')").fetchone()[0].startswith("cache")
    # and what the copying freed goes back to the system (readers.py)
    assert cur.execute("select current_setting('allocator_background_threads')").fetchone()[0]


def test_a_query_does_not_wait_for_the_copy_and_its_answer_is_the_same(warehouse, monkeypatch):
    release = threading.Event()
    real = reader_copies.make_copies

    def held_back(con):
        assert release.wait(60)
        return real(con)

    monkeypatch.setattr(readers, "make_copies", held_back)
    data.clear_cache()
    try:
        months = data.periods(warehouse, "month")
        kpi = data.period_values(warehouse, "month", months[0])["kpi"][0]  # one with rows
        before = data.kpi_by_district(warehouse, kpi, "month", months[0])
        assert not readers.wait_for_copies(warehouse, timeout=0)  # still being made
        assert _resolves_to(_cursor(warehouse), "kpi_values") == "snapshot"
    finally:
        release.set()
    assert readers.wait_for_copies(warehouse, timeout=60)
    assert _resolves_to(_cursor(warehouse), "kpi_values") == "cache"
    data.clear_cache()
    data.kpi_ids(warehouse)  # a new reader, its copy made afresh
    assert readers.wait_for_copies(warehouse, timeout=60)
    after = data.kpi_by_district(warehouse, kpi, "month", months[0])
    assert after.equals(before)
    assert after.height >= 2


def test_a_snapshot_without_the_views_is_read_as_it_is(warehouse, tmp_path):
    older = tmp_path / "jansewa.duckdb"
    shutil.copy(snapshot_path(warehouse), snapshot_path(older))
    con = duckdb.connect(str(snapshot_path(older)))
    con.execute("drop view kpi_values")  # as published before the view existed; the
    con.close()  # targets' view, over it, can no longer be read either
    data.clear_cache()
    assert data.min_cases(older) >= 0  # opens a reader on it
    assert readers.wait_for_copies(older, timeout=60)
    cur = _cursor(older)
    assert cur.execute("select count(*) from kpi_catalog").fetchone()[0] > 0
    assert _resolves_to(cur, "kpi_scorecard") == "snapshot"
    path = cur.execute("select current_setting('search_path')").fetchone()[0]
    assert not path.startswith("cache")  # nothing was copied: every name is the snapshot's
    with pytest.raises(data.MartMissingError):
        data.periods(older, "month")  # the pages' "not built yet", as before
    data.clear_cache()


def test_a_view_that_cannot_be_read_is_left_to_the_snapshot(warehouse, tmp_path):
    older = tmp_path / "jansewa.duckdb"
    shutil.copy(snapshot_path(warehouse), snapshot_path(older))
    con = duckdb.connect(str(snapshot_path(older)))
    con.execute("drop table ref_kpi_targets")  # the targets' view reads it
    con.close()
    data.clear_cache()
    assert data.kpi_ids(older)
    assert readers.wait_for_copies(older, timeout=60)
    cur = _cursor(older)
    assert _resolves_to(cur, "kpi_values") == "cache"  # the other copy is made and used
    with pytest.raises(duckdb.CatalogException):
        cur.execute("select count(*) from kpi_target_attainment")  # as from the snapshot
    data.clear_cache()
