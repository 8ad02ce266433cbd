"""The reader snapshot: the DuckDB file every reader opens, and what it may hold.

DuckDB allows one writing process and then no other process may open the file, even
read-only. So the pipeline writes its own file, and when a refresh has passed its blocking
checks it writes a *new* file beside itself holding only the reader tables (is_reader_table:
marts, reference tables, check results, scorecard history, publications) and swaps it in with
``os.replace`` (atomic on one file system; see pipelines.publication). Readers -- `jansewa
kpis`, the dashboard, notebooks -- are given the pipeline's path and open the snapshot next
to it, read-only. No raw row, staging row, load manifest or quarantined row reaches the
snapshot, so no reader can hold a row-level personal field, whatever its query.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import duckdb

# The tables a reader may see, by name. Marts (kpi_*: daily facts, kpi_values, the scorecard,
# freshness, the quarantine summary), reference tables (ref_*), validation results (dq_*),
# record-level case lists that carry ids only (case_*), the scorecard as first published,
# the publication log and the alerts of the published data (warehouse/alerts/: district
# figures only). Everything else -- raw_*, stg_*, *_versions, int_*, the manifest, the
# load audit, the quarantine's rows -- stays in the pipeline's own file.
READER_TABLE_PREFIXES = ("kpi_", "ref_", "dq_", "case_")
READER_TABLE_NAMES = ("scorecard_history", "publications", "alerts")
_PIPELINE_ONLY = re.compile(r"^(raw|stg|int)_|_versions$")


def is_reader_table(name: str) -> bool:
    """Whether a table of the pipeline's warehouse belongs in the reader snapshot."""
    if not isinstance(name, str) or _PIPELINE_ONLY.search(name):
        return False
    return name.startswith(READER_TABLE_PREFIXES) or name in READER_TABLE_NAMES


class SnapshotMissingError(FileNotFoundError):
    """No snapshot has been published beside this warehouse yet."""


def snapshot_path(warehouse: Path | str) -> Path:
    """`data/jansewa.duckdb` -> `data/jansewa.published.duckdb`."""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.published{warehouse.suffix or '.duckdb'}")


def snapshot_version(warehouse: Path | str) -> str | None:
    """A token that changes whenever a new snapshot is swapped in (for reader caches)."""
    try:
        st = snapshot_path(warehouse).stat()
    except FileNotFoundError:
        return None
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


@contextmanager
def connect_snapshot(warehouse: Path | str):
    """A read-only connection to the published snapshot, closed when the block ends."""
    path = snapshot_path(warehouse)
    if not path.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {path}: run `jansewa refresh --warehouse {warehouse}` first"
        )
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()
