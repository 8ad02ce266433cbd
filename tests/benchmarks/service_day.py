"""One more day as the service records it: the same extra day as the incremental run, on a
copy of the same warehouse, with the run's events written to the Dagster instance `jansewa
up` sets up (deploy/dagster.yaml: SQLite storage in DAGSTER_HOME) instead of an ephemeral
one. A run's events cost about 1.6 ms each in memory and 7-10 ms in SQLite here, so this is
the day the scheduled refresh pays, where `jansewa refresh` without DAGSTER_HOME pays less.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb


def copy_warehouse(warehouse: Path, into: Path) -> Path:
    """A copy of the warehouse's folder (snapshot, Data Docs) whose publication record still
    names its snapshot: the record holds the file's identity (inode), which a copy changes,
    and without it the copy's next refresh would write the snapshot whole."""
    from warehouse.snapshot import snapshot_version
    from warehouse.snapshot_changes import record_publication

    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(warehouse.parent, into, symlinks=True)
    copy = into / warehouse.name
    con = duckdb.connect(str(copy))
    try:
        # Closed without merging row groups, as the pipeline's steps close it (see
        # warehouse/compaction.py): the copy keeps the original's layout, and this process
        # stays small -- a checkpoint that merges rewrites every table's partly filled row
        # groups, and at exec Linux counts this process's size into each later child's peak.
        con.execute("set max_vacuum_tasks = 0")
        record_publication(con, snapshot_version(copy), None)
    finally:
        con.close()
    return copy


def service_day(copy: Path, plus_one: Path, work: Path, refresh: Callable):
    """The extra day on ``copy`` (copy_warehouse), recorded in a fresh DAGSTER_HOME; the
    copy is removed afterwards."""
    home = work / "service-day-dagster"
    if home.exists():
        shutil.rmtree(home)
    try:
        return refresh(plus_one, copy, work / "service-day.json", dagster_home=home)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
