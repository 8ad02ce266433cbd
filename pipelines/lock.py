"""One refresh at a time per warehouse: an OS-level lock on `<warehouse>.lock`.

DuckDB lets one process write a file; two refreshes of one warehouse started seconds apart
(a schedule tick and a person) used to fail each other with a lock stack trace. Every
refresh -- `jansewa refresh` and each run Dagster starts -- first takes ``fcntl.flock`` on
the lock file beside the warehouse and writes one JSON line into it saying who holds it
(pid, run id, start time). The kernel releases the lock when the holder exits, however it
exits, so a killed refresh never leaves a stale lock behind; the JSON line is only read to
tell the next refresh whom it is waiting for.

The lock is re-entrant within a process: `jansewa refresh` takes it before the run starts
and the run's own resource takes it again (in the same process) without deadlocking.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EX_TEMPFAIL = 75  # sysexits.h: "try again later" -- what a second refresh exits with
POLL_SECONDS = 0.2

_held: dict[Path, tuple[int, int]] = {}  # lock path -> (file descriptor, depth)
_guard = threading.Lock()


class RefreshLocked(RuntimeError):
    """Another refresh holds the warehouse; ``str()`` is the one line to show."""

    def __init__(self, warehouse: Path, holder: dict | None, waited: float) -> None:
        self.warehouse = warehouse
        self.holder = holder or {}
        self.waited = waited
        super().__init__(describe_refusal(warehouse, self.holder, waited))


def lock_path(warehouse: Path) -> Path:
    """`/srv/jansewa/jansewa.duckdb` -> `/srv/jansewa/jansewa.duckdb.lock`."""
    warehouse = Path(warehouse).absolute()
    return warehouse.with_name(warehouse.name + ".lock")


def describe_refusal(warehouse: Path, holder: dict, waited: float) -> str:
    who = (
        f"pid {holder.get('pid', '?')}, run {holder.get('run_id') or 'not started yet'}, "
        f"started {holder.get('started_at', '?')}"
    )
    after = f" after waiting {waited:.0f} s" if waited >= 1 else ""
    return (
        f"warehouse {warehouse} is being refreshed by another refresh ({who}){after}: "
        "nothing was changed; try again later or pass --wait SECONDS"
    )


def read_holder(warehouse: Path) -> dict | None:
    """The JSON line the current holder wrote, or None (no lock file, or not written yet)."""
    try:
        text = lock_path(warehouse).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        return json.loads(text) if text else None
    except json.JSONDecodeError:
        return None


def _write_holder(fd: int, run_id: str | None) -> None:
    line = json.dumps(
        {
            "pid": os.getpid(),
            "run_id": run_id,
            "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
    )
    os.ftruncate(fd, 0)
    os.pwrite(fd, (line + "\n").encode(), 0)
    os.fsync(fd)


def set_run_id(warehouse: Path, run_id: str) -> None:
    """Name the run in the holder line of a lock this process already holds."""
    path = lock_path(warehouse)
    with _guard:
        if path in _held:
            _write_holder(_held[path][0], run_id)


@contextmanager
def warehouse_lock(warehouse: Path, run_id: str | None = None, wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's refresh lock for the block.

    Waits up to ``wait`` seconds for another holder to finish, then raises RefreshLocked
    (naming the holder) without having touched anything.
    """
    path = lock_path(warehouse)
    with _guard:
        if path in _held:  # re-entered by the same process
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            if run_id:
                _write_holder(fd, run_id)
            acquired = None
        else:
            acquired = False
    if acquired is None:
        try:
            yield
        finally:
            with _guard:
                fd, depth = _held[path]
                _held[path] = (fd, depth - 1)
        return

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(wait, 0.0)
    started = time.monotonic()
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RefreshLocked(
                        Path(warehouse), read_holder(warehouse), time.monotonic() - started
                    ) from None
                time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise
    _write_holder(fd, run_id)
    with _guard:
        _held[path] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            del _held[path]
        os.ftruncate(fd, 0)  # nobody holds it: an empty file says so
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
