"""Files still arriving are left alone; an unreadable file never unstages its good rows; a
new version that lost too many records is held until an operator accepts it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

import pipelines.exports_folder as exports_folder
import pipelines.load.raw as raw_module
from pipelines.exports_folder import NothingToLoadError, arriving_files, check_exports_folder
from pipelines.load.manifest import discover
from tests.load.conftest import CALL_HEADER, Loader, call, write_csv
from tests.ops.conftest import jansewa, jansewa_env
from warehouse.sources import SOURCES

CALLS = SOURCES["helpline_calls"]
OLD = 1_590_000_000  # 2020-05-20: long settled


@pytest.fixture
def loader(tmp_path) -> Loader:
    (tmp_path / "exports" / "helpline_calls").mkdir(parents=True)
    return Loader(tmp_path / "exports", tmp_path / "wh.duckdb")


def _calls(loader: Loader, ids: range | list, mtime: int = OLD, name: str = "a.csv"):
    return write_csv(
        loader.exports / "helpline_calls" / name, CALL_HEADER, [call(f"C{i}") for i in ids], mtime
    )


def _staged(loader: Loader) -> list[str]:
    return [r[0] for r in loader.query("select call_id from stg_helpline_calls order by 1")]


def _manifest(loader: Loader) -> list[tuple]:
    return loader.query("select path, status, rows_read, rows_accepted from ingest_manifest")


def _audit(loader: Loader, run_id: str) -> list[tuple]:
    return loader.query("select path, status from load_audit where run_id = ?", [run_id])


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
    _calls(loader, range(1, 4))  # three calls copied in so far
    path = loader.exports / "helpline_calls" / "a.csv"
    os.utime(path)  # ... and the copy is still going on
    raw, _ = loader.run(run_id="r1")
    assert raw.files_read == 0 and _manifest(loader) == [] and _staged(loader) == []

    _calls(loader, range(1, 7))  # the copy completed: six calls
    real_time = time.time
    monkeypatch.setattr("pipelines.load.manifest.time.time", lambda: real_time() + 31)
    raw, _ = loader.run(run_id="r2")
    assert (raw.files_read, raw.rows_read) == (1, 6)
    assert _staged(loader) == ["C1", "C2", "C3", "C4", "C5", "C6"]


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


# --- I/O errors: retried, earlier rows kept --------------------------------------------------


def _load_without_read_override(loader: Loader, run_id: str) -> dict:
    """The load in a child process that cannot read a mode-000 file, even as root."""
    command = [
        sys.executable,
        "-m",
        "tests.ops.load_once",
        str(loader.exports),
        str(loader.db),
        run_id,
    ]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", "--", *command]
    done = subprocess.run(command, env=jansewa_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_unreadable_new_version_keeps_the_earlier_rows_and_is_retried(loader):
    _calls(loader, range(1, 4))
    loader.run(run_id="r1")
    assert _staged(loader) == ["C1", "C2", "C3"]

    path = _calls(loader, range(1, 6), mtime=OLD + 3600)  # a corrected export lands...
    path.chmod(0o000)  # ...with the wrong permissions
    try:
        outcome = _load_without_read_override(loader, "r2")
    finally:
        path.chmod(0o644)
    (message,) = outcome["deferred"]
    assert outcome["files_read"] == 0
    assert "helpline_calls/a.csv: cannot be read now (Permission denied)" in message
    assert _staged(loader) == ["C1", "C2", "C3"]  # nothing unstaged
    assert _manifest(loader) == [("helpline_calls/a.csv", "staged", 3, 3)]
    assert _audit(loader, "r2") == [("helpline_calls/a.csv", "retry")]

    raw, _ = loader.run(run_id="r3")  # permissions fixed: read at the next run
    assert raw.files_read == 1
    assert _staged(loader) == ["C1", "C2", "C3", "C4", "C5"]


@pytest.mark.parametrize("mishap", ["vanishes", "grows"])
def test_a_file_that_moves_while_being_read_is_retried_not_rejected(loader, monkeypatch, mishap):
    _calls(loader, range(1, 4))
    loader.run(run_id="r1")
    path = _calls(loader, range(1, 6), mtime=OLD + 3600)
    real_read = raw_module.read_export_slices

    def read_during_a_mishap(file, *args, **kwargs):
        if mishap == "vanishes":  # moved away between listing and reading
            file.unlink()
            return real_read(file, *args, **kwargs)
        result = real_read(file, *args, **kwargs)  # the copy was still going on
        with file.open("a") as fh:
            fh.write("C6,Jhajjar,2020-04-01 10:00:00,1950,,Ration,Open,,OP1,,\n")
        return result

    monkeypatch.setattr(raw_module, "read_export_slices", read_during_a_mishap)
    raw, _ = loader.run(run_id="r2")
    assert raw.files_read == 0 and raw.files_rejected == 0
    assert "tried again next run" in raw.deferred[0]
    assert _staged(loader) == ["C1", "C2", "C3"]
    assert _audit(loader, "r2") == [("helpline_calls/a.csv", "retry")]
    assert _manifest(loader) == [("helpline_calls/a.csv", "staged", 3, 3)]
    if mishap == "grows":
        monkeypatch.setattr(raw_module, "read_export_slices", real_read)
        raw, _ = loader.run(run_id="r3")
        assert _staged(loader) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    else:
        assert not path.exists()


def test_a_file_read_whole_and_found_bad_is_still_rejected(loader):
    _calls(loader, range(1, 4))
    loader.run(run_id="r1")
    bad = loader.exports / "helpline_calls" / "a.csv"
    bad.write_text("Call ID,Category\nC1,Ration\n")  # District and more are missing
    os.utime(bad, (OLD + 60, OLD + 60))
    raw, _ = loader.run(run_id="r2")
    assert raw.files_rejected == 1 and _staged(loader) == []


# --- the shrink guard ------------------------------------------------------------------------


def test_a_version_that_lost_more_than_the_reviewed_share_is_held_until_accepted(loader):
    _calls(loader, range(1, 11))
    loader.run(run_id="r1")
    _calls(loader, range(1, 5), mtime=OLD + 3600)  # 4 of 10 records: 60 % fewer > 50 %
    raw, _ = loader.run(run_id="r2")
    (message,) = raw.deferred
    assert "holds 4 records, the one loaded 10 (60% fewer, more than the 50% allowed" in message
    assert "jansewa accept helpline_calls/a.csv" in message
    assert _staged(loader) == [f"C{i}" for i in sorted(range(1, 11), key=str)]
    assert _manifest(loader) == [("helpline_calls/a.csv", "held", 10, 10)]
    assert _audit(loader, "r2") == [("helpline_calls/a.csv", "held")]

    raw, _ = loader.run(run_id="r3")  # not read again while nothing changes
    assert raw.deferred == [] and raw.files_read == 0 and _audit(loader, "r3") == []

    done = jansewa(
        "accept",
        str(loader.exports / "helpline_calls" / "a.csv"),
        "--exports",
        str(loader.exports),
        "--warehouse",
        str(loader.db),
    )
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert out.startswith("accepted helpline_calls/a.csv (helpline_calls)")
    raw, _ = loader.run(run_id="r4")
    assert raw.files_read == 1
    assert _staged(loader) == ["C1", "C2", "C3", "C4"]
    assert _manifest(loader) == [("helpline_calls/a.csv", "staged", 4, 4)]


def test_a_smaller_version_within_the_share_is_applied_and_accept_refuses_unheld_files(loader):
    _calls(loader, range(1, 11))
    loader.run(run_id="r1")
    _calls(loader, range(1, 6), mtime=OLD + 3600)  # 5 of 10: exactly the 50 % allowed
    raw, _ = loader.run(run_id="r2")
    assert raw.deferred == [] and _staged(loader) == ["C1", "C2", "C3", "C4", "C5"]

    done = jansewa(
        "accept",
        "helpline_calls/a.csv",
        "--exports",
        str(loader.exports),
        "--warehouse",
        str(loader.db),
    )
    out, err = done.communicate(timeout=120)
    assert done.returncode == 1
    assert err == (
        "jansewa accept: error: helpline_calls/a.csv: not held (its status is 'staged'); "
        "nothing to accept\n"
    )


def test_an_acceptance_covers_only_the_bytes_that_were_held(loader):
    from pipelines.load.manifest import accept_held

    _calls(loader, range(1, 11))
    loader.run(run_id="r1")
    _calls(loader, range(1, 5), mtime=OLD + 3600)  # 4 of 10: held
    loader.run(run_id="r2")
    with duckdb.connect(str(loader.db)) as con:
        assert accept_held(con, "helpline_calls/a.csv") == (
            "helpline_calls",
            "helpline_calls/a.csv",
        )
    _calls(loader, range(1, 3), mtime=OLD + 7200)  # then an even smaller copy lands
    raw, _ = loader.run(run_id="r3")
    assert "holds 2 records, the one loaded 10" in raw.deferred[0]
    assert len(_staged(loader)) == 10
