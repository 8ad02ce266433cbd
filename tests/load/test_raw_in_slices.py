"""The raw step reads, hashes and writes a file a slice at a time into a raw folder of its
own (warehouse/raw_files.py), which one transaction then makes the file's raw rows.

So a file loaded in slices of 3 records must leave raw and staging exactly as one loaded
whole, and a file refused or held after some of its slices went in, or a run stopped in the
middle of a file, must leave nothing of itself behind: the earlier version's rows stay, as
they would have without slices, and no folder but the one raw_files names outlives the next
load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pipelines.load.raw as raw_module
from tests.load.conftest import CALL_HEADER, Loader, call, write_csv
from warehouse.raw_files import raw_folder_of

WHEN = 1_590_000_000


def _rows(n: int) -> list[list[str]]:
    rows = [call(f"C{i:03d}", at=f"2020-04-01 1{i % 10}:00:00") for i in range(n)]
    rows[4] = call("C004", district="Gotham")  # quarantined at staging
    rows[7] = call("C007", mobile="+91 98765-43210")  # the same person as the others
    rows.append(rows[1])  # an exact duplicate, slices later
    return rows


def _state(loader: Loader) -> dict[str, list]:
    return {
        "raw": loader.query(
            "select * exclude (_loaded_at) from raw_helpline_calls order by _file, _line"
        ),
        "staging": loader.query(
            "select * exclude (_loaded_at) from stg_helpline_calls order by all"
        ),
        "manifest": loader.query(
            "select path, rows_read, rows_accepted, rows_duplicate, rows_quarantined, status "
            "from ingest_manifest"
        ),
    }


def _unnamed_folders(loader: Loader) -> set[str]:
    """The helpline's raw folders that no raw_files row names: left over."""
    root = raw_folder_of(loader.db) / "helpline_calls"
    on_disk = {p.name for p in root.iterdir()} if root.is_dir() else set()
    named = {row[0] for row in loader.query("select folder from raw_files")}
    return on_disk - named


def _load(tmp: Path, name: str) -> dict[str, list]:
    loader = Loader(tmp / name / "exports", tmp / name / "wh.duckdb")
    write_csv(loader.exports / "helpline_calls" / "calls.csv", CALL_HEADER, _rows(20), WHEN)
    loader.run()
    return _state(loader)


def test_a_file_loaded_in_slices_is_the_file_loaded_whole(tmp_path, monkeypatch):
    whole = _load(tmp_path, "whole")
    monkeypatch.setattr(raw_module, "RAW_SLICE_ROWS", 3)
    sliced = _load(tmp_path, "sliced")
    assert sliced == whole
    assert len(whole["raw"]) == 21
    assert whole["manifest"] == [("helpline_calls/calls.csv", 21, 19, 1, 1, "staged")]


def test_a_file_refused_in_a_later_slice_leaves_the_earlier_version(loader, monkeypatch):
    monkeypatch.setattr(raw_module, "RAW_SLICE_ROWS", 3)
    path = write_csv(loader.exports / "helpline_calls" / "calls.csv", CALL_HEADER, _rows(20), WHEN)
    loader.run(run_id="r1")
    before = _state(loader)

    # a new version whose last line never closes its quote: slices 1-6 parse, the 7th fails
    write_csv(path, CALL_HEADER, _rows(21), WHEN + 60)
    with path.open("a") as fh:
        fh.write('C999,Jind,"2020-04-01 10:00:00,1950\n')
    raw, _ = loader.run(run_id="r2")

    assert raw.files_rejected == 1 and "a quoted value is never closed" in raw.rejections[0]
    assert loader.query("select count(*) from raw_helpline_calls") == [(0,)]
    assert loader.query("select status from ingest_manifest") == [("rejected",)]
    assert before["raw"]  # it had rows, which a rejection removes whole, never in part
    assert _unnamed_folders(loader) == set()


