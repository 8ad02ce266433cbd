"""An unreadable file never unstages its good rows and is retried; a file that moves while
being read is retried, not rejected; a new version that lost too many records is held until
an operator accepts it. Files still arriving: test_arriving_files.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

import pipelines.load.raw as raw_module
from tests.load.conftest import Loader
from tests.ops.arriving_exports import (
    OLD,
    audit_rows,
    calls_file,
    helpline_loader,
    manifest_rows,
    staged_ids,
)
from tests.ops.conftest import jansewa, jansewa_env


@pytest.fixture
def loader(tmp_path) -> Loader:
    return helpline_loader(tmp_path)


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
    calls_file(loader, range(1, 4))
    loader.run(run_id="r1")
    assert staged_ids(loader) == ["C1", "C2", "C3"]

    path = calls_file(loader, range(1, 6), mtime=OLD + 3600)  # a corrected export lands...
    path.chmod(0o000)  # ...with the wrong permissions
    try:
        outcome = _load_without_read_override(loader, "r2")
    finally:
        path.chmod(0o644)
    (message,) = outcome["deferred"]
    assert outcome["files_read"] == 0
    assert "helpline_calls/a.csv: cannot be read now (Permission denied)" in message
    assert staged_ids(loader) == ["C1", "C2", "C3"]  # nothing unstaged
    assert manifest_rows(loader) == [("helpline_calls/a.csv", "staged", 3, 3)]
    assert audit_rows(loader, "r2") == [("helpline_calls/a.csv", "retry")]

    raw, _ = loader.run(run_id="r3")  # permissions fixed: read at the next run
    assert raw.files_read == 1
    assert staged_ids(loader) == ["C1", "C2", "C3", "C4", "C5"]


@pytest.mark.parametrize("mishap", ["vanishes", "grows"])
def test_a_file_that_moves_while_being_read_is_retried_not_rejected(loader, monkeypatch, mishap):
    calls_file(loader, range(1, 4))
    loader.run(run_id="r1")
    path = calls_file(loader, range(1, 6), mtime=OLD + 3600)
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
    assert staged_ids(loader) == ["C1", "C2", "C3"]
    assert audit_rows(loader, "r2") == [("helpline_calls/a.csv", "retry")]
    assert manifest_rows(loader) == [("helpline_calls/a.csv", "staged", 3, 3)]
    if mishap == "grows":
        monkeypatch.setattr(raw_module, "read_export_slices", real_read)
        raw, _ = loader.run(run_id="r3")
        assert staged_ids(loader) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    else:
        assert not path.exists()


def test_a_file_read_whole_and_found_bad_is_still_rejected(loader):
    calls_file(loader, range(1, 4))
    loader.run(run_id="r1")
    bad = loader.exports / "helpline_calls" / "a.csv"
    bad.write_text("Call ID,Category\nC1,Ration\n")  # District and more are missing
    os.utime(bad, (OLD + 60, OLD + 60))
    raw, _ = loader.run(run_id="r2")
    assert raw.files_rejected == 1 and staged_ids(loader) == []


# --- the shrink guard ------------------------------------------------------------------------


def test_a_version_that_lost_more_than_the_reviewed_share_is_held_until_accepted(loader):
    calls_file(loader, range(1, 11))
    loader.run(run_id="r1")
    calls_file(loader, range(1, 5), mtime=OLD + 3600)  # 4 of 10 records: 60 % fewer > 50 %
    raw, _ = loader.run(run_id="r2")
    (message,) = raw.deferred
    assert "holds 4 records, the one loaded 10 (60% fewer, more than the 50% allowed" in message
    assert "jansewa accept helpline_calls/a.csv" in message
    assert staged_ids(loader) == [f"C{i}" for i in sorted(range(1, 11), key=str)]
    assert manifest_rows(loader) == [("helpline_calls/a.csv", "held", 10, 10)]
    assert audit_rows(loader, "r2") == [("helpline_calls/a.csv", "held")]

    raw, _ = loader.run(run_id="r3")  # not read again while nothing changes
    assert raw.deferred == [] and raw.files_read == 0 and audit_rows(loader, "r3") == []

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
    assert staged_ids(loader) == ["C1", "C2", "C3", "C4"]
    assert manifest_rows(loader) == [("helpline_calls/a.csv", "staged", 4, 4)]


def test_a_smaller_version_within_the_share_is_applied_and_accept_refuses_unheld_files(loader):
    calls_file(loader, range(1, 11))
    loader.run(run_id="r1")
    calls_file(loader, range(1, 6), mtime=OLD + 3600)  # 5 of 10: exactly the 50 % allowed
    raw, _ = loader.run(run_id="r2")
    assert raw.deferred == [] and staged_ids(loader) == ["C1", "C2", "C3", "C4", "C5"]

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

    calls_file(loader, range(1, 11))
    loader.run(run_id="r1")
    calls_file(loader, range(1, 5), mtime=OLD + 3600)  # 4 of 10: held
    loader.run(run_id="r2")
    with duckdb.connect(str(loader.db)) as con:
        assert accept_held(con, "helpline_calls/a.csv") == (
            "helpline_calls",
            "helpline_calls/a.csv",
        )
    calls_file(loader, range(1, 3), mtime=OLD + 7200)  # then an even smaller copy lands
    raw, _ = loader.run(run_id="r3")
    assert "holds 2 records, the one loaded 10" in raw.deferred[0]
    assert len(staged_ids(loader)) == 10
