"""Is the published snapshot already current? Asked before a refresh starts its steps.

A refresh with nothing new would otherwise pay for every step -- start-up of the validation
library, the checks of every suite, every mart, the publication -- to write the same snapshot
again. The snapshot is current when all of these hold, read from the pipeline's own file:

- the last publication was made by code identical to this code (a digest of every file of
  the pipelines, warehouse and expectations packages: SQL models, suites, reference tables,
  weights), so an edited model, suite or weight always rebuilds;
- no run has loaded or audited a file since that publication other than the publishing run
  itself (a run that loaded files and then failed leaves work to finish);
- no export file is new or changed, nor accepted by an operator since (the same test the
  load step makes: `pipelines.load.manifest.pending_files`);
- the published snapshot is that publication's: its own ``publications`` table ends with
  the same snapshot id. The publish step records the publication in the pipeline's file
  before it swaps the snapshot in; a run killed between the two leaves the record without
  the file, and only the file can say so.

Anything that cannot be read (an old warehouse without the digest column, say) counts as
"not current": the refresh then runs in full, which is always correct.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.load.manifest import pending_files
from warehouse.snapshot import snapshot_path
from warehouse.sources import SOURCES

PACKAGES = ("pipelines", "warehouse", "expectations")
CODE_SUFFIXES = {".py", ".sql", ".json", ".csv", ".yml", ".yaml", ".toml", ".txt"}


def code_digest() -> str:
    """sha256 over the path and bytes of every code and reference file of the packages."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Publication:
    run_id: str
    published_at: dt.datetime
    snapshot_id: str | None = None


LAST_PUBLICATION = """
select run_id, published_at, inputs_digest, snapshot_id from publications
order by published_at desc, snapshot_id desc limit 1
"""
# Runs other than the publishing one that touched the load bookkeeping at or after it.
LATER_WORK = """
select count(*) from (
  select run_id, audited_at as touched_at from load_audit
  union all select run_id, loaded_at from ingest_manifest
) where touched_at >= ? and run_id is distinct from ?
"""


def current_publication(warehouse: Path, exports: Path) -> Publication | None:
    """The publication that is still current, or None when a refresh has work to do.

    Call it holding the warehouse's refresh lock (pipelines.lock): no run may write the file
    while it is read.
    """
    warehouse = Path(warehouse)
    if not (warehouse.exists() and snapshot_path(warehouse).exists()):
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        current = _current(con, Path(exports))
    except duckdb.Error:
        return None
    finally:
        con.close()
    if current is None or _snapshot_id(snapshot_path(warehouse)) != current.snapshot_id:
        return None
    return current


def _snapshot_id(snapshot: Path) -> str | None:
    """The id of the publication the snapshot file itself holds (None: unreadable)."""
    try:
        con = duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute(
            "select snapshot_id from publications "
            "order by published_at desc, snapshot_id desc limit 1"
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return None if row is None else row[0]


def _current(con: duckdb.DuckDBPyConnection, exports: Path) -> Publication | None:
    last = con.execute(LAST_PUBLICATION).fetchone()
    if last is None or last[2] != code_digest():
        return None
    run_id, published_at, _, snapshot_id = last
    if con.execute(LATER_WORK, [published_at, run_id]).fetchone()[0]:
        return None
    if any(pending_files(con, exports, source) for source in SOURCES.values()):
        return None
    return Publication(run_id=run_id, published_at=published_at, snapshot_id=snapshot_id)
