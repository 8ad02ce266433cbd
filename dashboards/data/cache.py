"""`fetch`: one parameterised query on the published snapshot, cached per snapshot version.

- One short-lived read-only connection per query (``warehouse.snapshot.connect_snapshot``),
  closed before the result is used.
- Results are cached per (snapshot version, query, parameters). A refresh swaps the snapshot
  with ``os.replace``; a query that raced the swap (the version changed while it ran, or the
  old file vanished under it) is run once more on the new file and only a result read from a
  stable version is cached, so a page never mixes two snapshots from the cache.
- Queries run one at a time per process: DuckDB hands a new ``connect()`` the database a
  still-open connection holds, which after a swap is the *old* file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import duckdb
import polars as pl

from dashboards.data.pinning import SnapshotChanged, pinned_version
from warehouse.snapshot import SnapshotMissingError, connect_snapshot, snapshot_version

CACHE_SIZE = 512

_lock = threading.Lock()
_cache: OrderedDict[tuple, pl.DataFrame] = OrderedDict()
_stats = {"queries": 0, "hits": 0}


class MartMissingError(RuntimeError):
    """The snapshot has no such table (a mart not built yet): pages say so instead of failing."""

    def __init__(self, table: str):
        super().__init__(f"the published snapshot has no table {table}")
        self.table = table


def clear_cache() -> None:
    """Forget every cached result (tests; the cache also drops old versions by itself)."""
    with _lock:
        _cache.clear()
        _stats.update(queries=0, hits=0)


def cache_stats() -> dict[str, int]:
    """How many queries reached DuckDB and how many were served from the cache."""
    return dict(_stats)


def _run(warehouse: Path, sql: str, params: tuple) -> pl.DataFrame:
    with connect_snapshot(warehouse) as con:
        cur = con.execute(sql, list(params))
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def _missing_table(exc: duckdb.Error) -> str | None:
    text = str(exc)
    if isinstance(exc, duckdb.CatalogException) and "Table with name" in text:
        return text.split("Table with name", 1)[1].split("does not exist", 1)[0].strip()
    return None


def fetch(warehouse: Path, sql: str, params: tuple = ()) -> pl.DataFrame:
    """Rows of one parameterised query on the snapshot, cached per snapshot version.

    Raises SnapshotMissingError when nothing is published and MartMissingError when the
    snapshot lacks a table the query reads.
    """
    warehouse = Path(warehouse)
    params = tuple(params)
    frozen = tuple(tuple(p) if isinstance(p, list) else p for p in params)
    pinned = pinned_version(warehouse)
    for attempt in range(2):
        before = snapshot_version(warehouse)
        if before is None:
            raise SnapshotMissingError(f"no published snapshot beside {warehouse}")
        if pinned is not None and before != pinned:
            key = (str(warehouse), pinned, sql, frozen)
            with _lock:
                if key in _cache:  # answered from the pinned snapshot before the swap
                    _stats["hits"] += 1
                    return _cache[key]
            raise SnapshotChanged(str(warehouse))
        key = (str(warehouse), before, sql, frozen)
        with _lock:
            if key in _cache:
                _stats["hits"] += 1
                _cache.move_to_end(key)
                return _cache[key]
            try:
                _stats["queries"] += 1
                frame = _run(warehouse, sql, params)
            except (duckdb.Error, FileNotFoundError) as exc:
                table = _missing_table(exc) if isinstance(exc, duckdb.Error) else None
                if snapshot_version(warehouse) != before:
                    if pinned is not None:
                        raise SnapshotChanged(str(warehouse)) from exc
                    if attempt == 0:
                        continue  # the snapshot was swapped under the query: once more
                if table:
                    raise MartMissingError(table) from exc
                raise
            after = snapshot_version(warehouse)
            if after != before:
                if pinned is not None:
                    raise SnapshotChanged(str(warehouse))
                if attempt == 0:
                    continue
                return frame  # swapped twice in a row: answer, but do not cache
            for old in [k for k in _cache if k[0] == key[0] and k[1] != before]:
                del _cache[old]
            _cache[key] = frame
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
            return frame
    raise RuntimeError("unreachable")  # pragma: no cover
