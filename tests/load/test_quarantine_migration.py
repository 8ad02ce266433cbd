"""A warehouse whose quarantine was made with row_json: the column goes, district and
event_day come, and the next staging run derives the old files' quarantine rows again."""

from __future__ import annotations

import duckdb

from tests.load.conftest import CALL_HEADER, call, write_csv

BASE = 1_590_000_000


def test_an_old_quarantine_loses_row_json_and_is_derived_again(loader):
    write_csv(
        loader.exports / "helpline_calls/a.csv",
        CALL_HEADER,
        [call("C1"), call("C2", at="31/31/2020 10:00")],
        BASE,
    )
    loader.run(run_id="r1")
    # Make it look like a warehouse of the previous version: row_json back, the new
    # columns gone, the old row's row_json holding the rejected row in clear.
    with duckdb.connect(str(loader.db)) as con:
        con.execute("alter table quarantine drop column district")
        con.execute("alter table quarantine drop column event_day")
        con.execute("alter table quarantine add column row_json varchar")
        con.execute("""update quarantine set row_json = '{"caller_mobile": "9876543210"}'""")

    raw, staged = loader.run(run_id="r2")
    assert raw.files_read == 0  # the file did not change: not read again
    assert [f.path for f in staged.files] == ["helpline_calls/a.csv"]  # but staged again
    columns = [r[0] for r in loader.query("select column_name from (describe quarantine)")]
    assert "row_json" not in columns and {"district", "event_day"} <= set(columns)
    assert loader.query(
        "select record_id, reason, column_name, detail, district, event_day from quarantine"
    ) == [("C2", "unparseable date", "call_received_at", "31/31/2020 10:00", "Jhajjar", None)]
    assert loader.query("select call_id from stg_helpline_calls") == [("C1",)]
    assert loader.query("select status from ingest_manifest") == [("staged",)]

    # Once migrated, a run changes nothing and stages nothing.
    _, staged = loader.run(run_id="r3")
    assert staged.files == []


def test_a_new_warehouse_has_no_row_json(loader):
    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, [call("C1")], BASE)
    loader.run()
    columns = loader.query("select column_name, column_type from (describe quarantine)")
    assert ("district", "VARCHAR") in columns and ("event_day", "DATE") in columns
    assert "row_json" not in {c for c, _ in columns}
