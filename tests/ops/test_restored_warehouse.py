"""A warehouse file restored from a backup while the write-ahead log of the file it replaced
stayed beside it: every refresh is refused with one line that says what to do, before any
step runs, and a killed writer's own log is still replayed as before."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.file_opens import WarehouseUnreadableError, check_warehouse_opens, write_ahead_log

WRITER_KILLED = """
import duckdb, os, signal, sys
con = duckdb.connect(sys.argv[1])
con.execute("insert into t values (2)")
con.execute("checkpoint")
con.execute("insert into t values (3)")  # in the log only: the writer dies before it closes
os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_writer(warehouse: Path) -> None:
    """A writer that checkpoints once, writes again and is SIGKILLed: its log stays."""
    done = subprocess.run([sys.executable, "-c", WRITER_KILLED, str(warehouse)])
    assert done.returncode == -signal.SIGKILL
    assert write_ahead_log(warehouse).exists()


def _warehouse_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    warehouse, backup = tmp_path / "jansewa.duckdb", tmp_path / "backup" / "jansewa.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create table t (x integer)")
    con.execute("insert into t values (1)")
    con.close()
    backup.parent.mkdir()
    shutil.copyfile(warehouse, backup)
    return warehouse, backup


def _restored_beside_stale_log(tmp_path: Path) -> Path:
    warehouse, backup = _warehouse_with_backup(tmp_path)
    _killed_writer(warehouse)
    shutil.copyfile(backup, warehouse)  # the restore; the killed writer's log stays
    return warehouse


def _rows(warehouse: Path) -> list[int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return [x for (x,) in con.execute("select x from t order by x").fetchall()]
    finally:
        con.close()


def test_a_killed_writers_own_log_passes_the_check_and_is_replayed(tmp_path):
    warehouse, _ = _warehouse_with_backup(tmp_path)
    _killed_writer(warehouse)
    check_warehouse_opens(warehouse)
    assert _rows(warehouse) == [1, 2, 3]  # nothing the killed writer committed is lost


def test_a_restored_file_beside_a_stale_log_is_refused_naming_the_log(tmp_path):
    warehouse = _restored_beside_stale_log(tmp_path)
    log = write_ahead_log(warehouse)
    with pytest.raises(WarehouseUnreadableError) as refused:
        check_warehouse_opens(warehouse)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"warehouse {warehouse} cannot be opened: its write-ahead log {log}")
    assert f"delete {log} and run the refresh again" in message
    assert log.exists()  # the check decides nothing for the operator

    log.unlink()  # as the message says
    check_warehouse_opens(warehouse)
    assert _rows(warehouse) == [1]  # the backup's rows, as restored


def test_refresh_refuses_a_restored_file_in_one_line_and_touches_nothing(tmp_path, demo_exports):
    warehouse = _restored_beside_stale_log(tmp_path)
    log = write_ahead_log(warehouse)
    before = {path: path.read_bytes() for path in (warehouse, log)}
    env = {**os.environ, "JANSEWA_PII_KEY": "test-suite-key"}
    done = subprocess.run(
        [sys.executable, "-m", "jansewa.cli", "refresh", "--exports", str(demo_exports)]
        + ["--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == done.stderr.strip().splitlines()[0]  # one line
    assert done.stderr.startswith(f"jansewa refresh: error: warehouse {warehouse} cannot be")
    assert f"delete {log}" in done.stderr and "Traceback" not in done.stderr
    assert {path: path.read_bytes() for path in before} == before
    assert not (tmp_path / "jansewa.published.duckdb").exists()


def test_accepting_a_held_file_on_a_restored_file_is_refused_in_one_line(tmp_path, demo_exports):
    warehouse = _restored_beside_stale_log(tmp_path)
    held = next((demo_exports / "helpline_calls").glob("*.csv"))
    done = subprocess.run(
        [sys.executable, "-m", "jansewa.cli", "accept", str(held), "--exports", str(demo_exports)]
        + ["--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"jansewa accept: error: warehouse {warehouse} cannot be")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_dagster_run_on_a_restored_file_fails_before_any_step(tmp_path, demo_exports):
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.defs.resources import WarehouseResource

    warehouse = _restored_beside_stale_log(tmp_path)
    defs = build_definitions(WarehouseResource(path=str(warehouse), exports=str(demo_exports)))
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    (init_failure,) = [
        e for e in result.all_events if e.event_type_value == "RESOURCE_INIT_FAILURE"
    ]
    message = init_failure.event_specific_data.error.message.strip()
    assert message.startswith("warehouse.file_opens.WarehouseUnreadableError: warehouse ")
    assert f"delete {write_ahead_log(warehouse)}" in message and "\n" not in message
    assert not any(e.event_type_value == "STEP_START" for e in result.all_events)
