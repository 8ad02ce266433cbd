"""Idempotent, incremental loading: the manifest, newest-export-wins, and the audit identity."""

from __future__ import annotations

import os

from tests.load.conftest import CALL_HEADER, Loader, call, write_csv

BASE = 1_590_000_000  # 2020-05-20


def test_first_load_stages_one_row_per_record_and_balances(loader):
    write_csv(
        loader.exports / "helpline_calls/a.csv",
        CALL_HEADER,
        [
            call("C1"),
            call("C2", district="Gurgaon"),
            call("C2", district="Gurgaon"),
            call("C3", district="Delhi"),
        ],
        BASE,
    )
    raw, staged = loader.run()
    assert (raw.files_read, raw.rows_read) == (1, 4)
    (audit,) = staged.files
    assert (audit.rows_read, audit.accepted, audit.duplicates, audit.quarantined) == (4, 2, 1, 1)
    assert loader.query("select call_id, district from stg_helpline_calls order by 1") == [
        ("C1", "Jhajjar"),
        ("C2", "Gurugram"),
    ]
    assert loader.query("select record_id, reason, file, line from quarantine") == [
        ("C3", "unknown district", "helpline_calls/a.csv", 5)
    ]
    assert loader.query(
        "select rows_read, rows_accepted, rows_duplicate, rows_quarantined, status from ingest_manifest"
    ) == [(4, 2, 1, 1, "staged")]


def _tables(loader):
    return {
        t: loader.query(f"select * exclude (_loaded_at) from {t} order by all")
        for t in ("raw_helpline_calls", "stg_helpline_calls_versions", "stg_helpline_calls")
    } | {
        "quarantine": loader.query(
            "select * exclude (run_id, quarantined_at) from quarantine order by all"
        )
    }


def test_the_same_files_twice_change_nothing_and_are_not_read_again(loader):
    write_csv(
        loader.exports / "helpline_calls/a.csv",
        CALL_HEADER,
        [call("C1"), call("C9", at="not a date")],
        BASE,
    )
    loader.run(run_id="r1")
    before = _tables(loader)
    raw, staged = loader.run(run_id="r2")
    assert (raw.files_read, staged.files) == (0, [])
    assert _tables(loader) == before
    # touching a file without changing its bytes reads nothing either
    os.utime(loader.exports / "helpline_calls/a.csv", (BASE + 99, BASE + 99))
    raw, _ = loader.run(run_id="r3")
    assert raw.files_read == 0
    assert _tables(loader) == before


def test_a_corrected_reexport_updates_the_record_never_duplicates_it(loader):
    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, [call("C1"), call("C2")], BASE)
    loader.run(run_id="r1")
    write_csv(
        loader.exports / "helpline_calls/b_reexport.csv",
        CALL_HEADER,
        [call("C2", status="Resolved", resolved="2020-04-01 12:00:00", rating="4")],
        BASE + 86_400,
    )
    raw, _ = loader.run(run_id="r2")
    assert raw.files_read == 1  # only the new file was read
    assert loader.query(
        "select call_id, status, feedback_rating, _file from stg_helpline_calls order by 1"
    ) == [
        ("C1", "open", None, "helpline_calls/a.csv"),
        ("C2", "resolved", 4, "helpline_calls/b_reexport.csv"),
    ]
    assert loader.query("select path, run_id from ingest_manifest order by 1") == [
        ("helpline_calls/a.csv", "r1"),
        ("helpline_calls/b_reexport.csv", "r2"),
    ]
    assert loader.query("select path from load_audit where run_id = 'r2'") == [
        ("helpline_calls/b_reexport.csv",)
    ]


def test_an_older_export_arriving_late_does_not_overwrite_a_newer_one(loader):
    write_csv(
        loader.exports / "helpline_calls/new.csv",
        CALL_HEADER,
        [call("C1", status="Resolved", resolved="2020-04-01 11:00:00")],
        BASE + 100,
    )
    loader.run(run_id="r1")
    write_csv(
        loader.exports / "helpline_calls/old.csv", CALL_HEADER, [call("C1", status="Open")], BASE
    )
    loader.run(run_id="r2")
    assert loader.query("select status from stg_helpline_calls") == [("resolved",)]


