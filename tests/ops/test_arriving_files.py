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

import pipelines.load.raw as raw_module
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
