"""What a source's validation results depend on, as one key stored with them (dq_results).

A recorded result may stand in for a new validation only when nothing it was computed from
has changed. Those inputs are:

    suite      the suite file's text (a threshold, a value set, a severity edited)
    reference  the reference files the suites are drafted from and check against
               (warehouse/reference/districts.csv: the district value sets)
    code       the modules that turn a suite into results (runner, failures, the DuckDB fix)
               and the Great Expectations version
    staged     the staging table's version: per staged file, its content hash, how many of
               its rows staging holds and their newest export time. Only the load path writes
               stg_<source>, file by file, so a file staged, replaced, rejected or outvoted
               by a newer export changes it; a run that touched nothing leaves it equal.
               (A group-by over two lineage columns: far cheaper than the suite.)

Results also depend on the clock, through rows dated after now. That is left out of the key
on purpose (it would re-validate every source every day); instead a carried result is
refused when a "not in the future" check failed (expectations.validation): only then can
time alone change a result.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import duckdb

from expectations.catalog import suite_text
from warehouse.districts import REFERENCE_CSV
from warehouse.schema import staging_table
from warehouse.sources import SOURCES

HERE = Path(__file__).parent
REFERENCE_FILES: tuple[Path, ...] = (REFERENCE_CSV,)
CODE_FILES: tuple[Path, ...] = (
    HERE / "runner.py",
    HERE / "failures.py",
    HERE / "gx_duckdb_fix.py",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staged_version(con: duckdb.DuckDBPyConnection, source: str) -> str:
    """A hash of what stg_<source> holds, file by file (see the module docstring)."""
    table = staging_table(SOURCES[source])  # a known source: safe as an identifier
    rows = con.execute(
        f"select _file, _file_hash, count(*), max(_exported_at) from {table} group by all "
        "order by all"
    ).fetchall()
    return _sha256(json.dumps(rows, default=str).encode())


def validation_inputs(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """Each input of a source's validation, as a hash (or a version): readable, comparable."""
    inputs = {"suite": _sha256(suite_text(source).encode("utf-8"))}
    for path in REFERENCE_FILES:
        inputs[f"reference:{path.name}"] = _sha256(path.read_bytes())
    inputs["code"] = _sha256(b"".join(_sha256(p.read_bytes()).encode() for p in CODE_FILES))
    inputs["great_expectations"] = version("great_expectations")
    inputs["staged"] = staged_version(con, source)
    return inputs


def inputs_key(inputs: dict[str, str]) -> str:
    """One key for a set of inputs: equal exactly when every input is equal."""
    return _sha256(json.dumps(inputs, sort_keys=True).encode())
