"""The validation's connections to the warehouse: all opened alike, one held for a whole source.

DuckDB lets a process's connections to one file share its open database only when they are
opened with the same configuration, and GX's SQLAlchemy engine (duckdb_engine) sets a user
agent of its own, so a plain ``duckdb.connect`` beside it fails ("a different configuration
than existing connections"). Opening the warehouse costs 15-60 ms and closing it a
checkpoint; validating a source opened it five to seven times (the batch of changed rows,
GX's two engines, the failure counts, the results), a second a day over ten sources. Here
every connection is made with the settings duckdb_engine gives GX's, including the
pipeline's memory limit (warehouse/settings.py), and ``held_open`` keeps one connection for
the whole of a source's validation: the others then join the open database for free.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import duckdb

from warehouse.compaction import set_checkpoint_vacuum
from warehouse.settings import duckdb_memory_limit


def _user_agent() -> str:
    import duckdb_engine
    import sqlalchemy

    return f"duckdb_engine/{duckdb_engine.__version__}(sqlalchemy/{sqlalchemy.__version__})"


def engine_url(warehouse: str | Path) -> str:
    """The SQLAlchemy URL GX connects with: the file, and the pipeline's memory limit."""
    return f"duckdb:///{Path(warehouse)}?memory_limit={quote(duckdb_memory_limit())}"


def connect(warehouse: str | Path) -> duckdb.DuckDBPyConnection:
    """A connection made as GX's engine makes its own (see the module docstring)."""
    config = {"memory_limit": duckdb_memory_limit(), "custom_user_agent": _user_agent()}
    con = duckdb.connect(str(warehouse), config=config)
    set_checkpoint_vacuum(con)  # as the pipeline's other steps (warehouse/compaction.py)
    return con


@contextmanager
def held_open(warehouse: str | Path) -> Iterator[None]:
    """Keep the warehouse open while the block runs; its last close checkpoints once."""
    con = connect(warehouse)
    try:
        yield
    finally:
        con.close()
