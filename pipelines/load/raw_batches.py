"""A read file's raw rows, in slices of lines small enough to clean one at a time.

Staging cleans a file's rows with Polars (pipelines/ingest/clean.py); cleaning the 2.1M-row
helpline export of the state-year sample at once took the process to 3.9 GB. A big file is
therefore read back from its raw folder (warehouse/raw_files.py) CLEAN_BATCH_ROWS lines at
a time, which changes nothing in what is accepted, counted as a duplicate or quarantined,
because the only rules that look across rows -- exact duplicates and conflicting ids -- look
at rows sharing a key, and every row whose key the file repeats is read in one last slice,
all together.

The folder is scanned by Polars, which prunes its parts by their `_line` statistics and
hands the slice straight to the cleaning: a month's 1M service transactions came back in
0.48-0.57 s, against 1.0-1.3 s through DuckDB's `read_parquet` and a conversion to Polars.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl

from warehouse.raw_files import part_columns, raw_file, raw_scan
from warehouse.sources import Source

CLEAN_BATCH_ROWS = 250_000  # as RAW_SLICE_ROWS (pipelines/load/raw.py), for the same peak


def lineage(con: duckdb.DuckDBPyConnection, source: Source, path: str) -> tuple:
    """(file hash, exported at, loaded at) of a read file, as the raw step recorded them."""
    found = raw_file(con, source, path)
    return (None, None, None) if found is None else tuple(found[1:4])


def raw_batches(
    con: duckdb.DuckDBPyConnection, source: Source, path: str
) -> Iterator[pl.DataFrame]:
    """A read file's raw rows, in line order: whole when it is small (or its key is built
    from other columns), else CLEAN_BATCH_ROWS lines at a time and, last, every row whose
    key the file repeats, all together -- exact duplicates and conflicting ids are decided
    across the whole file (pipelines/ingest/record_keys.py), so rows sharing a key must meet."""
    scan = raw_scan(con, source, path).select(part_columns(source))
    rows, first, last = (
        scan.select(pl.len(), pl.col("_line").min().alias("first"), pl.col("_line").max())
        .collect()
        .row(0)
    )
    if rows <= CLEAN_BATCH_ROWS or source.column(source.key).derived_from:
        yield _in_line_order(scan.collect())
        return
    key = pl.col(source.key)
    repeated_keys = (
        scan.filter(key.is_not_null())
        .group_by(source.key)
        .len()
        .filter(pl.col("len") > 1)
        .collect()
        .get_column(source.key)
    )
    repeated = key.is_in(repeated_keys.implode()).fill_null(False)
    for start in range(first, last + 1, CLEAN_BATCH_ROWS):
        lines = pl.col("_line").is_between(start, start + CLEAN_BATCH_ROWS, closed="left")
        yield _in_line_order(scan.filter(lines & ~repeated).collect())
    yield _in_line_order(scan.filter(repeated).collect())


def _in_line_order(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows sorted by line. A file's raw rows are appended in line order and come back
    in it, so this is mostly a check: an `order by _line` in each query cost 1.24-1.46 s
    for 3M service transactions, against 0.78-0.82 s for the queries and the check."""
    return frame if frame.get_column("_line").is_sorted() else frame.sort("_line")
