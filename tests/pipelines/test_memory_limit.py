"""The pipeline's DuckDB connections are capped in memory (JANSEWA_DUCKDB_MEMORY_LIMIT, 1GB by
default): left alone DuckDB caches up to 80 % of the machine, and a state-year's first load
then held 11 GiB on a server that also runs the dashboard."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.defs.resources import WarehouseResource
from pipelines.refresh import run_refresh


def limit_of(tmp_path) -> str:
    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"), exports=str(tmp_path))
    with resource.connect() as con:
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def as_duckdb_reads(size: str) -> str:
    with duckdb.connect(config={"memory_limit": size}) as con:
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_the_pipeline_connection_takes_one_gigabyte_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("JANSEWA_DUCKDB_MEMORY_LIMIT", raising=False)
    with duckdb.connect() as con:  # what DuckDB would take on its own: most of the machine
        unlimited = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit_of(tmp_path) == as_duckdb_reads("1GB") != unlimited


def test_the_limit_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JANSEWA_DUCKDB_MEMORY_LIMIT", "512MB")
    assert limit_of(tmp_path) == as_duckdb_reads("512MB")


def test_a_mistyped_limit_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("JANSEWA_DUCKDB_MEMORY_LIMIT", "lots")
    (tmp_path / "exports").mkdir()
    with pytest.raises(ValueError, match="JANSEWA_DUCKDB_MEMORY_LIMIT='lots' is not a size"):
        run_refresh(tmp_path / "exports", tmp_path / "wh.duckdb", allow_development_key=True)
    assert not (tmp_path / "wh.duckdb").exists()
