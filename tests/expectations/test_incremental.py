"""Validating only what changed gives the results a whole-table run gives, row for row.

Each test starts from the clean staging tables (tests/expectations/conftest.py: one export
file a source, 25 rows a district a period), validates them whole, then changes staging the
way the load path does -- a new file, records outvoted by a corrected export, a file taken
out, a file re-exported -- and validates again. Every result (verdict, count, wording,
examples, where the rows are) must equal a whole-table validation of a copy of the same
warehouse.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from expectations.runner import validate_source
from expectations.validation import FULL, INCREMENTAL, validate_or_carry_over
from tests.expectations.conftest import periods
from warehouse.sources import SOURCES, staging_columns

pytestmark = pytest.mark.slow(seconds=60)


def validate(path: Path, source: str, run_id: str):
    return validate_or_carry_over(path, source, run_id)


def comparable(results) -> list[tuple]:
    return sorted(
        (
            r.expectation,
            r.severity,
            r.success,
            r.unexpected_count,
            r.observed_value,
            tuple(r.examples),
            tuple(r.failures),
        )
        for r in results
    )


def whole_table(path: Path, source: str) -> list[tuple]:
    """A whole-table validation of a copy (so the warehouse's own state is untouched)."""
    copy = path.with_name("whole.duckdb")
    shutil.copy(path, copy)
    try:
        return comparable(validate_source(copy, source))
    finally:
        copy.unlink()


def incremental_and_exact(path: Path, source: str, run_id: str):
    """Validate; the run must be incremental and its results those of a whole-table run."""
    validation = validate(path, source, run_id)
    assert validation.mode == INCREMENTAL
    assert comparable(validation.results) == whole_table(path, source)
    return validation


def add_file(
    path: Path,
    source: str,
    file: str,
    periods_later: int,
    per_district: int = 25,
    prefix: str | None = None,
) -> None:
    """Stage a file whose rows copy the first period's, moved ``periods_later`` periods on,
    with keys of their own (``prefix``, default the file name) and ``per_district`` rows per
    district."""
    spec = SOURCES[source]
    days = periods_later * (7 if spec.event_time == "week_starting" else 1)
    columns = []
    for name, _type in staging_columns(spec):
        kind = spec.column(name).kind
        if name == spec.key:
            columns.append(f"'{prefix or file}-' || {name} as {name}")
        elif kind == "timestamp":
            columns.append(f"{name} + interval {days} day as {name}")
        elif kind == "date":
            columns.append(f"cast({name} + interval {days} day as date) as {name}")
        else:
            columns.append(name)
    event = spec.event_time
    with duckdb.connect(str(path)) as con:
        first = con.execute(f"select min(cast({event} as date)) from stg_{source}").fetchone()[0]
        con.execute(
            f"""
            insert into stg_{source}_versions by name
            select {", ".join(columns)}, ? as _file, _line, 'h-' || ? as _file_hash,
              _exported_at, _loaded_at, true as _newest
            from stg_{source}
            where cast({event} as date) = ? and _file = ?
            qualify row_number() over (partition by district order by _line) <= ?
            """,
            [file, file, first, f"{source}/export.csv", per_district],
        )


def execute(path: Path, sql: str, params: list | None = None) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(sql, params or [])


@pytest.mark.parametrize("source", ["helpline_calls", "relief_payments", "relief_beneficiaries"])
def test_a_new_period_is_validated_incrementally_with_whole_table_results(warehouse, source):
    assert validate(warehouse, source, "r1").mode == FULL
    add_file(warehouse, source, f"{source}/next.csv", periods_later=periods(SOURCES[source])[0])
    incremental_and_exact(warehouse, source, "r2")


def test_corrections_and_files_taken_out_keep_results_exact(warehouse):
    source = "helpline_calls"
    validate(warehouse, source, "r1")
    add_file(warehouse, source, "a.csv", periods_later=30)
    assert validate(warehouse, source, "r2").mode == INCREMENTAL
    # b.csv re-exports half of a.csv's calls two days later: they leave a.csv's rows
    add_file(warehouse, source, "b.csv", periods_later=32, per_district=12, prefix="a.csv")
    execute(
        warehouse,
        "delete from stg_helpline_calls_versions where _file = 'a.csv' "
        "and call_id in (select call_id from stg_helpline_calls where _file = 'b.csv')",
    )
    incremental_and_exact(warehouse, source, "r3")
    execute(
        warehouse, "delete from stg_helpline_calls_versions where _file = 'a.csv'"
    )  # rejected now
    incremental_and_exact(warehouse, source, "r4")


@pytest.mark.parametrize("source", ["helpline_calls", "relief_payments"])
def test_the_volume_rule_flags_and_clears_as_over_the_whole_table(warehouse, source):
    check = (
        "weekly_volume_vs_7week_median"
        if source == "relief_payments"
        else "daily_volume_vs_7day_median"
    )
    validate(warehouse, source, "r1")
    following = periods(SOURCES[source])[0]  # the period after the clean data's last
    # a thin next period: the latest, so not judged yet
    add_file(warehouse, source, "thin.csv", periods_later=following, per_district=1)
    incremental_and_exact(warehouse, source, "r2")
    # a normal period after it: the thin one is judged now, a drop in both districts
    add_file(warehouse, source, "after.csv", periods_later=following + 1)
    third = incremental_and_exact(warehouse, source, "r3")
    flagged = next(r for r in third.results if r.expectation == check)
    assert (flagged.success, flagged.unexpected_count) == (False, 2)
    # the thin export is re-exported whole: the drop clears
    execute(warehouse, f"delete from stg_{source}_versions where _file = 'thin.csv'")
    add_file(warehouse, source, "thin.csv", periods_later=following, prefix="thin2")
    fourth = incremental_and_exact(warehouse, source, "r4")
    cleared = next(r for r in fourth.results if r.expectation == check)
    assert cleared.success and cleared.unexpected_count == 0


def test_a_broken_new_row_is_reported_from_the_whole_table(warehouse):
    source = "helpline_calls"
    validate(warehouse, source, "r1")
    add_file(warehouse, source, "broken.csv", periods_later=30)
    execute(
        warehouse,
        "update stg_helpline_calls_versions set category = null where call_id = "
        "(select min(call_id) from stg_helpline_calls where _file = 'broken.csv')",
    )
    second = validate(warehouse, source, "r2")
    assert second.mode == FULL
    failed = {r.expectation: r.unexpected_count for r in second.results if not r.success}
    assert failed == {"category_not_null": 1}
    # mended by a corrected export: the last results failed a row check, so the next run
    # validates the whole table again ...
    execute(warehouse, "delete from stg_helpline_calls_versions where _file = 'broken.csv'")
    add_file(warehouse, source, "mended.csv", periods_later=30)
    assert validate(warehouse, source, "r3").mode == FULL
    # ... and the one after is incremental again
    add_file(warehouse, source, "later.csv", periods_later=31)
    assert validate(warehouse, source, "r4").mode == INCREMENTAL


def test_a_key_repeated_in_a_new_file_fails_uniqueness_over_the_whole_table(warehouse):
    source = "helpline_calls"
    validate(warehouse, source, "r1")
    add_file(warehouse, source, "again.csv", periods_later=30)
    execute(
        warehouse,
        "update stg_helpline_calls_versions set call_id = (select min(call_id) from stg_helpline_calls "
        "where _file = 'helpline_calls/export.csv') where call_id = "
        "(select min(call_id) from stg_helpline_calls where _file = 'again.csv')",
    )
    second = validate(warehouse, source, "r2")
    assert second.mode == FULL
    unique = next(r for r in second.results if r.expectation == "call_id_unique")
    assert (unique.success, unique.unexpected_count) == (False, 2)


def test_results_under_other_rules_are_no_start_for_an_incremental_run(warehouse):
    source = "helpline_calls"
    validate(warehouse, source, "r1")
    execute(warehouse, "update validation_files set rules_key = 'a suite edited since'")
    add_file(warehouse, source, "next.csv", periods_later=30)
    assert validate(warehouse, source, "r2").mode == FULL


def test_carried_over_results_are_a_start_for_the_next_incremental_run(warehouse):
    source = "helpline_calls"
    validate(warehouse, source, "r1")
    assert validate(warehouse, source, "r2").carried_over
    add_file(warehouse, source, "next.csv", periods_later=30)
    incremental_and_exact(warehouse, source, "r3")


def test_only_whole_table_runs_write_data_docs(warehouse, tmp_path):
    """Data Docs are GX's report of a whole-table run; an incremental run keeps the last."""
    source = "appointments"
    first = validate_or_carry_over(warehouse, source, "r1", data_docs_dir=tmp_path / "docs1")
    assert first.mode == FULL and (tmp_path / "docs1" / source / "index.html").exists()
    add_file(warehouse, source, "next.csv", periods_later=periods(SOURCES[source])[0])
    second = validate_or_carry_over(warehouse, source, "r2", data_docs_dir=tmp_path / "docs2")
    assert second.mode == INCREMENTAL and not (tmp_path / "docs2").exists()
