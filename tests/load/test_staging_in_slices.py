"""A big file is cleaned in slices of lines, and ends exactly as if it were cleaned whole.

The same export -- exact duplicates far apart, an id on two different rows (conflicting),
rows to quarantine, a row without an id -- is loaded twice: once cleaned whole, once with
slices of 7 lines (pipelines/load/raw_batches.py), so that every rule that looks across rows
has its rows in different slices. Versions, quarantine, load audit and staging must agree.
"""

from __future__ import annotations

from pathlib import Path

import pipelines.load.raw_batches as raw_batches
from tests.load.conftest import CALL_HEADER, Loader, call, write_csv

WHEN = 1_590_000_000


def _rows() -> list[list[str]]:
    rows = [call(f"C{i:03d}", at=f"2020-04-01 1{i % 10}:00:00") for i in range(40)]
    rows[3] = call("C003", district="Gotham")  # an unknown district: quarantined
    rows[9] = call("C009", at="not a date")  # an unparseable time: quarantined
    rows.append(rows[1])  # an exact duplicate of line 3, 39 lines later
    rows.append(call("C005", category="Covid prevention"))  # C005 on two different rows
    rows.append(call("", status="Resolved"))  # no id
    rows.insert(20, rows[30])  # a duplicate before its original's slice ends
    return rows


def _load(tmp: Path, name: str) -> dict[str, list]:
    loader = Loader(tmp / "exports", tmp / f"{name}.duckdb")
    write_csv(tmp / "exports" / "helpline_calls" / "calls.csv", CALL_HEADER, _rows(), WHEN)
    _, staged = loader.run()
    audit = staged.files[0]
    return {
        "audit": [(audit.rows_read, audit.accepted, audit.duplicates, audit.quarantined)],
        "versions": loader.query(
            "select * exclude (_loaded_at) from stg_helpline_calls_versions order by all"
        ),
        "quarantine": loader.query(
            "select line, record_id, reason, column_name, detail from quarantine order by all"
        ),
        "staging": loader.query(
            "select * exclude (_loaded_at) from stg_helpline_calls order by all"
        ),
        "reasons": loader.query("select message from load_audit where status = 'staged'"),
    }


def test_slices_of_lines_end_where_the_whole_file_does(tmp_path, monkeypatch):
    whole = _load(tmp_path, "whole")
    monkeypatch.setattr(raw_batches, "CLEAN_BATCH_ROWS", 7)
    sliced = _load(tmp_path, "sliced")
    assert sliced == whole
    read, accepted, duplicates, quarantined = whole["audit"][0]
    assert read == 44 and duplicates == 2  # the two exact copies
    reasons = {r[2] for r in whole["quarantine"]}
    assert {"conflicting duplicate id", "unknown district"} <= reasons
    assert read == accepted + duplicates + quarantined


def test_a_parse_stopped_midway_leaves_staging_and_is_done_again_next_run(tmp_path, monkeypatch):
    """A file's versions are committed a slice at a time (pipelines/load/stage.py): a parse
    that fails in a later slice removes what it added of the file, leaves staging, the
    manifest and the audit as they were, and the next run parses the file again whole."""
    import pipelines.load.stage as stage_module

    expected = _load(tmp_path, "whole")
    monkeypatch.setattr(raw_batches, "CLEAN_BATCH_ROWS", 7)
    loader = Loader(tmp_path / "exports", tmp_path / "stopped.duckdb")
    real, calls = stage_module.clean_export, []

    def failing_in_third_slice(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the machine ran out of memory")
        return real(*args, **kwargs)

    with monkeypatch.context() as failing:
        failing.setattr(stage_module, "clean_export", failing_in_third_slice)
        try:
            loader.run()
        except RuntimeError:
            pass
        else:
            raise AssertionError("the parse should have failed")
    assert len(calls) == 3  # two slices were committed before the failure
    for table in ("stg_helpline_calls_versions", "quarantine", "stg_helpline_calls"):
        assert loader.query(f"select count(*) from {table}") == [(0,)], table
    assert loader.query("select status from ingest_manifest") == [("read",)]

    _, staged = loader.run()
    audit = staged.files[0]
    assert [(audit.rows_read, audit.accepted, audit.duplicates, audit.quarantined)] == expected[
        "audit"
    ]
    assert (
        loader.query("select * exclude (_loaded_at) from stg_helpline_calls order by all")
        == expected["staging"]
    )


def test_a_files_raw_rows_come_in_line_order_however_they_are_stored(monkeypatch):
    """Exact duplicates keep their first copy by line, so the slices must come in line
    order; raw rows are written in it, and are sorted when the parts hold them otherwise."""
    import duckdb
    import polars as pl

    from warehouse.raw_files import RawWriter, part_columns
    from warehouse.schema import create_load_tables
    from warehouse.sources import HELPLINE_CALLS

    con = duckdb.connect()
    create_load_tables(con)
    lines = [5, 2, 9, 3, 7, 4, 8, 6]  # stored out of line order, one part each
    writer = RawWriter(con, HELPLINE_CALLS, "calls.csv")
    for line in lines:
        values = {"call_id": f"C{line % 3}", "_line": line}
        writer.append(
            pl.DataFrame({name: [values.get(name)] for name in part_columns(HELPLINE_CALLS)})
        )
    writer.name(con, ("hash", None, None))
    for rows in (100, 2):  # whole, and in slices with the repeated ids last
        monkeypatch.setattr(raw_batches, "CLEAN_BATCH_ROWS", rows)
        batches = list(raw_batches.raw_batches(con, HELPLINE_CALLS, "calls.csv"))
        assert [sorted(b["_line"]) for b in batches] == [list(b["_line"]) for b in batches]
        assert sorted(line for b in batches for line in b["_line"]) == sorted(lines)
