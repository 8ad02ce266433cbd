"""Files still arriving are left alone: temporary names and files changed within the settle
time are not read, and a refresh says which files are still arriving. Unreadable files and
shrunken versions: test_read_retries.py."""

from __future__ import annotations

import os
import time

import duckdb
import pytest

import pipelines.exports_folder as exports_folder
from pipelines.exports_folder import NothingToLoadError, arriving_files, check_exports_folder
from pipelines.load.manifest import discover
from tests.load.conftest import CALL_HEADER, Loader, call, write_csv
from tests.ops.arriving_exports import (
    OLD,
    calls_file,
    helpline_loader,
    manifest_rows,
    staged_ids,
)
from tests.ops.conftest import jansewa, jansewa_env
from warehouse.sources import SOURCES

CALLS = SOURCES["helpline_calls"]


@pytest.fixture
def loader(tmp_path) -> Loader:
    return helpline_loader(tmp_path)


# --- settling and temporary names ------------------------------------------------------------


def test_discovery_skips_temporary_names_and_files_changed_within_the_settle_time(tmp_path):
    folder = tmp_path / "helpline_calls"
    folder.mkdir()
    for name in ["settled.csv", "~$book.xlsx", "a.csv.part", "b.tmp", "c.crdownload", ".d.csv"]:
        (folder / name).write_text("x")
        os.utime(folder / name, (OLD, OLD))
    time.sleep(2.0)
    (folder / "fresh.csv").write_text("x")  # being written right now
    # `cp -p` restores the old modified time when it finishes; the status-change time
    # still says the bytes moved just now.
    (folder / "copied_with_old_mtime.csv").write_text("x")
    os.utime(folder / "copied_with_old_mtime.csv", (OLD, OLD))
    now = time.time()
    names = lambda files: [f.relative for f in files]  # noqa: E731
    assert names(discover(tmp_path, CALLS, settle=1.5, now=now)) == ["helpline_calls/settled.csv"]
    assert names(discover(tmp_path, CALLS, settle=1.5, now=now + 2)) == [
        "helpline_calls/copied_with_old_mtime.csv",
        "helpline_calls/fresh.csv",
        "helpline_calls/settled.csv",
    ]


def test_discovery_lists_nested_files_and_links_and_marks_those_leading_outside(tmp_path):
    """What a listing holds, links included: a link within the exports folder is read like
    its target, one leading out of it is listed as outside (the raw step refuses it), and
    so is every file of a source folder that is itself a link out."""
    exports, elsewhere = tmp_path / "exports", tmp_path / "elsewhere"
    (elsewhere / "dir").mkdir(parents=True)
    (elsewhere / "dir" / "f.csv").write_text("x")
    (elsewhere / "o.csv").write_text("xy")
    calls = exports / "helpline_calls"
    (calls / "sub" / "deeper").mkdir(parents=True)
    for name in [
        "a.csv",
        "b.xlsx",
        "~$b.xlsx",
        ".c.csv",
        "d.part",
        "sub/e.csv",
        "sub/deeper/f.csv",
    ]:
        (calls / name).write_text("x")
    (calls / "in.csv").symlink_to(calls / "a.csv")
    (calls / "out.csv").symlink_to(elsewhere / "o.csv")
    (calls / "broken.csv").symlink_to(calls / "missing.csv")
    (calls / "linked_sub").symlink_to(calls / "sub")  # not descended: its files are listed once
    (calls / "linked_out").symlink_to(elsewhere / "dir")
    os.mkfifo(calls / "pipe.csv")
    (exports / "grievances").symlink_to(elsewhere / "dir")
    listed = lambda source: [  # noqa: E731
        (f.relative, f.size, f.outside_root) for f in discover(exports, SOURCES[source], settle=0)
    ]
    assert listed("helpline_calls") == [
        ("helpline_calls/a.csv", 1, False),
        ("helpline_calls/b.xlsx", 1, False),
        ("helpline_calls/in.csv", 1, False),
        ("helpline_calls/linked_out", len(str(elsewhere / "dir")), True),
        ("helpline_calls/out.csv", len(str(elsewhere / "o.csv")), True),
        ("helpline_calls/sub/deeper/f.csv", 1, False),
        ("helpline_calls/sub/e.csv", 1, False),
    ]
    assert listed("grievances") == [("grievances/f.csv", 1, True)]


