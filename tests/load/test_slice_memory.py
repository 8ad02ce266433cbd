"""While files are read and parsed slice by slice, DuckDB is held to a lower memory cap than
the steps that sort whole tables; afterwards the connection has its configured limit again
(pipelines/load/slice_memory.py: it took the state-year's peak from 2.37 GB to 1.84 GB)."""

from __future__ import annotations

import duckdb
import pytest

import pipelines.load.stage as stage_module
from pipelines.load.slice_memory import (
    SLICE_MEMORY_LIMIT,
    full_memory_limit,
    slice_memory_limit,
)
from tests.load.conftest import CALL_HEADER, call, write_csv
from warehouse.settings import size_in_bytes


def setting(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_setting('memory_limit')").fetchone()[0]


def as_duckdb_reads(size: str) -> str:
    with duckdb.connect(config={"memory_limit": size}) as con:
        return setting(con)


@pytest.mark.parametrize(
    ("size", "expected"),
    [("1GB", 10**9), ("400MB", 4 * 10**8), ("8GiB", 8 * 2**30), ("1.5 gb", 15 * 10**8)],
)
def test_sizes_are_read_as_duckdb_reads_them(size, expected):
    assert size_in_bytes(size) == expected


def test_a_size_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="'lots' is not a size"):
        size_in_bytes("lots")


def test_the_cap_holds_inside_the_block_and_the_configured_limit_comes_back(monkeypatch):
    monkeypatch.delenv("JANSEWA_DUCKDB_MEMORY_LIMIT", raising=False)
    with duckdb.connect(config={"memory_limit": "1GB"}) as con:
        with slice_memory_limit(con):
            inside = setting(con)
        assert inside == as_duckdb_reads(SLICE_MEMORY_LIMIT) != as_duckdb_reads("1GB")
        assert setting(con) == as_duckdb_reads("1GB")


def test_a_lower_configured_limit_is_never_raised(monkeypatch):
    monkeypatch.setenv("JANSEWA_DUCKDB_MEMORY_LIMIT", "200MB")
    with duckdb.connect(config={"memory_limit": "200MB"}) as con, slice_memory_limit(con):
        assert setting(con) == as_duckdb_reads("200MB")


def test_the_limit_comes_back_when_the_block_fails(monkeypatch):
    monkeypatch.delenv("JANSEWA_DUCKDB_MEMORY_LIMIT", raising=False)
    with duckdb.connect(config={"memory_limit": "1GB"}) as con:
        with pytest.raises(RuntimeError), slice_memory_limit(con):
            raise RuntimeError("a file failed")
        assert setting(con) == as_duckdb_reads("1GB")


def test_staging_parses_under_the_cap_and_sorts_under_the_limit(loader, monkeypatch):
    """The limit staging's work actually ran under, seen from inside the real step. (The raw
    step writes its slices as Parquet files, outside DuckDB: warehouse/raw_files.py.)"""
    monkeypatch.delenv("JANSEWA_DUCKDB_MEMORY_LIMIT", raising=False)
    seen: dict[str, str] = {}

    def spy(module, name):
        real = getattr(module, name)

        def wrapper(con, *args, **kwargs):
            seen[name] = setting(con)
            return real(con, *args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(stage_module, "_stage_file")
    spy(stage_module, "refresh_staged_records")
    rows = [call(f"C{i:03d}") for i in range(5)]
    write_csv(loader.exports / "helpline_calls" / "calls.csv", CALL_HEADER, rows, 1_590_000_000)
    loader.run()
    capped = as_duckdb_reads(SLICE_MEMORY_LIMIT)
    assert seen == {
        "_stage_file": capped,
        "refresh_staged_records": as_duckdb_reads("1GB"),
    }
    assert loader.query("select count(*) from stg_helpline_calls") == [(5,)]


def test_a_source_sorting_keeps_the_limit_while_another_parses(monkeypatch):
    """Two sources are staged at once (pipelines/defs/layer_step.py) and the limit is the
    database's: the cap holds only while one parses and none sorts, whatever the order in
    which their blocks open and close."""
    monkeypatch.delenv("JANSEWA_DUCKDB_MEMORY_LIMIT", raising=False)
    capped, full = as_duckdb_reads(SLICE_MEMORY_LIMIT), as_duckdb_reads("1GB")
    with duckdb.connect(config={"memory_limit": "1GB"}) as con:
        other = con.cursor()  # the other source's connection to the same database
        with slice_memory_limit(con):
            assert setting(con) == capped
            with full_memory_limit(other):
                assert setting(con) == setting(other) == full  # not capped under the sort
                with slice_memory_limit(other):  # a third block parses meanwhile
                    assert setting(con) == full
                assert setting(con) == full
            assert setting(con) == capped  # the sort is over; one source still parses
        assert setting(con) == full
        with full_memory_limit(other), slice_memory_limit(con):
            assert setting(con) == full
        assert setting(con) == full
