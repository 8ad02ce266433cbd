"""The runner on the small warehouse: clean data passes; each broken rule fails exactly its
check, and says where its rows are (district and month), adding up to its count."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from expectations.dq_results import write_dq_results
from expectations.runner import Batch, validate_batches, validate_source, validate_sources
from tests.expectations.conftest import execute
from warehouse.sources import SOURCES


def failed(results) -> set[str]:
    return {r.expectation for r in results if not r.success}


def test_clean_data_passes_every_expectation_of_every_suite(clean_warehouse):
    results = validate_sources(clean_warehouse)
    assert set(results) == set(SOURCES)
    for source, rows in results.items():
        assert rows, source
        assert failed(rows) == set(), (source, [r for r in rows if not r.success])
        assert all(r.unexpected_count == 0 for r in rows), source
        assert all(r.failures == [] for r in rows), source


def where(result) -> list[tuple]:
    """(district, month, rows) of a failed result's breakdown."""
    return [(f.district, f.period_start, f.rows) for f in result.failures]


APRIL = dt.date(2020, 4, 1)
MAY = dt.date(2020, 5, 1)
# The first call (FIRST_CALL) is Ambala's first of 6 April 2020 (tests/expectations/conftest.py).
FIRST_CALL_WHERE = [("Ambala", APRIL, 1)]
FIRST_CALL = "(select min(call_id) from stg_helpline_calls)"

