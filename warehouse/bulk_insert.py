"""Insert many Python rows into a DuckDB table in one statement.

``executemany`` runs one statement per row (about 0.3 ms each here): a thousand flagged
district-days or failure counts cost a noticeable part of a second. Passing each column as
one list parameter and unnesting them side by side inserts the same rows in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]], columns: int
) -> int:
    """Append ``rows`` (each ``columns`` values, in the table's column order) to ``table``,
    a name the caller vouches for; returns how many. Refuses a row of another width."""
    if not rows:
        return 0
    if any(len(row) != columns for row in rows):
        raise ValueError(f"{table}: every row must hold {columns} values")
    lists = [list(values) for values in zip(*rows, strict=True)]
    unnested = ", ".join(f"unnest(${i + 1})" for i in range(columns))
    con.execute(f"insert into {table} select {unnested}", lists)
    return len(rows)
