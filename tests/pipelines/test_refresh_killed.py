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
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from pipelines.refresh import run_refresh
from tests.reliability.workspace import copy_demo
from warehouse.file_opens import write_ahead_log
from warehouse.snapshot import snapshot_path

# What the reader snapshot says of the load (it holds no staging or quarantined row): records
# accepted and quarantined per source, the KPI rows and the calls counted.
COUNTS = """
select 'accepted ' || source, sum(rows_accepted) from kpi_source_loads group by source union all
select 'quarantined ' || source, sum(rows_quarantined) from kpi_source_loads group by source
union all
select 'quarantine summary', sum(rows) from kpi_quarantine_summary union all
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
    workspace = copy_demo(demo_warehouse, root)
    exports, warehouse = workspace.exports, workspace.warehouse
    # A "new day" of calls: the June file again under a new name, exported later.
    june = next((exports / "helpline_calls").glob("*2020-06-01_to_2020-06-30*"))
    extra = exports / "helpline_calls" / "helpline_calls_reexport_late.csv"
    shutil.copyfile(june, extra)
    later = june.stat().st_mtime + 86_400
    os.utime(extra, (later, later))
    return exports, warehouse


def _start_refresh(exports: Path, warehouse: Path, output=subprocess.DEVNULL) -> subprocess.Popen:
    """`jansewa refresh` in its own process group, as operations would run it.

    Its temporary files go to a folder beside the warehouse, which the test's folder removes:
    a refresh killed while it reads a cp1252 export leaves that export's UTF-8 copy behind
    (in production, the daemon's own /tmp: deploy/jansewa-daemon.service)."""
    command = ["refresh", "--exports", str(exports), "--warehouse", str(warehouse)]
    temporary = warehouse.parent / "tmp"
    temporary.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "jansewa.cli", *command],
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )


def _killed_refresh(exports: Path, warehouse: Path, delay: float) -> bool:
    """Start `jansewa refresh`, SIGKILL it after `delay` seconds; True if it was killed.

    A run that ends before its kill must have succeeded: its output is then in the error."""
    with tempfile.TemporaryFile() as output:
        proc = _start_refresh(exports, warehouse, output)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        killed = proc.poll() is None
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
        code = proc.wait()
        output.seek(0)
        said = output.read().decode(errors="replace")[-2000:]
    assert killed or code == 0, f"a refresh after a killed one failed ({code}):\n{said}"
    return killed


LANES = 2  # kill trials run in two independent warehouses at once, one per core


@pytest.fixture(scope="module")
def reference(demo_warehouse, tmp_path_factory) -> tuple[list[tuple], float]:
    """Counts of an uninterrupted refresh of the same work, and how long it took when
    ``LANES`` such refreshes run side by side, as the kill trials do."""
    staged = [_stage(demo_warehouse, tmp_path_factory.mktemp("reference")) for _ in range(LANES)]
    started = time.monotonic()
    runs = [_start_refresh(exports, warehouse) for exports, warehouse in staged]
    assert [run.wait() for run in runs] == [0] * LANES
    seconds = time.monotonic() - started
    counts = [_counts(snapshot_path(warehouse)) for _, warehouse in staged]
    assert counts[0] == counts[1]
    return counts[0], seconds


def _restore(demo_warehouse, warehouse: Path) -> None:
    """Put back the warehouse and snapshot of before the new file, so there is work to kill.

    As an operator restoring a backup must, the write-ahead log of the file replaced goes
    too: a run killed after its swap, before its last connection closed, leaves one, which
    DuckDB would replay onto the restored file (and refuse: warehouse/file_opens.py)."""
    write_ahead_log(warehouse).unlink(missing_ok=True)
    shutil.copyfile(demo_warehouse.warehouse, warehouse)
    shutil.copyfile(snapshot_path(demo_warehouse.warehouse), snapshot_path(warehouse))


def _trials(demo_warehouse, root: Path, delays, expected, kills: int | None = None) -> int:
    """Kill refreshes after each delay in turn (until ``kills`` were really killed, if set).

    A killed run leaves whatever it had done for the next trial to resume; a run that
    finished first has published, and the warehouse is then put back as it was before the
    new file, so that every trial has the same work to do.
    """
    exports, warehouse = _stage(demo_warehouse, root)
    published = snapshot_path(warehouse)
    before_sha, before_counts = _sha(published), _counts(published)
    assert before_counts != expected  # the new export file makes a difference to find
    killed = 0
    for delay in delays:
        if kills is not None and killed >= kills:
            break
        if _killed_refresh(exports, warehouse, delay):
            killed += 1
            if _sha(published) != before_sha:
                # Killed after its swap (while printing its summary, say): the run had
                # published, so the snapshot must be the complete new one, never a mixture.
                assert _counts(published) == expected, f"half-published after {delay:.1f}s"
                _restore(demo_warehouse, warehouse)
            else:
                assert _counts(published) == before_counts  # readable, and the old one
        else:  # the refresh finished before the kill
            assert _counts(published) == expected
            _restore(demo_warehouse, warehouse)
    result = run_refresh(exports=exports, warehouse=warehouse)
    assert result.ok, result.describe()
    assert _counts(published) == expected
    return killed


@pytest.mark.slow(seconds=240)
def test_twenty_refreshes_killed_at_random_points_one_mid_load(demo_warehouse, tmp_path, reference):
    """The first kill of the first lane falls half-way (past start-up, inside the load,
    staging and validation steps); every other one anywhere from interpreter start-up to
    the snapshot swap at the very end. Two lanes of ten kills, each in its own warehouse,
    run at once."""
    expected, seconds = reference

    def delays(lane: int, rng: random.Random):
        if lane == 0:
            yield seconds / 2
        for _ in range(40):  # runs that finish before their kill do not count: a bound
            yield rng.uniform(0.5, seconds * 0.98)

    lanes = [(tmp_path / f"lane{n}", delays(n, random.Random(20 + n))) for n in range(LANES)]
    with ThreadPoolExecutor(LANES) as pool:
        killed = pool.map(
            lambda lane: _trials(demo_warehouse, lane[0], lane[1], expected, kills=20 // LANES),
            lanes,
        )
        assert sum(killed) == 20
