"""A partial rebuild's inputs: the rows of the tables a model reads from a given day on.

warehouse/partitioned_build.py recomputes a mart's partitions from their first changed day;
shadowing what the model reads with views of the rows from that day on lets DuckDB skip the
rest by its zone maps, without a second version of the model's SQL. The views and the day
belong to the connection (DuckDB's temporary objects and variables are per connection), so
models rebuilt at the same time on connections of their own do not see each other's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.model_files import MART_MODELS
from warehouse.model_graph import models_read, staging_read
from warehouse.sources import SOURCES

_VARIABLE = "jansewa_partition_from"


@contextmanager
def inputs_from(con: duckdb.DuckDBPyConnection, model: str, first: dt.date) -> Iterator[None]:
    """Shadow the staging tables and daily marts ``model`` reads with views of their rows
    dated ``first`` or later (temporary objects come first in DuckDB's name resolution, for
    the intermediate views too)."""
    database = con.execute("select current_database()").fetchone()[0]
    views = []
    for table in sorted(staging_read(model)):
        event = SOURCES[table.removeprefix("stg_")].event_time
        views.append((table, f'"{event}"'))
    for table in sorted(models_read(model) & set(MART_MODELS)):
        views.append((table, "day"))
    con.execute(f"set variable {_VARIABLE} = ?", [first])
    try:
        for table, column in views:
            con.execute(
                f'create or replace temp view {table} as select * from "{database}".main.{table} '
                f"where {column} >= getvariable('{_VARIABLE}')"
            )
        yield
    finally:
        for table, _column in views:
            con.execute(f"drop view if exists temp.main.{table}")
        con.execute(f"reset variable {_VARIABLE}")
