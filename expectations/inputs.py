"""What a source's validation results depend on, as one key stored with them (dq_results).

A recorded result may stand in for a new validation only when nothing it was computed from
has changed. Those inputs are:

    suite      the suite file's text (a threshold, a value set, a severity edited)
    reference  the reference files the suites are drafted from and check against
               (warehouse/reference/districts.csv: the district value sets)
    code       the modules that turn a suite into results (runner, the result rows and their
               examples, failures, the DuckDB fix, the incremental path) and the Great
               Expectations version
    staged     the staging table's version: per staged file, its fingerprint
               (expectations/staged_files.py). Only the load path writes
               stg_<source>, file by file, so a file staged, replaced, rejected or outvoted
               by a newer export changes it; a run that touched nothing leaves it equal.
               (One group-by over the lineage columns: far cheaper than the suite.)

The first four make the rules key (``rules_inputs``): while it holds, a source changed since
its last validation is validated incrementally (expectations/incremental.py).

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
from expectations.staged_files import StagedFile, staged_files, staged_version
from warehouse.districts import REFERENCE_CSV

HERE = Path(__file__).parent
REFERENCE_FILES: tuple[Path, ...] = (REFERENCE_CSV,)
CODE_FILES: tuple[Path, ...] = (
    HERE / "runner.py",
    HERE / "expectation_results.py",
    HERE / "failure_examples.py",
    HERE / "failures.py",
    HERE / "gx_duckdb_fix.py",
    HERE / "staged_files.py",
    HERE / "incremental.py",
    HERE / "volume.py",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rules_inputs(source: str) -> dict[str, str]:
    """The inputs that say how a source is judged (all but the staged data), as hashes."""
    inputs = {"suite": _sha256(suite_text(source).encode("utf-8"))}
    for path in REFERENCE_FILES:
        inputs[f"reference:{path.name}"] = _sha256(path.read_bytes())
    inputs["code"] = _sha256(b"".join(_sha256(p.read_bytes()).encode() for p in CODE_FILES))
    inputs["great_expectations"] = version("great_expectations")
    return inputs


def validation_inputs(
    con: duckdb.DuckDBPyConnection, source: str, files: dict[str, StagedFile] | None = None
) -> dict[str, str]:
    """Each input of a source's validation, as a hash (or a version): readable, comparable.

    ``files`` are the staged files' fingerprints when the caller has them already.
    """
    inputs = rules_inputs(source)
    inputs["staged"] = staged_version(files if files is not None else staged_files(con, source))
    return inputs


def inputs_key(inputs: dict[str, str]) -> str:
    """One key for a set of inputs: equal exactly when every input is equal."""
    return _sha256(json.dumps(inputs, sort_keys=True).encode())
