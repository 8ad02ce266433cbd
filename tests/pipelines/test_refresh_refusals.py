"""A refresh refuses, on one line and before reading anything, when it has no key to hash
personal fields with, or no export to load; the last good snapshot stays exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import dagster as dg
import pytest

from pipelines.defs.automation import daily_refresh, new_exports
from pipelines.defs.resources import PiiKeyResource, WarehouseResource
from pipelines.keys import DEVELOPMENT_PII_KEY, MissingPiiKeyError, pii_key
from warehouse.snapshot import snapshot_path

NO_KEY_ENV = {k: v for k, v in os.environ.items() if k != "JANSEWA_PII_KEY"}
CALLS = (
    "Call ID,District,Call Received At,Category,Status\nC1,Jhajjar,2020-05-01 10:00,Ration,Open\n"
)


def _jansewa(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jansewa.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- keys ----------------------------------------------------------------------------------


def test_the_development_key_is_used_only_on_explicit_opt_in(monkeypatch):
    monkeypatch.delenv("JANSEWA_PII_KEY", raising=False)
    with pytest.raises(MissingPiiKeyError, match="JANSEWA_PII_KEY is not set"):
        pii_key()
    with pytest.raises(MissingPiiKeyError):
        PiiKeyResource().hmac_key()
    assert pii_key(allow_development_key=True) == DEVELOPMENT_PII_KEY.encode()
    monkeypatch.setenv("JANSEWA_PII_KEY", "the-real-key")
    assert pii_key(allow_development_key=True) == b"the-real-key"  # a real key always wins


def test_dagster_runs_take_the_key_from_the_environment_through_the_resource(monkeypatch):
    from pipelines.definitions import defs

    resource = defs.resources["pii"]
    assert isinstance(resource, PiiKeyResource) and not resource.allow_development_key
    monkeypatch.setenv("JANSEWA_PII_KEY", "key-from-env")

    @dg.asset
    def key_seen(pii: PiiKeyResource) -> str:
        return pii.hmac_key().decode()

    result = dg.materialize([key_seen], resources={"pii": resource})
    assert result.output_for_node("key_seen") == "key-from-env"


def test_schedule_and_sensor_skip_without_a_key_and_keep_the_files_for_later(tmp_path, monkeypatch):
    exports = tmp_path / "exports"
    (exports / "helpline_calls").mkdir(parents=True)
    (exports / "helpline_calls" / "calls.csv").write_text(CALLS)
    wh = WarehouseResource(path=str(tmp_path / "wh.duckdb"), exports=str(exports))

    monkeypatch.delenv("JANSEWA_PII_KEY", raising=False)
    tick = daily_refresh(dg.build_schedule_context())
    assert isinstance(tick, dg.SkipReason) and "JANSEWA_PII_KEY" in tick.skip_message
    with dg.build_sensor_context(cursor=None, resources={"warehouse": wh}) as context:
        tick = new_exports(context)
    assert isinstance(tick, dg.SkipReason) and "JANSEWA_PII_KEY" in tick.skip_message

    monkeypatch.setenv("JANSEWA_PII_KEY", "now-set")
    assert isinstance(daily_refresh(dg.build_schedule_context()), dg.RunRequest)
    with dg.build_sensor_context(cursor=context.cursor, resources={"warehouse": wh}) as again:
        tick = new_exports(again)
    assert isinstance(tick, dg.RunRequest)  # the file seen while skipping was not forgotten


def test_refresh_with_the_development_key_flag_runs_and_warns(tmp_path):
    exports = tmp_path / "exports" / "helpline_calls"
    exports.mkdir(parents=True)
    (exports / "calls.csv").write_text(CALLS)
    wh = tmp_path / "wh" / "jansewa.duckdb"
    done = _jansewa(
        "refresh",
        "--exports",
        str(tmp_path / "exports"),
        "--warehouse",
        str(wh),
        "--development-key",
        env=NO_KEY_ENV,
    )
    assert done.returncode == 0, done.stderr
    assert "DEVELOPMENT key" in done.stderr
    assert snapshot_path(wh).exists()
    # progress per file, as Dagster's log has it too: rows per second for each step
    for step in ("raw", "stg"):
        line = next(x for x in done.stderr.splitlines() if f"{step}_helpline_calls: file" in x)
        assert "file 1 of 1, helpline_calls/calls.csv:" in line and "rows/s" in line, line


# --- nothing to load -----------------------------------------------------------------------


@pytest.fixture
def published(tmp_path, demo_warehouse):
    """A copy of the demo warehouse and its snapshot, with the snapshot's digest."""
    wh = tmp_path / "wh" / "jansewa.duckdb"
    wh.parent.mkdir()
    shutil.copyfile(demo_warehouse.warehouse, wh)
    shutil.copyfile(snapshot_path(demo_warehouse.warehouse), snapshot_path(wh))
    return wh, _digest(snapshot_path(wh))