def test_a_half_copied_file_is_not_read_until_it_has_settled(loader, monkeypatch):
    monkeypatch.setenv("JANSEWA_SETTLE_SECONDS", "30")
    calls_file(loader, range(1, 4))  # three calls copied in so far
    path = loader.exports / "helpline_calls" / "a.csv"
    os.utime(path)  # ... and the copy is still going on
    raw, _ = loader.run(run_id="r1")
    assert raw.files_read == 0 and manifest_rows(loader) == [] and staged_ids(loader) == []

    calls_file(loader, range(1, 7))  # the copy completed: six calls
    real_time = time.time
    monkeypatch.setattr("pipelines.load.manifest.time.time", lambda: real_time() + 31)
    raw, _ = loader.run(run_id="r2")
    assert (raw.files_read, raw.rows_read) == (1, 6)
    assert staged_ids(loader) == ["C1", "C2", "C3", "C4", "C5", "C6"]


def _folder_with(tmp_path, settled: dict[str, int], fresh: list[str]):
    """An exports folder: ``settled[source]`` files written over a second before the
    others (settled at JANSEWA_SETTLE_SECONDS=1), then ``fresh`` (source/name) files whose
    modified time lies an hour ahead: still changing, whatever the clock says in between."""
    for source, count in settled.items():
        for i in range(count):
            (tmp_path / source).mkdir(parents=True, exist_ok=True)
            (tmp_path / source / f"{source}_{i:03d}.csv").write_text("x")
    time.sleep(1.2)
    ahead = time.time() + 3600
    for relative in fresh:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
        os.utime(tmp_path / relative, (ahead, ahead))


def test_files_still_arriving_are_named_and_each_folder_is_listed_twice_however_full(
    tmp_path, monkeypatch
):
    """`jansewa refresh` and every publish ask which files are still arriving: the folders
    must be listed a fixed number of times, not again for each file they hold (61 s over a
    year of daily exports)."""
    monkeypatch.setenv("JANSEWA_SETTLE_SECONDS", "1")
    fresh = ["grievances/late.csv", "helpline_calls/being_copied.csv"]
    _folder_with(tmp_path, {"helpline_calls": 6, "grievances": 2}, fresh)
    listings: list[str] = []

    def counted(exports, source, *args, **kwargs):
        listings.append(source.name)
        return discover(exports, source, *args, **kwargs)

    monkeypatch.setattr(exports_folder, "discover", counted)
    assert sorted(arriving_files(tmp_path)) == fresh
    assert len(listings) == 2 * len(SOURCES)
    for i in range(30):  # 30 more files, just written: still arriving; the same listings
        (tmp_path / "helpline_calls" / f"more_{i:02d}.csv").write_text("x")
    listings.clear()
    assert sorted(arriving_files(tmp_path)) == sorted(
        [*fresh, *(f"helpline_calls/more_{i:02d}.csv" for i in range(30))]
    )
    assert len(listings) == 2 * len(SOURCES)


def test_the_folder_check_counts_settled_files_and_refuses_when_every_file_is_arriving(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("JANSEWA_SETTLE_SECONDS", "1")
    _folder_with(tmp_path, {"helpline_calls": 3}, ["grievances/late.csv"])
    assert check_exports_folder(tmp_path) == 3  # the arriving file is not counted

    arriving = tmp_path / "arriving"
    _folder_with(arriving, {}, ["helpline_calls/a.csv", "grievances/b.csv"])
    with pytest.raises(NothingToLoadError) as refused:
        check_exports_folder(arriving)
    message = str(refused.value)
    assert "\n" not in message
    assert "the 2 export file(s)" in message and "changed less than 1 s ago" in message
    assert "try again once they are complete (JANSEWA_SETTLE_SECONDS)" in message


def test_a_refresh_loads_the_settled_files_and_warns_of_those_still_arriving(tmp_path):
    exports = tmp_path / "exports"
    calls = exports / "helpline_calls"
    write_csv(calls / "a.csv", CALL_HEADER, [call("C1"), call("C2")], OLD)
    ahead = int(time.time()) + 3600  # still being written: its time keeps moving
    write_csv(calls / "b.csv", CALL_HEADER, [call("C3")], ahead)
    time.sleep(1.2)  # a.csv has settled
    done = jansewa(
        "refresh",
        "--exports",
        str(exports),
        "--warehouse",
        str(tmp_path / "wh" / "jansewa.duckdb"),
        env=jansewa_env(JANSEWA_SETTLE_SECONDS="1"),
    )
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert "warning: helpline_calls/b.csv: still being written, left for the next run" in out
    con = duckdb.connect(str(tmp_path / "wh" / "jansewa.duckdb"), read_only=True)
    try:
        staged = con.execute("select call_id from stg_helpline_calls order by 1").fetchall()
        listed = con.execute("select path from ingest_manifest").fetchall()
    finally:
        con.close()
    assert staged == [("C1",), ("C2",)] and listed == [("helpline_calls/a.csv",)]