def test_a_changed_file_replaces_its_own_rows(loader):
    path = loader.exports / "helpline_calls/a.csv"
    write_csv(path, CALL_HEADER, [call("C1"), call("C2"), call("C3", district="Atlantis")], BASE)
    loader.run(run_id="r1")
    write_csv(path, CALL_HEADER, [call("C1", category="Food not received"), call("C4")], BASE + 50)
    loader.run(run_id="r2")
    assert loader.query("select call_id, category from stg_helpline_calls order by 1") == [
        ("C1", "food_not_received"),
        ("C4", "ration"),
    ]
    assert loader.query("select count(*) from quarantine") == [(0,)]
    assert loader.query("select count(*) from raw_helpline_calls") == [(2,)]


def test_a_file_missing_a_required_column_is_rejected_whole_and_the_rest_loads(loader):
    write_csv(loader.exports / "helpline_calls/good.csv", CALL_HEADER, [call("C1")], BASE)
    header = [h for h in CALL_HEADER if h != "Call Received At"]
    write_csv(
        loader.exports / "helpline_calls/bad.csv",
        header,
        [["C2", "Jhajjar", "1950", "", "Ration", "Open", "", "", "", ""]],
        BASE,
    )
    raw, staged = loader.run()
    assert (raw.files_read, raw.files_rejected) == (1, 1)
    (message,) = raw.rejections
    assert "helpline_calls/bad.csv" in message and "Call Received At" in message
    assert loader.query("select path, status from ingest_manifest order by 1") == [
        ("helpline_calls/bad.csv", "rejected"),
        ("helpline_calls/good.csv", "staged"),
    ]
    assert loader.query("select call_id from stg_helpline_calls") == [("C1",)]


def test_a_good_file_replaced_by_a_broken_one_leaves_staging(loader):
    path = loader.exports / "helpline_calls/a.csv"
    write_csv(path, CALL_HEADER, [call("C1")], BASE)
    loader.run(run_id="r1")
    path.write_bytes(b"\x00\x01garbage")
    os.utime(path, (BASE + 10, BASE + 10))
    loader.run(run_id="r2")
    assert loader.query("select count(*) from stg_helpline_calls") == [(0,)]
    assert loader.query("select status from ingest_manifest") == [("rejected",)]


def test_a_link_to_a_file_outside_the_exports_folder_is_refused(loader, tmp_path):
    outside = write_csv(tmp_path / "elsewhere.csv", CALL_HEADER, [call("C1")], BASE)
    (loader.exports / "helpline_calls").mkdir(parents=True)
    (loader.exports / "helpline_calls/link.csv").symlink_to(outside)
    raw, _ = loader.run()
    assert raw.files_rejected == 1
    assert "outside the exports folder" in raw.rejections[0]
    assert loader.query("select count(*) from raw_helpline_calls") == [(0,)]


def test_personal_fields_never_reach_the_warehouse_in_plain_text(loader):
    write_csv(
        loader.exports / "helpline_calls/a.csv",
        CALL_HEADER,
        [call("C1", mobile="9812345678"), call("C2", district="Mars", mobile="9812345679")],
        BASE,
    )
    loader.run()
    for table in (
        "raw_helpline_calls",
        "quarantine",
        "stg_helpline_calls",
        "load_audit",
        "ingest_manifest",
    ):
        dump = str(loader.query(f"select * from {table}"))
        assert "981234567" not in dump, table


