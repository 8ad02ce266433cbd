"""What the partitions a build keeps were computed under: models, code and reference data.

A partial rebuild (warehouse/partitioned_build.py) keeps the partitions nothing changed, so it
is allowed only while everything else they were computed from is as it was at the last
complete build: the models' SQL, the partitioned build's code (with which models a moved
as-of date ages), the Python functions and macros the SQL calls, and the reference tables
(weights, targets, districts, the KPI catalogue; the as-of dates are handled apart, by the
records they age). ``state_digest`` sums them up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from warehouse import as_of_aging, erlang, sql_macros
from warehouse.model_files import MODELS, model_sql

# The partitioned build's own code (read, not imported: it imports this module), and the
# views of the rows a partial rebuild reads.
_PARTITIONED_BUILD = Path(__file__).with_name("partitioned_build.py")
_PARTITION_INPUTS = Path(__file__).with_name("partition_inputs.py")


def _reference_digest(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of every ref_ table but ref_as_of (as-of moves are handled apart)."""
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_name like 'ref\\_%' escape '\\' and table_name <> 'ref_as_of' order by 1"
        ).fetchall()
    ]
    parts = []
    for table in tables:
        parts.append(table)
        parts.append(
            con.execute(
                f"select md5(coalesce(string_agg(to_json(t)::varchar, chr(10) "
                f"order by to_json(t)::varchar), '')) from {table} as t"
            ).fetchone()[0]
        )
    return "|".join(parts)


def state_digest(con: duckdb.DuckDBPyConnection) -> str:
    """What partitions may be carried over under (see the module docstring)."""
    digest = hashlib.sha256()
    for name in MODELS:
        digest.update(name.encode() + b"\0" + model_sql(name).encode() + b"\0")
    digest.update(_PARTITIONED_BUILD.read_bytes())
    digest.update(_PARTITION_INPUTS.read_bytes())
    digest.update(Path(as_of_aging.__file__).read_bytes())  # which models an as-of date ages
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(erlang.__file__).read_bytes())  # operators_needed_80_20, in the SQL
    digest.update(Path(sql_macros.__file__).read_bytes())  # the macros the models call
    digest.update(_reference_digest(con).encode())
    return digest.hexdigest()
