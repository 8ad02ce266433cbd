"""One refresh at a time per warehouse: the OS lock, the CLI's --wait and exit status, and
the lock a Dagster-started run takes inside the job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from pipelines.lock import (
    EX_TEMPFAIL,
    RefreshLocked,
    lock_path,
    read_holder,
    set_run_id,
    warehouse_lock,
)
from tests.ops.conftest import age, calls_csv, jansewa, jansewa_env
from warehouse.snapshot import snapshot_path


def _hold_in_subprocess(warehouse, seconds: float) -> subprocess.Popen:
    """Another process holding the lock for ``seconds`` (prints 'held' once it has it)."""
    code = textwrap.dedent(
        f"""
        import time
        from pipelines.lock import warehouse_lock
        with warehouse_lock({str(warehouse)!r}, run_id="other-run"):
            print("held", flush=True)
            time.sleep({seconds})
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=jansewa_env(), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_file_names_the_holder_and_is_empty_once_released(tmp_path):
    wh = tmp_path / "jansewa.duckdb"
    assert lock_path(wh) == tmp_path / "jansewa.duckdb.lock"
    with warehouse_lock(wh, run_id="r-1"):
        holder = read_holder(wh)
        assert (holder["pid"], holder["run_id"]) == (os.getpid(), "r-1")
        with warehouse_lock(wh):  # the run's resource re-enters in the same process
            set_run_id(wh, "r-2")
        assert read_holder(wh)["run_id"] == "r-2"
    assert read_holder(wh) is None
    with warehouse_lock(wh):  # released: can be taken again at once
        pass


def test_a_second_holder_is_refused_with_one_line_naming_the_first(tmp_path):
    wh = tmp_path / "jansewa.duckdb"
    holder = _hold_in_subprocess(wh, 30)
    try:
        started = time.monotonic()
        with pytest.raises(RefreshLocked) as refused, warehouse_lock(wh, wait=0):
            pytest.fail("the lock was granted twice")
        assert time.monotonic() - started < 1.0
        message = str(refused.value)
        assert "\n" not in message
        assert f"pid {holder.pid}" in message and "run other-run" in message
        # bounded wait: gives up after about the time asked for
        started = time.monotonic()
        with pytest.raises(RefreshLocked, match="after waiting 1 s"), warehouse_lock(wh, wait=1.2):
            pass
        assert 1.1 < time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()
    # the kernel released the killed holder's lock: no stale lock to clear by hand
    with warehouse_lock(wh, wait=0):
        assert read_holder(wh)["pid"] == os.getpid()


def test_a_waiting_holder_gets_the_lock_when_the_first_finishes(tmp_path):
    wh = tmp_path / "jansewa.duckdb"
    holder = _hold_in_subprocess(wh, 1.5)
    started = time.monotonic()
    with warehouse_lock(wh, wait=30):
        waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert 0.5 < waited < 10


@pytest.mark.slow
def test_two_refreshes_at_once_one_publishes_the_other_exits_75_or_waits(tmp_path):
    exports, wh = tmp_path / "exports", tmp_path / "wh" / "jansewa.duckdb"
    age(calls_csv(exports / "helpline_calls" / "a.csv", ["C1", "C2", "C3"]))
    args = ("refresh", "--exports", str(exports), "--warehouse", str(wh))

    first = jansewa(*args)
    deadline = time.monotonic() + 240
    while (read_holder(wh) or {}).get("pid") != first.pid:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first refresh never took the lock"
        time.sleep(0.1)
    run_id = read_holder(wh)["run_id"]
    # Freeze the first refresh while it holds the lock, so the overlap is certain.
    os.kill(first.pid, signal.SIGSTOP)
    try:
        second = jansewa(*args)
        out, err = second.communicate(timeout=240)
        assert second.returncode == EX_TEMPFAIL, (out, err)
        (line,) = err.strip().splitlines()  # one line, no stack trace
        assert f"pid {first.pid}" in line and f"run {run_id}" in line
        assert "Traceback" not in out + err
        assert not snapshot_path(wh).exists()

        third = jansewa(*args, "--wait", "600")  # waits for the first instead
        time.sleep(8)
        assert third.poll() is None
    finally:
        os.kill(first.pid, signal.SIGCONT)
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, (out, err)
    assert f"Published snapshot {snapshot_path(wh)}" in out
    out, err = third.communicate(timeout=600)
    assert third.returncode == 0, (out, err)
    # it ran after the first had published: nothing new, the first's snapshot is current
    assert "no new or changed export files" in out and "Nothing new" in out
    assert f"(run {run_id}) is current" in out
    assert json.loads(lock_path(wh).read_text() or "null") is None


@pytest.mark.slow
def test_a_dagster_run_takes_the_same_lock_and_fails_in_one_line(tmp_path, monkeypatch):
    """A run Dagster starts, while a refresh outside Dagster holds the warehouse, waits
    JANSEWA_LOCK_WAIT seconds and fails naming that refresh -- before touching DuckDB."""
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.defs.resources import WarehouseResource

    exports, wh = tmp_path / "exports", tmp_path / "jansewa.duckdb"
    age(calls_csv(exports / "helpline_calls" / "a.csv", ["C1"]))
    monkeypatch.setenv("JANSEWA_LOCK_WAIT", "1")
    defs = build_definitions(WarehouseResource(path=str(wh), exports=str(exports)))
    holder = _hold_in_subprocess(wh, 60)
    try:
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    (init_failure,) = [
        e for e in result.all_events if e.event_type_value == "RESOURCE_INIT_FAILURE"
    ]  # the resources are set up once for the whole run, before any step reads a file
    message = init_failure.event_specific_data.error.message.strip()
    assert message.startswith("pipelines.lock.RefreshLocked: warehouse ")
    assert f"(pid {holder.pid}, run other-run," in message and "\n" not in message
    assert not [e for e in result.all_events if e.event_type_value == "STEP_START"]
    assert not wh.exists()  # nothing was written