def test_a_shrunken_file_held_after_its_slices_went_in_keeps_the_loaded_rows(loader, monkeypatch):
    monkeypatch.setattr(raw_module, "RAW_SLICE_ROWS", 3)
    path = write_csv(loader.exports / "helpline_calls" / "calls.csv", CALL_HEADER, _rows(20), WHEN)
    loader.run(run_id="r1")
    before = _state(loader)

    write_csv(path, CALL_HEADER, _rows(8), WHEN + 60)  # 9 records where there were 21
    raw, _ = loader.run(run_id="r2")

    assert raw.deferred and "held back, not applied" in raw.deferred[0]
    assert "21" in raw.deferred[0] and "9 records" in raw.deferred[0]
    after = _state(loader)
    assert after["raw"] == before["raw"] and after["staging"] == before["staging"]
    assert after["manifest"] == [("helpline_calls/calls.csv", 21, 19, 1, 1, "held")]
    assert _unnamed_folders(loader) == set()


def _run_killed_in_third_slice(loader: Loader, monkeypatch) -> None:
    """Run the load as a process killed while the raw step reads a file's third slice: it
    cleans nothing up."""
    real = raw_module.hashed_slices

    def killed_in_third_slice(*args):
        for n, frame in enumerate(real(*args)):
            if n == 2:
                raise KeyboardInterrupt
            yield frame

    with monkeypatch.context() as killed:
        killed.setattr(raw_module, "hashed_slices", killed_in_third_slice)
        killed.setattr(raw_module.RawWriter, "discard", lambda self: None)
        with pytest.raises(KeyboardInterrupt):
            loader.run(run_id="r2")


@pytest.mark.parametrize("replacing", [False, True], ids=["new file", "new version"])
def test_a_run_stopped_mid_file_changes_nothing_read_and_is_cleared_next_run(
    loader, monkeypatch, replacing
):
    """A process killed mid-file leaves the slices it wrote in a folder that raw_files does
    not name, so nothing reads them (a new file has no manifest row; a new version's old
    raw rows stay whole). The next load removes the folder before it reads the file again."""
    monkeypatch.setattr(raw_module, "RAW_SLICE_ROWS", 3)
    path = loader.exports / "helpline_calls" / "calls.csv"
    if replacing:
        write_csv(path, CALL_HEADER, _rows(20), WHEN)
        loader.run(run_id="r1")
    before = _state(loader) if replacing else {"raw": [], "staging": [], "manifest": []}

    write_csv(path, CALL_HEADER, _rows(21), WHEN + 60)
    _run_killed_in_third_slice(loader, monkeypatch)
    after = _state(loader)
    assert after == before
    (left_over,) = _unnamed_folders(loader)  # two slices of three, read by nothing
    parts = sorted((raw_folder_of(loader.db) / "helpline_calls" / left_over).iterdir())
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet"]

    raw, _ = loader.run(run_id="r3")
    assert raw.files_read == 1 and raw.rows_read == 22
    assert loader.query("select count(*) from raw_helpline_calls") == [(22,)]
    assert _unnamed_folders(loader) == set()
    assert _state(loader)["manifest"] == [("helpline_calls/calls.csv", 22, 20, 1, 1, "staged")]


def test_a_file_read_but_not_yet_staged_keeps_its_rows_until_a_new_version_counts(
    loader, monkeypatch
):
    """A version with no records whose manifest row says `read` (the raw step ran, staging
    did not): staging takes whatever raw holds of the file, so a next version stopped
    midway must leave it exactly that: no rows."""
    import duckdb

    from tests.load.conftest import KEY
    from warehouse.schema import create_load_tables
    from warehouse.sources import SOURCES

    monkeypatch.setattr(raw_module, "RAW_SLICE_ROWS", 3)
    path = write_csv(loader.exports / "helpline_calls" / "calls.csv", CALL_HEADER, [], WHEN)
    with duckdb.connect(str(loader.db)) as con:  # the raw step alone
        create_load_tables(con)
        raw_module.load_raw(con, SOURCES["helpline_calls"], loader.exports, KEY, "r1")
    assert loader.query("select rows_read, status from ingest_manifest") == [(0, "read")]

    write_csv(path, CALL_HEADER, _rows(20), WHEN + 60)
    _run_killed_in_third_slice(loader, monkeypatch)
    assert loader.query("select count(*) from raw_helpline_calls") == [(0,)]
    assert loader.query("select rows_read, status from ingest_manifest") == [(0, "read")]
    assert len(_unnamed_folders(loader)) == 1