BROKEN = {
    "null required": (
        "update stg_helpline_calls_versions set category = null where call_id = " + FIRST_CALL,
        {"category_not_null"},
        FIRST_CALL_WHERE,
    ),
    "duplicate key": (
        "insert into stg_helpline_calls_versions by name "
        "select * replace (_line + 100000 as _line), true as _newest "
        "from stg_helpline_calls where call_id = " + FIRST_CALL,
        {"call_id_unique"},
        [("Ambala", APRIL, 2)],  # both copies, as GX counts duplicates
    ),
    "unknown district": (
        "update stg_helpline_calls_versions set district = 'Gurgaon' where call_id = " + FIRST_CALL,
        {"district_in_set"},
        [("Gurgaon", APRIL, 1)],  # the district as staged
    ),
    "unknown status": (
        "update stg_helpline_calls_versions set status = 'pending' where call_id = " + FIRST_CALL,
        {"status_in_set"},
        FIRST_CALL_WHERE,
    ),
    "rating 9": (
        "update stg_helpline_calls_versions set feedback_rating = 9 where call_id = " + FIRST_CALL,
        {"feedback_rating_in_range"},
        FIRST_CALL_WHERE,
    ),
    "timestamp in 2014": (
        "update stg_helpline_calls_versions set call_received_at = timestamp '2014-12-31 10:00' where call_id = "
        + FIRST_CALL,
        {"call_received_at_not_before_2015"},
        [("Ambala", dt.date(2014, 12, 1), 1)],  # dated by its (wrong) event time
    ),
    "timestamp in the future": (
        "update stg_helpline_calls_versions set call_received_at = now()::timestamp + interval 30 day, "
        "resolved_at = null, food_delivered_at = null, answered_at = null, "
        "call_ended_at = null, abandoned = null where call_id = " + FIRST_CALL,
        {"call_received_at_not_in_future"},
        None,  # next month or the one after: checked below
    ),
    "completion before start": (
        "update stg_helpline_calls_versions set resolved_at = call_received_at - interval 1 hour where call_id = "
        + FIRST_CALL,
        {"resolved_at_not_before_call_received_at"},
        FIRST_CALL_WHERE,
    ),
    "volume drop": (
        "delete from stg_helpline_calls_versions where district = 'Ambala' "
        "and cast(call_received_at as date) = date '2020-04-20'",
        {"daily_volume_vs_7day_median"},
        [("Ambala", APRIL, 1)],  # one district-day: 20 April
    ),
    "volume spike": (
        "insert into stg_helpline_calls_versions by name "
        "select s.* replace ('SPIKE-' || s.call_id || '-' || r.range as call_id), true as _newest "
        "from stg_helpline_calls as s, range(12) as r "
        "where s.district = 'Hisar' and cast(s.call_received_at as date) = date '2020-04-25'",
        {"daily_volume_vs_7day_median"},
        [("Hisar", APRIL, 1)],  # one district-day: 25 April
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_helpline_table_fails_exactly_its_check(warehouse, case):
    sql, expected, breakdown = BROKEN[case]
    execute(warehouse, sql)
    results = validate_source(warehouse, "helpline_calls")
    assert failed(results) == expected
    (bad,) = [r for r in results if not r.success]
    assert bad.unexpected_count and bad.unexpected_count >= 1
    assert bad.examples, bad
    assert sum(f.rows for f in bad.failures) == bad.unexpected_count
    if breakdown is None:  # 30 days from now: this month's successor or the one after
        ((district, month, rows),) = where(bad)
        assert (district, rows) == ("Ambala", 1) and month > dt.date.today().replace(day=1)
    else:
        assert where(bad) == breakdown
    # Asked for verdicts only (the incremental run's changed rows), GX gives the same ones.
    (verdicts,) = validate_batches(warehouse, [Batch("helpline_calls", verdict_only=True)])
    assert [(r.expectation, r.success) for r in verdicts] == [
        (r.expectation, r.success) for r in results
    ]
    assert all(r.unexpected_count is None and not r.examples for r in verdicts)


def test_amount_not_a_multiple_of_1000_is_a_warning(warehouse):
    execute(
        warehouse,
        "update stg_relief_payments_versions set amount = 1500 where payment_id = (select min(payment_id) from stg_relief_payments)",
    )
    results = validate_source(warehouse, "relief_payments")
    assert failed(results) == {"amount_multiple_of_1000"}
    (bad,) = [r for r in results if not r.success]
    assert bad.severity == "warning" and bad.unexpected_count == 1
    assert "amount=1500.0" in bad.examples[0]


def test_a_weekly_source_is_judged_by_week(warehouse):
    execute(
        warehouse,
        "delete from stg_relief_payments_versions where district = 'Hisar' and week_starting = date '2020-05-25'",
    )
    assert failed(validate_source(warehouse, "relief_payments")) == {
        "weekly_volume_vs_7week_median"
    }


def test_dates_against_timestamps_compare_calendar_days(warehouse):
    execute(
        warehouse,
        "update stg_service_transactions_versions set delivered_on = cast(token_issued_at as date)",
    )
    assert failed(validate_source(warehouse, "service_transactions")) == set()
    execute(
        warehouse,
        "update stg_service_transactions_versions set delivered_on = cast(token_issued_at as date) - 1 where token_no = (select min(token_no) from stg_service_transactions)",
    )
    assert failed(validate_source(warehouse, "service_transactions")) == {
        "delivered_on_not_before_token_issued_at"
    }


def test_a_date_in_the_future_fails(warehouse):
    execute(
        warehouse,
        "update stg_eoffice_files_versions set closed_on = current_date + 40 where file_no = (select min(file_no) from stg_eoffice_files)",
    )
    assert failed(validate_source(warehouse, "eoffice_files")) == {"closed_on_not_in_future"}


def test_personal_key_duplicates_are_reported_without_the_hash(warehouse):
    con = duckdb.connect(str(warehouse))
    try:
        (hashed,) = con.execute(
            "select min(beneficiary_id) from stg_relief_beneficiaries"
        ).fetchone()
        con.execute(
            "update stg_relief_beneficiaries_versions set beneficiary_id = ? where beneficiary_id = (select max(beneficiary_id) from stg_relief_beneficiaries)",
            [hashed],
        )
        con.execute(
            "update stg_relief_beneficiaries_versions set beneficiary_id = null where beneficiary_id = (select max(beneficiary_id) from stg_relief_beneficiaries)"
        )
    finally:
        con.close()
    results = validate_source(warehouse, "relief_beneficiaries")
    assert failed(results) == {"beneficiary_id_unique", "beneficiary_id_not_null"}
    text = json.dumps([dataclasses.asdict(r) for r in results], default=str)
    assert hashed not in text
    unique = next(r for r in results if r.expectation == "beneficiary_id_unique")
    assert unique.unexpected_count == 2 and all("file=" in e for e in unique.examples)
    # The first record (Ambala, 6 April) and the last but one (Hisar, 5 May) share the id;
    # the query selects no event time: each row is dated by its staged row.
    assert where(unique) == [("Ambala", APRIL, 1), ("Hisar", MAY, 1)]
    missing = next(r for r in results if r.expectation == "beneficiary_id_not_null")
    assert where(missing) == [("Hisar", MAY, 1)]


def test_every_connection_is_released(warehouse, tmp_path):
    validate_sources(warehouse, ["helpline_calls", "grievances"], data_docs_dir=tmp_path / "docs")
    target = os.path.realpath(warehouse)
    fds = Path("/proc/self/fd")
    if fds.exists():
        open_files = {os.path.realpath(p) for p in fds.iterdir() if p.exists()}
        assert target not in open_files
    # Another process can open the file for writing (DuckDB admits one writer process).
    code = f"import duckdb; duckdb.connect({str(warehouse)!r}).execute('select 1').fetchall()"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
    assert (tmp_path / "docs" / "index.html").exists()
    assert (tmp_path / "docs" / "helpline_calls" / "index.html").exists()


def test_dq_results_append_per_run_and_replace_within_a_run(warehouse):
    execute(
        warehouse,
        "update stg_helpline_calls_versions set feedback_rating = 9 where call_id = " + FIRST_CALL,
    )
    results = validate_source(warehouse, "helpline_calls")
    con = duckdb.connect(str(warehouse))
    try:
        write_dq_results(con, "run-1", results)
        write_dq_results(con, "run-1", results)  # a retried check does not double up
        write_dq_results(con, "run-2", results)
        rows = con.execute(
            "select run_id, count(*), count(*) filter (where not success) from dq_results group by 1 order by 1"
        ).fetchall()
        (examples,) = con.execute(
            "select examples from dq_results where run_id = 'run-2' and expectation = 'feedback_rating_in_range'"
        ).fetchone()
        failures = con.execute("select * from dq_failures order by run_id").fetchall()
    finally:
        con.close()
    assert rows == [("run-1", len(results), 1), ("run-2", len(results), 1)]
    assert json.loads(examples) == ["9"]
    assert failures == [
        (run, "helpline_calls", "feedback_rating_in_range", "blocking", "Ambala", APRIL, 1)
        for run in ("run-1", "run-2")
    ]


def test_relative_paths_work_as_make_demo_passes_them(tmp_path, monkeypatch):
    """`make demo` gives data/warehouse/jansewa.duckdb: GX's docs store needs it absolute."""
    import duckdb

    from warehouse.schema import create_load_tables

    (tmp_path / "wh").mkdir()
    with duckdb.connect(str(tmp_path / "wh" / "jansewa.duckdb")) as con:
        create_load_tables(con)
    monkeypatch.chdir(tmp_path)
    results = validate_source(Path("wh/jansewa.duckdb"), "appointments", Path("wh/docs"))
    assert results and all(r.success for r in results if "volume" not in r.expectation)
    assert (tmp_path / "wh" / "docs" / "appointments" / "index.html").exists()
