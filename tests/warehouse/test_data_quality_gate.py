"""The data-quality status per source × district × month (kpi_data_quality) and the gate that
reads it: a failed check flags every district whose rows break it, in the months those rows
are dated, however few examples were kept; a quarantine burst flags its month only."""

from __future__ import annotations

import duckdb
import pytest

from expectations.dq_results import write_dq_results
from expectations.failure_examples import N_EXAMPLES
from expectations.runner import validate_source
from tests.warehouse.conftest import day, ts

WEIGHTS = """
settings: {min_cases: 1, bootstrap_replicates: 20, stale_days: 7}
kpis:
  call_resolution_rate: {weight: 1, direction: higher}
"""
APRIL, MAY, JUNE = day("2020-04-01"), day("2020-05-01"), day("2020-06-01")
FIRST_DAY = day("2020-04-10")  # the total's period_start: the first day of kpi_daily
RATING = "check failed: helpline_calls.feedback_rating_in_range"


@pytest.fixture
def weights(tmp_path):
    path = tmp_path / "weights.yml"
    path.write_text(WEIGHTS)
    return path


def calls(wh, district, when, n, **extra):
    for _ in range(n):
        wh.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(when),
            category="ration",
            status="resolved",
            **extra,
        )


def validate(wh, run_id="run-1"):
    """Run the helpline suite on the mini warehouse and record it, as the checks do."""
    wh.con.close()
    wh.con = None
    results = validate_source(wh.path, "helpline_calls")
    with duckdb.connect(str(wh.path)) as con:
        write_dq_results(con, run_id, results)
    wh.reopen()
    return results


def gate(wh, grain, period_start=FIRST_DAY):
    """{district: gate reasons} of the districts that have calls."""
    rows = wh.rows(
        "select district, gate_reasons from kpi_scorecard_gate where grain = ? "
        "and period_start = ? and district in (select district from stg_helpline_calls)",
        [grain, period_start],
    )
    return dict(rows)


def quality(wh, columns, where, params):
    return wh.rows(
        f"select {columns} from kpi_data_quality where source = 'helpline_calls' and ({where}) "
        "order by all",
        params,
    )


# Eight districts call on 10 April and 10 May (3 calls each); in April seven of them have a
# rating of 9 (Jind two), which feedback_rating_in_range (1..5) refuses. May is clean.
BROKEN = ["Ambala", "Bhiwani", "Hisar", "Jind", "Karnal", "Rohtak", "Sirsa"]
CLEAN = "Panchkula"


@pytest.fixture
def failing(mini, weights):
    for district in [*BROKEN, CLEAN]:
        bad = 2 if district == "Jind" else 1 if district in BROKEN else 0
        calls(mini, district, "2020-04-10 10:00", 3 - bad)
        calls(mini, district, "2020-04-10 11:00", bad, feedback_rating=9)
        calls(mini, district, "2020-05-10 10:00", 3, feedback_rating=4)
    results = validate(mini)
    mini.build(weights=weights)
    return mini, results


def test_a_check_failing_in_more_districts_than_examples_flags_all_of_them(failing):
    mini, results = failing
    (bad,) = [r for r in results if not r.success]
    assert bad.expectation == "feedback_rating_in_range" and bad.unexpected_count == 8
    assert len(BROKEN) > N_EXAMPLES >= len(bad.examples)  # examples could not name them all
    april = gate(mini, "month", APRIL)
    assert april == {**{d: RATING for d in BROKEN}, CLEAN: ""}
    assert quality(
        mini,
        "district, failed_checks, failed_rows",
        "grain = 'month' and period_start = ? and failed_checks > 0",
        [APRIL],
    ) == [(d, 1, 2 if d == "Jind" else 1) for d in BROKEN]


def test_a_failed_check_flags_only_the_months_its_rows_are_dated_in(failing):
    mini, _ = failing
    assert gate(mini, "month", MAY) == {d: "" for d in [*BROKEN, CLEAN]}  # May is clean
    total = gate(mini, "total")  # the total spans April and May
    assert total == {**{d: RATING for d in BROKEN}, CLEAN: ""}


def test_rows_of_a_check_in_an_unknown_district_flag_no_district(failing, weights):
    mini, _ = failing
    mini.con.execute(
        "insert into dq_failures values ('run-1', 'helpline_calls', 'district_in_set', "
        "'blocking', 'Gurgaon', date '2020-05-01', 4)"
    )
    mini.con.execute(
        "update dq_results set success = false, unexpected_count = 4 "
        "where expectation = 'district_in_set'"
    )
    mini.build(weights=weights)
    assert quality(
        mini,
        "failed_check_names, failed_rows, reason",
        "grain = 'month' and period_start = ? and district is null",
        [MAY],
    ) == [("district_in_set", 4, "check failed: helpline_calls.district_in_set")]
    assert all(r == "" for r in gate(mini, "month", MAY).values())