@pytest.mark.parametrize(
    "layout, expected",
    [
        ("missing", "does not exist"),
        ("empty", "no export files in"),
        ("empty source folders", "no export files in"),
        ("beside", "lie outside the source folders (calls.csv)"),
        ("unknown folder", "lie outside the source folders (Helpline Calls/calls.csv)"),
    ],
)
def test_nothing_to_load_is_one_line_and_leaves_the_snapshot_as_it_was(
    tmp_path, published, layout, expected
):
    wh, before = published
    exports = tmp_path / "exports"
    if layout != "missing":
        exports.mkdir()
    if layout == "empty source folders":
        for source in ("helpline_calls", "grievances"):
            (exports / source).mkdir()
    if layout == "beside":
        (exports / "helpline_calls").mkdir()
        (exports / "calls.csv").write_text(CALLS)
    if layout == "unknown folder":
        (exports / "Helpline Calls").mkdir()
        (exports / "Helpline Calls" / "calls.csv").write_text(CALLS)
        (exports / "grievances").mkdir()
    done = _jansewa("refresh", "--exports", str(exports), "--warehouse", str(wh))
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0] and str(exports) in lines[0]
    assert "<source>" in lines[0] and "helpline_calls" in lines[0]  # says what was expected
    assert _digest(snapshot_path(wh)) == before


# --- the scorecard weights check on the production path -------------------------------------


def test_refresh_with_a_bad_weights_file_fails_and_names_it(tmp_path):
    """The weights check the tests exercise runs in `jansewa refresh` too: a count weighted
    as a rate stops the run before publication, naming the file and the KPI."""
    from warehouse.reference_files import SCORECARD_WEIGHTS

    exports = tmp_path / "exports" / "helpline_calls"
    exports.mkdir(parents=True)
    (exports / "calls.csv").write_text(CALLS)
    bad = tmp_path / "proposed_weights.yml"
    bad.write_text(
        SCORECARD_WEIGHTS.read_text(encoding="utf-8").replace(
            "kpis:\n", "kpis:\n  calls_received:\n    weight: 1\n    direction: higher\n", 1
        ),
        encoding="utf-8",
    )
    wh = tmp_path / "wh" / "jansewa.duckdb"
    args = ["refresh", "--exports", str(tmp_path / "exports"), "--warehouse", str(wh)]
    done = _jansewa(*args, "--weights", str(bad))
    assert done.returncode == 1
    assert "proposed_weights.yml" in done.stdout and "calls_received" in done.stdout
    assert "Refresh FAILED" in done.stdout and not snapshot_path(wh).exists()
    assert _jansewa(*args).returncode == 0  # the reviewed weights publish the same data


# --- a full disk ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_saying_where_to_free_space(tmp_path):
    """The warehouse's write-ahead log is /dev/full, on which every write fails as on a full
    disk (ENOSPC): the refresh fails with one line naming the folder to free space in."""
    exports = tmp_path / "exports" / "helpline_calls"
    exports.mkdir(parents=True)
    (exports / "calls.csv").write_text(CALLS)
    wh = tmp_path / "wh" / "jansewa.duckdb"
    wh.parent.mkdir()
    os.symlink("/dev/full", f"{wh}.wal")
    env = {**os.environ, "JANSEWA_SETTLE_SECONDS": "0"}
    done = _jansewa(
        "refresh", "--exports", str(tmp_path / "exports"), "--warehouse", str(wh), env=env
    )
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: raw_sources: the disk holding {wh.parent} is full (no space left on device): "
        "free space there, then run the refresh again"
    ], done.stdout
    assert "Refresh FAILED" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert not snapshot_path(wh).exists()
