"""A slice's rows get their file's lineage from the insert, in the table's column order."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from pipelines.load.lineage_insert import FileLineage, insert_with_lineage, without_file_lineage
from warehouse.schema import LINEAGE

COLUMNS = [("call_id", "varchar"), ("_extra", "varchar"), *LINEAGE]


def test_every_row_gets_the_files_lineage_and_keeps_its_own_line():
    con = duckdb.connect()
    con.execute("create table t (" + ", ".join(f"{n} {t}" for n, t in COLUMNS) + ")")
    assert without_file_lineage(COLUMNS) == ["call_id", "_extra", "_line"]
    exported = dt.datetime(2020, 5, 28, 14, 3)
    loaded = dt.datetime(2020, 5, 29, 9, 0, 1)
    frame = pl.DataFrame({"call_id": ["C1", "C2"], "_extra": [None, "{}"], "_line": [2, 5]})
    insert_with_lineage(
        con, "t", COLUMNS, frame, FileLineage("calls/may.csv", "ab" * 32, exported, loaded)
    )
    insert_with_lineage(
        con, "t", COLUMNS, frame.head(1), FileLineage("calls/june.csv", None, None, None)
    )
    assert con.execute("select * from t order by _file, _line").fetchall() == [
        ("C1", None, "calls/june.csv", 2, None, None, None),
        ("C1", None, "calls/may.csv", 2, "ab" * 32, exported, loaded),
        ("C2", "{}", "calls/may.csv", 5, "ab" * 32, exported, loaded),
    ]
    assert "incoming_slice" not in {r[0] for r in con.execute("show tables").fetchall()}