def test_only_the_latest_run_of_a_source_counts(failing, weights):
    mini, _ = failing
    with_fix = (
        "update stg_helpline_calls_versions set feedback_rating = 5 where feedback_rating = 9"
    )
    mini.con.execute(with_fix)
    validate(mini, run_id="run-2")  # later: every check passes
    mini.build(weights=weights)
    assert gate(mini, "month", APRIL) == {d: "" for d in [*BROKEN, CLEAN]}


# Ambala and Hisar call 10 times in each of April, May and June; Ambala 20 in April.
# Quarantined: Ambala 1 row dated April   -> 1 / (1 + 20) = 4.8 %: under 5 %
#              Hisar 3 rows dated May     -> 3 / (3 + 10) = 23.1 %: flagged, May only
#              Hisar 2 rows with no date  -> the undated bucket: 2 / 2 = 100 %
#              1 row of an unknown district, dated May: no district's share
# Hisar's total: 5 quarantined / (5 + 30 staged) = 14.3 %.


@pytest.fixture
def burst(mini, weights):
    for month in ("2020-04", "2020-05", "2020-06"):
        calls(mini, "Ambala", f"{month}-10 10:00", 20 if month == "2020-04" else 10)
        calls(mini, "Hisar", f"{month}-10 10:00", 10)
    rows = [("Ambala", "2020-04-03")] + [("Hisar", "2020-05-20")] * 3 + [("Hisar", None)] * 2
    rows += [(None, "2020-05-02")]
    for line, (district, when) in enumerate(rows):
        mini.con.execute(
            "insert into quarantine (source, file, line, reason, district, event_day) "
            "values ('helpline_calls', 'h.csv', ?, 'unknown status', ?, ?)",
            [line, district, day(when) if when else None],
        )
    mini.build(weights=weights)
    return mini


def test_a_quarantine_burst_in_one_month_flags_that_month_only(burst):
    assert gate(burst, "month", APRIL) == {"Ambala": "", "Hisar": ""}
    assert gate(burst, "month", MAY) == {
        "Ambala": "",
        "Hisar": "quarantined: helpline_calls (23.1 % of 13 rows)",
    }
    assert gate(burst, "month", JUNE) == {"Ambala": "", "Hisar": ""}
    assert gate(burst, "total") == {
        "Ambala": "",
        "Hisar": "quarantined: helpline_calls (14.3 % of 35 rows)",
    }


def test_quarantined_rows_are_counted_per_month_with_an_undated_bucket(burst):
    columns = "grain, period_start, district, staged_rows, quarantined_rows, flags"
    where = "district in ('Ambala', 'Hisar') or district is null"
    assert quality(burst, columns, where, []) == [
        ("month", APRIL, "Ambala", 20, 1, []),
        ("month", APRIL, "Hisar", 10, 0, []),
        ("month", MAY, "Ambala", 10, 0, []),
        ("month", MAY, "Hisar", 10, 3, ["quarantined"]),
        ("month", MAY, None, 0, 1, ["quarantined"]),
        ("month", JUNE, "Ambala", 10, 0, []),
        ("month", JUNE, "Hisar", 10, 0, []),
        ("total", FIRST_DAY, "Ambala", 40, 1, []),
        ("total", FIRST_DAY, "Hisar", 30, 5, ["quarantined"]),
        ("total", FIRST_DAY, None, 0, 1, ["quarantined"]),
        ("undated", None, "Hisar", 0, 2, ["quarantined"]),
    ]
    # nothing dropped: every quarantined row is in exactly one month or undated bucket
    (dated,) = burst.rows(
        "select sum(quarantined_rows) from kpi_data_quality where grain in ('month', 'undated')"
    )[0]
    assert dated == 7


def test_staleness_is_kept_per_month(burst, weights):
    # Ambala stops calling after April: 30 days behind Hisar's 10 May, 61 behind 10 June.
    burst.con.execute(
        "delete from stg_helpline_calls_versions where district = 'Ambala' and call_received_at >= ?",
        [ts("2020-05-01 00:00")],
    )
    burst.build(weights=weights)
    rows = quality(
        burst,
        "grain, period_start, last_day_with_records, source_last_day, stale_days, reason",
        "district = 'Ambala'",
        [],
    )
    april_10, may_10, june_10 = day("2020-04-10"), day("2020-05-10"), day("2020-06-10")
    stale_61 = "stale: helpline_calls (no records for 61 days)"
    assert rows == [
        ("month", APRIL, april_10, april_10, 0, ""),  # 1 of 21 rows quarantined: 4.8 %
        ("month", MAY, april_10, may_10, 30, "stale: helpline_calls (no records for 30 days)"),
        ("month", JUNE, april_10, june_10, 61, stale_61),
        ("total", FIRST_DAY, april_10, june_10, 61, stale_61),
    ]
    assert gate(burst, "month", MAY)["Ambala"] == "stale: helpline_calls (no records for 30 days)"
