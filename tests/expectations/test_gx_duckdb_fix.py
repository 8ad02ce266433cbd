"""The GX + duckdb_engine workaround: still needed, still aimed at the right target, and enough."""

from __future__ import annotations

import inspect
import time

import duckdb
import pytest
import sqlalchemy as sa
from great_expectations.execution_engine.sqlalchemy_execution_engine import (
    SqlAlchemyExecutionEngine,
)

from expectations import gx_duckdb_fix


@pytest.fixture(scope="module")
def rows_100k(tmp_path_factory):
    path = tmp_path_factory.mktemp("fix") / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table t as select 'T-' || range as id, (range % 6) + 1 as rating, "
        "'x' as status from range(100000)"
    )
    con.close()
    return path


def test_the_patched_target_keeps_the_expected_shape():
    original = gx_duckdb_fix.original_execute_query()
    assert tuple(inspect.signature(original).parameters) == gx_duckdb_fix.EXPECTED_PARAMETERS
    assert "get_connection" in inspect.getsource(original)
    assert hasattr(SqlAlchemyExecutionEngine, "_execute_query_with_recovery")


def test_unpatched_engine_still_loses_duckdb_rows(rows_100k):
    """When this fails, GX has fixed the bug: drop expectations/gx_duckdb_fix.py."""
    engine = SqlAlchemyExecutionEngine(connection_string=f"duckdb:///{rows_100k}")
    try:
        result = gx_duckdb_fix.original_execute_query()(engine, sa.text("select count(*) from t"))
        try:
            rows = result.fetchall()
        except Exception:  # noqa: BLE001 - any failure to read is the bug showing
            rows = []
        assert rows == [], "GX now keeps duckdb results: the fix may be obsolete"
        gx_duckdb_fix.apply()
        assert engine.execute_query(sa.text("select count(*) from t")).fetchall() == [(100000,)]
    finally:
        engine.close()


def test_apply_is_idempotent_and_leaves_other_dialects_alone(tmp_path):
    gx_duckdb_fix.apply()
    patched = SqlAlchemyExecutionEngine.execute_query
    original = gx_duckdb_fix.original_execute_query()
    gx_duckdb_fix.apply()
    assert SqlAlchemyExecutionEngine.execute_query is patched
    assert gx_duckdb_fix.original_execute_query() is original is not patched
    sqlite = SqlAlchemyExecutionEngine(connection_string=f"sqlite:///{tmp_path / 's.db'}")
    try:
        result = sqlite.execute_query(sa.text("select 1"))
        assert type(result).__name__ == "CursorResult"  # GX's own path, not a buffered copy
        assert result.fetchall() == [(1,)]
    finally:
        sqlite.close()


def test_three_expectations_on_100k_rows_run_in_duckdb(rows_100k, monkeypatch):
    import great_expectations.expectations as gxe
    import pandas as pd

    from expectations.gx_session import ephemeral_context, release

    def no_pandas(*args, **kwargs):
        raise AssertionError("a table was read into pandas")

    for name in ("read_sql", "read_sql_query", "read_sql_table"):
        monkeypatch.setattr(pd, name, no_pandas)
    gx_duckdb_fix.apply()
    context = ephemeral_context()
    datasource = context.data_sources.add_sql("fix", connection_string=f"duckdb:///{rows_100k}")
    try:
        batch = (
            datasource.add_table_asset("t", table_name="t")
            .add_batch_definition_whole_table("all")
            .get_batch()
        )
        started = time.perf_counter()
        unique = batch.validate(gxe.ExpectColumnValuesToBeUnique(column="id"))
        in_range = batch.validate(
            gxe.ExpectColumnValuesToBeBetween(column="rating", min_value=1, max_value=5)
        )
        in_set = batch.validate(gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["x"]))
        seconds = time.perf_counter() - started
    finally:
        release(datasource)
    assert unique.success and in_set.success
    assert not in_range.success
    assert in_range.result["unexpected_count"] == 100000 // 6 + (1 if 100000 % 6 > 5 else 0)
    assert in_range.result["partial_unexpected_list"][:1] == [6]
    assert seconds < 10, seconds
