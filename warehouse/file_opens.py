"""Can the pipeline's DuckDB file be opened? Asked once a refresh holds the warehouse's lock.

A refresh killed while it had the file open leaves its write-ahead log, `<file>.wal`, beside
it, and DuckDB replays that log when the file is next opened: nothing is lost. But if the
file itself is then replaced -- a backup copied over it, a copy from another server -- the
log no longer belongs to it. When the two have gone through different checkpoints, every
connection fails with "Failure while replaying WAL file ... checkpoint iteration does not
match"; a refresh would then fail in its first step and show a stack trace, and this check
turns that into one line that says what to do. When they have not (the backup was taken at
the checkpoint the log starts from), DuckDB replays the log onto the backup without a word,
and no check can tell: whoever restores a warehouse file removes its old log with it
(docs/reliability.md).

The file is opened read-only, so checking changes nothing (a read-only connection replays a
log in memory and leaves it in place for the next read-write one).
"""

from __future__ import annotations

from pathlib import Path

import duckdb


class WarehouseUnreadableError(RuntimeError):
    """The warehouse file cannot be opened; ``str()`` is the one line to show."""


def write_ahead_log(warehouse: Path | str) -> Path:
    """`/srv/jansewa/jansewa.duckdb` -> `/srv/jansewa/jansewa.duckdb.wal`."""
    return Path(f"{warehouse}.wal")


def check_warehouse_opens(warehouse: Path | str) -> None:
    """Raise WarehouseUnreadableError when ``warehouse`` exists and DuckDB cannot open it.

    Call it holding the warehouse's refresh lock (pipelines.lock): a refresh writing the file
    at the same time would make the answer meaningless.
    """
    warehouse = Path(warehouse)
    if not warehouse.exists():
        return  # the first refresh creates it
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.Error as exc:
        raise WarehouseUnreadableError(describe_open_failure(warehouse, exc)) from None


def describe_open_failure(warehouse: Path, exc: duckdb.Error) -> str:
    """One line: what is wrong with the file and what an operator can do about it."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    log = write_ahead_log(warehouse)
    if "WAL" in str(exc) and log.exists():
        return (
            f"warehouse {warehouse} cannot be opened: its write-ahead log {log} was written "
            "for another version of the file (was the file replaced by a copy or a backup "
            f"while the log stayed?). If the file was restored on purpose, delete {log} "
            "and run the refresh again; otherwise put back the file the log belongs to. "
            f"DuckDB says: {first_line}"
        )
    return (
        f"warehouse {warehouse} cannot be opened: {first_line}. Restore it from a backup "
        "(with its .raw folder beside it), or rebuild it: `jansewa refresh --full` into a "
        "new --warehouse path"
    )
