"""DuckDB's memory cap while a file is parsed a slice at a time.

Staging's parse (pipelines/load/stage.py) only appends a slice's rows and deletes a file's
earlier ones, yet DuckDB keeps the pages they write cached up to the connection's limit
(1 GB by default), on top of the slice's Polars frames, which it does not count. On the state-year sample that put the process at 2.37 GB while the
service transactions were parsed; capped at SLICE_MEMORY_LIMIT for those loops, the whole
refresh peaked at 1.84 GB in the same time (66 s and 46 s for that source's two steps, where
they took 70 s and 45 s). The steps that sort or aggregate whole tables -- staging's newest
version per record, the marts -- keep the full limit: at 600 MB the marts ran out of memory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.settings import duckdb_memory_limit, size_in_bytes

SLICE_MEMORY_LIMIT = "400MB"

# The limit is the database's, not a connection's, and staging works on two sources at once
# (pipelines/defs/layer_step.py): one may parse while the other sorts. So the blocks are
# counted, and the cap holds only while some block parses and none sorts.
_lock = threading.Lock()
_blocks = {"parsing": 0, "sorting": 0}


def _limits() -> tuple[str, str]:
    """(the cap while parsing, the configured limit)."""
    configured = duckdb_memory_limit()
    return min(configured, SLICE_MEMORY_LIMIT, key=size_in_bytes), configured


def _apply(con: duckdb.DuckDBPyConnection) -> None:
    """Set the limit the open blocks call for (called with ``_lock`` held)."""
    cap, configured = _limits()
    capped = _blocks["parsing"] and not _blocks["sorting"]
    try:
        con.execute(f"set memory_limit = '{cap if capped else configured}'")
    except duckdb.Error:
        # DuckDB refuses a cap below what the other source's work holds at that moment: the
        # limit stays higher until the next block changes it (the cap saves memory, no rows).
        if not capped:
            raise


@contextmanager
def _block(con: duckdb.DuckDBPyConnection, kind: str) -> Iterator[None]:
    with _lock:
        _blocks[kind] += 1
        _apply(con)
    try:
        yield
    finally:
        with _lock:
            _blocks[kind] -= 1
            _apply(con)


def slice_memory_limit(con: duckdb.DuckDBPyConnection):
    """Hold the database to SLICE_MEMORY_LIMIT (or the configured limit, if lower) for the
    block, unless another source sorts meanwhile; then give it back the configured limit."""
    return _block(con, "parsing")


def full_memory_limit(con: duckdb.DuckDBPyConnection):
    """Give the database its configured limit for the block, whatever else parses: staging
    sorts and flags whole tables in it."""
    return _block(con, "sorting")