def test_staging_that_fails_part_way_changes_nothing_readers_use_and_is_redone(loader, monkeypatch):
    """Files are parsed and their versions committed one at a time (memory holds one file);
    staging itself, the manifest and the load audit change only once all of them are in."""
    import pipelines.load.stage as stage

    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, [call("C1"), call("C2")], BASE)
    loader.run(run_id="r1")
    before = loader.query("select call_id, status, _file from stg_helpline_calls order by 1")
    write_csv(
        loader.exports / "helpline_calls/b.csv",
        CALL_HEADER,
        [call("C2", status="Resolved", resolved="2020-04-01 12:00:00")],
        BASE + 86_400,
    )
    write_csv(loader.exports / "helpline_calls/c.csv", CALL_HEADER, [call("C3")], BASE + 90_000)
    real = stage._stage_file

    def fail_on_c(con, source, path, *args, **kwargs):
        if path.endswith("c.csv"):
            raise OSError("disk full")
        return real(con, source, path, *args, **kwargs)

    monkeypatch.setattr(stage, "_stage_file", fail_on_c)
    try:
        loader.run(run_id="r2")
    except OSError:
        pass
    else:
        raise AssertionError("the staging step should have failed")
    assert (
        loader.query("select call_id, status, _file from stg_helpline_calls order by 1") == before
    )
    assert loader.query(
        "select path, status from ingest_manifest where path <> 'helpline_calls/a.csv' order by 1"
    ) == [("helpline_calls/b.csv", "read"), ("helpline_calls/c.csv", "read")]
    assert loader.query("select count(*) from load_audit where run_id = 'r2'") == [(0,)]

    monkeypatch.setattr(stage, "_stage_file", real)
    loader.run(run_id="r3")
    assert loader.query("select call_id, status, _file from stg_helpline_calls order by 1") == [
        ("C1", "open", "helpline_calls/a.csv"),
        ("C2", "resolved", "helpline_calls/b.csv"),
        ("C3", "open", "helpline_calls/c.csv"),
    ]
    assert loader.query(
        "select count(*), count(distinct (_file, _line)) from stg_helpline_calls_versions"
    ) == [(4, 4)]
    assert loader.query(
        "select sum(rows_read) = sum(rows_accepted + rows_duplicate + rows_quarantined) "
        "from load_audit where run_id = 'r3'"
    ) == [(True,)]


def test_staging_every_file_at_once_equals_staging_them_one_run_at_a_time(tmp_path):
    """A first load stages every record without looking keys up (all of them are touched);
    later runs look up the records their files touch. Both must keep, per record, the
    newest export: here C2 from b.csv (newer), C1 from a.csv and C3 from b.csv."""
    files = [
        ("a.csv", [call("C1"), call("C2")], BASE),
        (
            "b.csv",
            [call("C2", status="Resolved", resolved="2020-04-01 12:00:00"), call("C3")],
            BASE + 60,
        ),
    ]
    at_once = Loader(tmp_path / "once" / "exports", tmp_path / "once" / "w.duckdb")
    one_by_one = Loader(tmp_path / "apart" / "exports", tmp_path / "apart" / "w.duckdb")
    for name, rows, mtime in files:
        write_csv(at_once.exports / "helpline_calls" / name, CALL_HEADER, rows, mtime)
    at_once.run(run_id="r1")
    for i, (name, rows, mtime) in enumerate(files):
        write_csv(one_by_one.exports / "helpline_calls" / name, CALL_HEADER, rows, mtime)
        one_by_one.run(run_id=f"r{i}")
    expected = [
        ("C1", "open", "helpline_calls/a.csv"),
        ("C2", "resolved", "helpline_calls/b.csv"),
        ("C3", "open", "helpline_calls/b.csv"),
    ]
    sql = "select call_id, status, _file from stg_helpline_calls order by 1"
    assert at_once.query(sql) == one_by_one.query(sql) == expected
    everything = "select * exclude (_loaded_at) from stg_helpline_calls order by all"
    assert at_once.query(everything) == one_by_one.query(everything)
    # and the marts are told the same earliest changed day either way
    changed = "select table_name, changed_from from mart_changes order by all"
    assert at_once.query(changed) == one_by_one.query(changed)
