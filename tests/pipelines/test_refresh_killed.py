"""A refresh killed part-way (SIGKILL) leaves the published snapshot as it was, and the next
refresh reaches exactly the counts of a refresh that was never interrupted."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.refresh import run_refresh
from pipelines.snapshot import snapshot_path

COUNTS = """
select 'stg_helpline_calls', count(*) from stg_helpline_calls union all
select 'stg_movement_passes', count(*) from stg_movement_passes union all
select 'stg_relief_payments', count(*) from stg_relief_payments union all
select 'quarantine', count(*) from quarantine union all
select 'kpi_values', count(*) from kpi_values union all
select 'calls_total', sum(numerator) from kpi_values where grain = 'total' and kpi = 'calls_received'
order by 1
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(snapshot: Path) -> list[tuple]:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute(COUNTS).fetchall()
    finally:
        con.close()


def _stage(demo_warehouse, root: Path) -> tuple[Path, Path]:
    """A copy of the demo warehouse and its exports, plus one new export file to load."""
    exports, warehouse = root / "exports", root / "wh" / "jansewa.duckdb"
    shutil.copytree(demo_warehouse.exports, exports)
    warehouse.parent.mkdir(parents=True)
    shutil.copyfile(demo_warehouse.warehouse, warehouse)
    shutil.copyfile(snapshot_path(demo_warehouse.warehouse), snapshot_path(warehouse))
    # A "new day" of calls: the June file again under a new name, exported later.
    june = next((exports / "helpline_calls").glob("*2020-06-01_to_2020-06-30*"))
    extra = exports / "helpline_calls" / "helpline_calls_reexport_late.csv"
    shutil.copyfile(june, extra)
    later = june.stat().st_mtime + 86_400
    os.utime(extra, (later, later))
    return exports, warehouse


def _killed_refresh(exports: Path, warehouse: Path, delay: float) -> bool:
    """Start `jansewa refresh`, SIGKILL it after `delay` seconds; True if it was killed."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "refresh",
            "--exports",
            str(exports),
            "--warehouse",
            str(warehouse),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return killed


@pytest.fixture(scope="module")
def expected_counts(demo_warehouse, tmp_path_factory):
    exports, warehouse = _stage(demo_warehouse, tmp_path_factory.mktemp("reference"))
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.ok, result.describe()
    return _counts(snapshot_path(warehouse))


def _trials(demo_warehouse, root: Path, delays: list[float], expected) -> int:
    exports, warehouse = _stage(demo_warehouse, root)
    published = snapshot_path(warehouse)
    before_sha, before_counts = _sha(published), _counts(published)
    killed = 0
    for delay in delays:
        if _killed_refresh(exports, warehouse, delay):
            killed += 1
            assert _sha(published) == before_sha, (
                f"snapshot changed by a refresh killed after {delay:.1f}s"
            )
            assert _counts(published) == before_counts
        else:  # the refresh finished before the kill: from then on the new snapshot is the one
            before_sha, before_counts = _sha(published), _counts(published)
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.ok, result.describe()
    assert _counts(published) == expected
    return killed


@pytest.mark.slow
def test_a_refresh_killed_mid_load_leaves_the_snapshot_and_the_next_run_completes(
    demo_warehouse, tmp_path, expected_counts
):
    # ~6 s in: past start-up, inside the load / staging steps
    assert _trials(demo_warehouse, tmp_path, [6.0], expected_counts) == 1


@pytest.mark.slow
def test_twenty_refreshes_killed_at_random_points(demo_warehouse, tmp_path, expected_counts):
    rng = random.Random(20)
    delays = [rng.uniform(0.5, 25.0) for _ in range(20)]
    killed = _trials(demo_warehouse, tmp_path, delays, expected_counts)
    assert killed >= 15  # most trials really interrupted a run
