"""A refresh with nothing new returns at once and leaves the snapshot as it is; anything that
would change the snapshot (a new file, a failed run's loaded files, other code, --full,
a weights file) runs every step."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.refresh import run_refresh
from tests.reliability.workspace import copy_demo
from warehouse.reference_files import SCORECARD_WEIGHTS
from warehouse.snapshot import snapshot_path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy(demo_warehouse, root: Path) -> tuple[Path, Path]:
    """The demo exports, warehouse and published snapshot, copied to ``root``."""
    workspace = copy_demo(demo_warehouse, root)
    return workspace.exports, workspace.warehouse


def _add_day_of_calls(exports: Path) -> None:
    """A new export file: June's calls again under a later name and time."""
    june = next((exports / "helpline_calls").glob("*2020-06-01_to_2020-06-30*"))
    extra = exports / "helpline_calls" / "helpline_calls_reexport_late.csv"
    shutil.copyfile(june, extra)
    later = june.stat().st_mtime + 86_400
    os.utime(extra, (later, later))


def _calls(snapshot: Path) -> int:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute("select sum(rows_accepted) from kpi_source_loads").fetchone()[0]
    finally:
        con.close()


def test_nothing_new_returns_at_once_and_touches_nothing(demo_warehouse, tmp_path):
    exports, warehouse = _copy(demo_warehouse, tmp_path)
    before = {p: _sha(p) for p in (warehouse, snapshot_path(warehouse))}
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.ok and not result.published
    assert result.current is not None
    assert result.current.run_id == demo_warehouse.refresh.run_id
    assert {p: _sha(p) for p in before} == before
    assert "Nothing new" in result.describe() and "FAILED" not in result.describe()


def test_a_new_file_is_loaded_and_published(demo_warehouse, tmp_path):
    exports, warehouse = _copy(demo_warehouse, tmp_path)
    before = _calls(snapshot_path(warehouse))
    _add_day_of_calls(exports)
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.published and result.current is None, result.describe()
    assert [a.path for a in result.audit] == ["helpline_calls/helpline_calls_reexport_late.csv"]
    assert _calls(snapshot_path(warehouse)) == before + result.audit[0].accepted
    again = run_refresh(exports=exports, warehouse=warehouse)  # now nothing is new
    assert again.current is not None and again.current.run_id == result.run_id


@pytest.mark.slow
def test_files_loaded_by_a_run_that_failed_are_published_by_the_next(demo_warehouse, tmp_path):
    """A run that loads the new file and then fails (a weights file the checks refuse)
    leaves staging ahead of the snapshot: the next refresh must not call that current."""
    exports, warehouse = _copy(demo_warehouse, tmp_path)
    before = _calls(snapshot_path(warehouse))
    _add_day_of_calls(exports)
    bad = tmp_path / "weights.yml"  # a count weighted as a rate: refused by the marts step
    bad.write_text(
        SCORECARD_WEIGHTS.read_text(encoding="utf-8").replace(
            "kpis:\n", "kpis:\n  calls_received:\n    weight: 1\n    direction: higher\n", 1
        ),
        encoding="utf-8",
    )
    failed = run_refresh(exports=exports, warehouse=warehouse, weights=bad)
    assert not failed.ok and [a.status for a in failed.audit] == ["staged"]
    assert _calls(snapshot_path(warehouse)) == before
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.published and result.current is None, result.describe()
    assert result.audit == []  # the file was read by the failed run, not read again
    assert _calls(snapshot_path(warehouse)) == before + failed.audit[0].accepted


def test_other_code_or_full_runs_every_step(demo_warehouse, tmp_path, monkeypatch):
    exports, warehouse = _copy(demo_warehouse, tmp_path)
    forced = run_refresh(exports=exports, warehouse=warehouse, full=True)
    assert forced.published and forced.current is None, forced.describe()
    monkeypatch.setattr("pipelines.current_snapshot.code_digest", lambda: "edited model")
    edited = run_refresh(exports=exports, warehouse=warehouse)
    assert edited.published and edited.current is None, edited.describe()


def test_a_run_killed_between_recording_and_swapping_its_snapshot_is_not_current(
    demo_warehouse, tmp_path
):
    """The publish step records the publication, then swaps the file in: a run killed in
    between leaves a record whose snapshot never arrived. Found by the kill trials: the next
    refresh called that current and left the old snapshot published."""
    exports, warehouse = _copy(demo_warehouse, tmp_path)
    before = _calls(snapshot_path(warehouse))
    _add_day_of_calls(exports)
    old_snapshot = tmp_path / "old.published.duckdb"
    shutil.copyfile(snapshot_path(warehouse), old_snapshot)
    assert run_refresh(exports=exports, warehouse=warehouse).published
    os.replace(old_snapshot, snapshot_path(warehouse))  # as if the swap never happened
    assert _calls(snapshot_path(warehouse)) == before
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.current is None and result.published, result.describe()
    assert _calls(snapshot_path(warehouse)) > before
