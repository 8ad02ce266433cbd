"""Raw rows as Parquet folders beside the warehouse (warehouse/raw_files.py): a warehouse
from before is moved over whole, a folder no export names is removed, and a missing folder
is refused in one line that says what to do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.load.stage import stage_source
from tests.load.conftest import CALL_HEADER, Loader, call, write_csv
from warehouse.raw_files import (
    create_raw_views,
    move_raw_tables_to_files,
    raw_folder_of,
    raw_root,
    raw_scan,
    remove_unnamed_folders,
)
from warehouse.schema import create_load_tables, raw_columns
from warehouse.sources import SOURCES

REPO = Path(__file__).resolve().parents[2]

CALLS = SOURCES["helpline_calls"]
WHEN = 1_590_000_000


def _raw(loader: Loader) -> list[tuple]:
    return loader.query("select * from raw_helpline_calls order by _file, _line")


def _as_raw_tables(loader: Loader, interrupted: str) -> None:
    """Turn the loader's warehouse into one written before raw rows were files: a table
    raw_helpline_calls holding them, plus what a run stopped mid-file left (rows of a file
    noted in load_in_progress, a scratch table)."""
    with duckdb.connect(str(loader.db)) as con:
        create_raw_views(con)
        columns = ", ".join(f'"{name}" {kind}' for name, kind in raw_columns(CALLS))
        con.execute(f"create table old_raw ({columns})")
        con.execute("insert into old_raw select * from raw_helpline_calls")
        con.execute(
            "insert into old_raw select * replace (? as _file) from raw_helpline_calls limit 2",
            [interrupted],
        )
        con.execute("drop view raw_helpline_calls")
        con.execute("alter table old_raw rename to raw_helpline_calls")
        con.execute("create table load_in_progress (source varchar, path varchar)")
        con.execute("insert into load_in_progress values ('helpline_calls', ?)", [interrupted])
        con.execute("create table load_scratch_helpline_calls as from raw_helpline_calls limit 1")
        con.execute("delete from raw_files")
    shutil.rmtree(raw_folder_of(loader.db))


def test_a_warehouse_with_raw_tables_is_moved_to_folders_whole(loader):
    write_csv(loader.exports / "helpline_calls" / "a.csv", CALL_HEADER, [call("C1")], WHEN)
    rows = [call("C2"), call("C3", district="Gotham"), call("C4")]
    write_csv(loader.exports / "helpline_calls" / "b.csv", CALL_HEADER, rows, WHEN + 60)
    loader.run(run_id="r1")
    before = _raw(loader)
    with duckdb.connect(str(loader.db)) as con:  # b.csv to be parsed again, from its raw rows
        con.execute("update ingest_manifest set status = 'read' where path like '%b.csv'")
        con.execute("delete from stg_helpline_calls_versions")
    _as_raw_tables(loader, interrupted="helpline_calls/stopped.csv")

    with duckdb.connect(str(loader.db)) as con:  # as the raw step does first
        assert move_raw_tables_to_files(con) == ["raw_helpline_calls"]
        assert move_raw_tables_to_files(con) == []
    assert _raw(loader) == before
    tables = {r[0] for r in loader.query("select table_name from duckdb_tables()")}
    assert not {"raw_helpline_calls", "load_in_progress", "load_scratch_helpline_calls"} & tables
    assert loader.query("select path, rows from raw_files order by path") == [
        ("helpline_calls/a.csv", 1),
        ("helpline_calls/b.csv", 3),
    ]
    with duckdb.connect(str(loader.db)) as con:
        stage_source(con, CALLS, "r2")
    assert loader.query("select call_id from stg_helpline_calls order by 1") == [("C2",), ("C4",)]


def test_folders_no_export_names_are_removed_and_named_ones_kept(loader):
    write_csv(loader.exports / "helpline_calls" / "a.csv", CALL_HEADER, [call("C1")], WHEN)
    loader.run()
    with duckdb.connect(str(loader.db)) as con:
        root = raw_root(con) / "helpline_calls"
        (named,) = [p.name for p in root.iterdir()]
        (root / "left-over").mkdir()
        (root / "left-over" / "part-00000.parquet").write_bytes(b"")
        assert remove_unnamed_folders(con, CALLS) == ["left-over"]
        assert [p.name for p in root.iterdir()] == [named]


def test_raw_rows_gone_with_their_folder_are_refused_in_one_line(loader):
    write_csv(loader.exports / "helpline_calls" / "a.csv", CALL_HEADER, [call("C1")], WHEN)
    loader.run()
    shutil.rmtree(raw_folder_of(loader.db))
    with duckdb.connect(str(loader.db)) as con, pytest.raises(FileNotFoundError) as refused:
        raw_scan(con, CALLS, "helpline_calls/a.csv")
    message = str(refused.value)
    assert "\n" not in message and message.startswith("helpline_calls/a.csv: ")
    assert "restore the warehouse's .raw folder" in message


def test_an_in_memory_warehouse_keeps_its_raw_folders_in_one_temporary_directory():
    con = duckdb.connect()
    create_load_tables(con)
    first = raw_root(con)
    assert first == raw_root(con) and first.is_dir()
    assert con.execute("select path from raw_location").fetchall() == [(str(first),)]
    other = duckdb.connect()
    assert raw_root(other) != first
    shutil.rmtree(first)
    shutil.rmtree(raw_root(other))
    assert Path(first).name.startswith("jansewa-raw-")


def test_an_in_memory_warehouses_raw_folder_goes_with_its_process(tmp_path):
    # The folder holds rows of a warehouse that ends with the process: none is left behind.
    code = (
        "import duckdb\n"
        "from warehouse.raw_files import raw_root\n"
        "from warehouse.schema import create_load_tables\n"
        "con = duckdb.connect()\n"
        "create_load_tables(con)\n"
        "folder = raw_root(con)\n"
        "(folder / 'helpline_calls').mkdir()\n"
        "(folder / 'helpline_calls' / 'part-0.parquet').write_bytes(b'rows')\n"
        "print(folder)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("jansewa-raw-")
    assert not folder.exists()
