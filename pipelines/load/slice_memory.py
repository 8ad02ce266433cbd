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

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.settings import duckdb_memory_limit, size_in_bytes

SLICE_MEMORY_LIMIT = "400MB"


@contextmanager
def slice_memory_limit(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Hold ``con`` to SLICE_MEMORY_LIMIT (or the configured limit, if lower) for the block,
    then give it back the configured limit."""
    configured = duckdb_memory_limit()
    cap = min(configured, SLICE_MEMORY_LIMIT, key=size_in_bytes)
    con.execute(f"set memory_limit = '{cap}'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{configured}'")
