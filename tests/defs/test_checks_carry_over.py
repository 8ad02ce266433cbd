"""Validation results carry over only when nothing they depend on changed: the suite file, the
reference files, the staged data (and the code); a check that reads the clock and failed is
always run again. Published Data Docs of sources not validated again survive the swap."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pytest

from expectations import catalog, inputs
from expectations.validation import validate_or_carry_over
from pipelines.publication import publish_data_docs
from tests.expectations.conftest import fill_clean
from warehouse.districts import REFERENCE_CSV
from warehouse.schema import create_load_tables

SOURCE = "helpline_calls"
FIRST_CALL = "(select min(call_id) from stg_helpline_calls)"  # Ambala, 6 April 2020


@pytest.fixture
def warehouse(tmp_path):
    """Clean helpline calls (tests/expectations/conftest.py) with one rating of 9."""
    path = tmp_path / "jansewa.duckdb"
    with duckdb.connect(str(path)) as con:
        create_load_tables(con)
        fill_clean(con, SOURCE)
        con.execute(
            f"update stg_helpline_calls_versions set feedback_rating = 9 where call_id = {FIRST_CALL}"
        )
    return path


def run(path, run_id):
    return validate_or_carry_over(path, SOURCE, run_id)


def summary(results) -> set[tuple]:
    return {(r.expectation, r.success, r.unexpected_count, tuple(r.failures)) for r in results}


def execute(path, sql: str) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(sql)


def recorded(path, table: str, run_id: str) -> list[tuple]:
    with duckdb.connect(str(path)) as con:
        return con.execute(
            f"select * exclude (run_id) from {table} where run_id = ? order by all", [run_id]
        ).fetchall()


def test_unchanged_inputs_carry_results_and_failures_over(warehouse):
    first = run(warehouse, "r1")
    assert not first.carried_over
    (bad,) = [r for r in first.results if not r.success]
    assert bad.expectation == "feedback_rating_in_range" and bad.unexpected_count == 1
    second = run(warehouse, "r2")
    assert second.carried_over and second.inputs_key == first.inputs_key
    assert summary(second.results) == summary(first.results)
    # the new run's record is complete: every result, the key, where the failure is
    assert recorded(warehouse, "dq_failures", "r2") == recorded(warehouse, "dq_failures", "r1")
    assert recorded(warehouse, "dq_failures", "r2") == [
        ("helpline_calls", "feedback_rating_in_range", "blocking", "Ambala", dt.date(2020, 4, 1), 1)
    ]
    keys = {r[-1] for r in recorded(warehouse, "dq_results", "r2")}
    assert keys == {first.inputs_key}


def test_an_edited_suite_threshold_runs_the_suite_again(warehouse, tmp_path, monkeypatch):
    suites = tmp_path / "suites"
    shutil.copytree(catalog.SUITES_DIR, suites)
    monkeypatch.setattr(catalog, "SUITES_DIR", suites)
    assert not run(warehouse, "r1").carried_over
    assert run(warehouse, "r2").carried_over
    path = suites / f"{SOURCE}.json"
    suite = json.loads(path.read_text())
    (rating,) = [
        e for e in suite["expectations"] if e["meta"]["check"] == "feedback_rating_in_range"
    ]
    rating["kwargs"]["max_value"] = 3
    path.write_text(json.dumps(suite, indent=2))
    third = run(warehouse, "r3")
    assert not third.carried_over
    (bad,) = [r for r in third.results if not r.success]
    # Clean ratings are 1 + i % 5 for calls i = 1..1,500 (300 of each); the first call's 2
    # became 9: above 3 are the 300 fours, the 300 fives and the 9.
    assert bad.expectation == "feedback_rating_in_range" and bad.unexpected_count == 601
    assert sum(f.rows for f in bad.failures) == 601
    assert run(warehouse, "r4").carried_over


def test_an_edited_reference_file_runs_the_suite_again(warehouse, tmp_path, monkeypatch):
    districts = tmp_path / "districts.csv"
    shutil.copy(REFERENCE_CSV, districts)
    monkeypatch.setattr(inputs, "REFERENCE_FILES", (districts,))
    assert not run(warehouse, "r1").carried_over
    assert run(warehouse, "r2").carried_over
    districts.write_text(districts.read_text().replace("Gurugram", "Gurgaon", 1))
    assert not run(warehouse, "r3").carried_over
    assert run(warehouse, "r4").carried_over


def test_a_changed_staging_table_runs_the_suite_again(warehouse):
    assert not run(warehouse, "r1").carried_over
    # A new export staged: its rows come from another file.
    execute(
        warehouse,
        "insert into stg_helpline_calls_versions by name "
        "select * replace ('NEW-' || call_id as call_id, "
        "'helpline_calls/new.csv' as _file, 'h2' as _file_hash), true as _newest "
        "from stg_helpline_calls where district = 'Hisar' limit 3",
    )
    assert not run(warehouse, "r2").carried_over
    assert run(warehouse, "r3").carried_over
    # The same file exported again with other bytes (a new content hash).
    execute(
        warehouse,
        "update stg_helpline_calls_versions set _file_hash = 'h3' where _file_hash = 'h2'",
    )
    assert not run(warehouse, "r4").carried_over


def test_rows_in_the_future_are_never_carried_over(warehouse):
    execute(
        warehouse,
        "update stg_helpline_calls_versions set resolved_at = now()::timestamp + interval 30 day "
        f"where call_id = {FIRST_CALL}",
    )
    first = run(warehouse, "r1")
    assert "resolved_at_not_in_future" in {r.expectation for r in first.results if not r.success}
    assert not run(warehouse, "r2").carried_over  # tomorrow the same row may be in the past


def test_a_failed_volume_rule_carries_over_though_it_reads_the_clock(warehouse):
    # No call of Ambala's on 20 April (25 a day before): a missing export stays missing.
    execute(
        warehouse,
        "delete from stg_helpline_calls_versions where district = 'Ambala' "
        "and cast(call_received_at as date) = date '2020-04-20'",
    )
    first = run(warehouse, "r1")
    assert {r.expectation for r in first.results if not r.success} == {
        "daily_volume_vs_7day_median",
        "feedback_rating_in_range",
    }
    assert run(warehouse, "r2").carried_over


def test_docs_of_sources_not_validated_again_survive_the_swap(tmp_path):
    wh = tmp_path / "wh.duckdb"
    for source, text in (("grievances", "old grievances"), ("appointments", "old appointments")):
        (tmp_path / "data_docs" / source).mkdir(parents=True)
        (tmp_path / "data_docs" / source / "index.html").write_text(text)
    (tmp_path / "data_docs.pending" / "grievances").mkdir(parents=True)
    (tmp_path / "data_docs.pending" / "grievances" / "index.html").write_text("new grievances")
    live = publish_data_docs(wh)
    assert (live / "grievances" / "index.html").read_text() == "new grievances"
    assert (live / "appointments" / "index.html").read_text() == "old appointments"
    index = (live / "index.html").read_text()
    assert "appointments/index.html" in index and "grievances/index.html" in index
