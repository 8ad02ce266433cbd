"""Append a slice of a file's rows with its lineage (file, file hash, export and load time)
added by DuckDB as constants, not carried by the slice.

Versions rows carry their file's path and content hash, the same on every row of a file.
Added in Polars as literal columns, each slice handed DuckDB a copy per row of a
70-character path and of a 64-character hash to convert one by one; as constants of the
insert they cost nothing per row. Measured on a month's 1M service transactions appended
to what was then the raw table: 1.15-1.17 s against 1.29-1.38 s.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import duckdb
import polars as pl

# The lineage columns that hold one value per file (warehouse/schema.py LINEAGE; `_line`
# is the row's own).
FILE_LINEAGE = ("_file", "_file_hash", "_exported_at", "_loaded_at")


class FileLineage(NamedTuple):
    """What every row of one file records of it: path, content hash, export and load time."""

    file: str
    file_hash: str | None
    exported_at: dt.datetime | None
    loaded_at: dt.datetime | None


def without_file_lineage(columns: list[tuple[str, str]]) -> list[str]:
    """The columns a slice carries: the table's, less FILE_LINEAGE, in the table's order."""
    return [name for name, _ in columns if name not in FILE_LINEAGE]


def insert_with_lineage(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    frame: pl.DataFrame,
    lineage: FileLineage,
) -> None:
    """Append ``frame`` (``without_file_lineage(columns)``) to ``columns`` of ``table`` (a
    name the caller vouches for), the file's lineage added; the table's other columns take
    their default (null)."""
    values = dict(zip(FILE_LINEAGE, lineage, strict=True))
    select = ", ".join(
        f'${name[1:]}::{type_} as "{name}"' if name in FILE_LINEAGE else f'"{name}"'
        for name, type_ in columns
    )
    names = ", ".join(f'"{name}"' for name, _ in columns)
    con.register("incoming_slice", frame)
    try:
        con.execute(
            f"insert into {table} ({names}) select {select} from incoming_slice",
            {name[1:]: value for name, value in values.items()},
        )
    finally:
        con.unregister("incoming_slice")
