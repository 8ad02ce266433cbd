"""Snapshot tables copied two at a time hold the pipeline's rows, in its order, or fail loudly.

A pipeline file with a few tables of different sizes is attached to a snapshot file, as the
publish step attaches the warehouse; the copies run on two cursors (pipelines/table_copy.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.table_copy import create_empty, estimated_rows, insert_rows


@pytest.fixture()
def snapshot(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    pipeline = tmp_path / "pipeline.duckdb"
    with duckdb.connect(str(pipeline)) as con:
        # big: rows in a shuffled order, which a copy must keep as it is
        con.execute(
            "create table big as select (i * 7919) % 300000 as id, "
            "date '2021-01-01' + (i % 90)::int as day, 'd' || (i % 22) as district "
            "from range(300000) t(i)"
        )
        con.execute("create table small as select i as n, i * 0.5 as x from range(10) t(i)")
        con.execute("create table empty (name varchar, seen_at timestamp)")
    con = duckdb.connect(str(tmp_path / "snapshot.duckdb"))
    con.execute(f"attach '{pipeline}' as pipeline (read_only)")
    yield con
    con.close()


def _rows(con, table: str, database: str = "snapshot") -> list[tuple]:
    return con.execute(f"select * from {database}.main.{table}").fetchall()


def test_tables_copied_two_at_a_time_hold_the_pipelines_rows_in_its_order(snapshot):
    tables = ["small", "big", "empty"]
    create_empty(snapshot, tables)
    weights = estimated_rows(snapshot, "pipeline")
    assert weights["big"] == 300000 and weights["small"] == 10
    insert_rows(snapshot, [(t, "", []) for t in tables], weights)

    for table in tables:
        assert _rows(snapshot, table) == _rows(snapshot, table, "pipeline")
    types = "select column_name, data_type from duckdb_columns() where database_name = ? "
    types += "and table_name = 'empty' order by column_index"
    assert snapshot.execute(types, ["snapshot"]).fetchall() == [
        ("name", "VARCHAR"),
        ("seen_at", "TIMESTAMP"),
    ]


def test_a_partial_copy_takes_only_the_rows_its_condition_picks(snapshot):
    snapshot.execute("create table main.big as select * from pipeline.main.big")
    first = dt.date(2021, 3, 1)
    snapshot.execute("delete from main.big where day >= ?", [first])
    kept = snapshot.execute("select count(*) from main.big").fetchone()[0]

    insert_rows(snapshot, [("big", '"day" >= ?', [first])], {})

    assert (
        kept
        == snapshot.execute(
            "select count(*) from pipeline.main.big where day < ?", [first]
        ).fetchone()[0]
    )
    assert sorted(_rows(snapshot, "big")) == sorted(_rows(snapshot, "big", "pipeline"))


def test_a_failing_copy_is_raised_after_the_others_are_done(snapshot):
    create_empty(snapshot, ["big", "small"])
    copies = [("big", "", []), ("small", "", []), ("missing", "", [])]

    with pytest.raises(duckdb.CatalogException, match="missing"):
        insert_rows(snapshot, copies, {"missing": 10**9})

    assert _rows(snapshot, "big") == _rows(snapshot, "big", "pipeline")
    assert _rows(snapshot, "small") == _rows(snapshot, "small", "pipeline")


def test_empty_tables_are_made_all_or_none(snapshot):
    with pytest.raises(duckdb.CatalogException, match="missing"):
        create_empty(snapshot, ["small", "missing"])
    made = snapshot.execute(
        "select count(*) from duckdb_tables() where database_name = 'snapshot'"
    ).fetchone()[0]
    assert made == 0
