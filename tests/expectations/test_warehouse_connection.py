"""Validation keeps the warehouse open once per source, with GX's engines joining it.

DuckDB refuses a second connection to an open file made with other settings, and GX's
engine (duckdb_engine) adds a user agent of its own: every connection the validation makes
must match it, or holding the file open would break GX instead of sparing the reopening.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from expectations.runner import validate_sources
from expectations.validation import CARRIED, FULL, validate_or_carry_over
from expectations.warehouse_connection import connect, held_open


def _open_here(path: Path) -> bool:
    target = os.path.realpath(path)
    return any(os.path.realpath(p) == target for p in Path("/proc/self/fd").iterdir() if p.exists())


def test_gx_runs_while_the_warehouse_is_held_open_then_all_is_released(warehouse):
    with held_open(warehouse):
        results = validate_sources(warehouse, ["helpline_calls"])["helpline_calls"]
        with connect(warehouse) as con:  # joins the open database
            assert con.execute("select count(*) from stg_helpline_calls").fetchone()[0] > 0
        assert _open_here(warehouse)
    assert results and all(r.success for r in results)
    assert not _open_here(warehouse)
    code = f"import duckdb; duckdb.connect({str(warehouse)!r}).execute('select 1').fetchall()"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_source_validated_twice_is_carried_over_and_leaves_the_file_closed(warehouse):
    first = validate_or_carry_over(warehouse, "grievances", "r1")
    second = validate_or_carry_over(warehouse, "grievances", "r2")
    assert first.mode == FULL and second.mode == CARRIED
    assert not _open_here(warehouse)


def test_validation_connections_take_the_pipelines_memory_limit(warehouse, monkeypatch):
    monkeypatch.setenv("JANSEWA_DUCKDB_MEMORY_LIMIT", "512MB")
    with duckdb.connect(config={"memory_limit": "512MB"}) as con:
        expected = con.execute("select current_setting('memory_limit')").fetchone()[0]
    with connect(warehouse) as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == expected
