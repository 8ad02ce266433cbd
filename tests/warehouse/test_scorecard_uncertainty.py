"""The defensible scorecard (issue 11), on data small enough to work out by hand: Wilson
intervals against published values, too few cases, the bootstrap's rank ranges and ties,
the data-quality gate, replay and gaming cross-checks. Themes, sensitivity, attribution,
targets and per capita: test_scorecard_defensible.py."""

from __future__ import annotations

import numpy as np
import pytest

from jansewa.cli import main
from tests.warehouse.conftest import day, ts
from tests.warehouse.four_districts import (
    AS_OF,
    WEIGHTS,
    april,
    build_four,
    calls,
    grievances,
    write_weights,
)
from warehouse.reference_files import file_sha256
from warehouse.scorecard import published_scorecard, record_published_scorecard
from warehouse.snapshot import connect_snapshot
from warehouse.wilson import wilson_interval


@pytest.fixture
def weights(tmp_path):
    return write_weights(tmp_path)


@pytest.fixture
def four(mini, weights):
    return build_four(mini, weights)


# 5. Uncertainty: Wilson, too few cases, bootstrap ----------------------------------------


def test_wilson_intervals_match_published_values():
    """Newcombe R.G. (1998), Two-sided confidence intervals for the single proportion:
    comparison of seven methods, Statistics in Medicine 17:857-872, Table I, method 3 (the
    Wilson 1927 score interval without continuity correction)."""
    count = np.array([81, 15, 0, 1])
    nobs = np.array([263, 148, 20, 29])
    low, high = wilson_interval(count, nobs)
    assert np.round(low, 4).tolist() == [0.2553, 0.0624, 0.0, 0.0061]
    assert np.round(high, 4).tolist() == [0.3662, 0.1605, 0.1611, 0.1718]
    low, high = wilson_interval(np.array([1, 3]), np.array([0, np.nan]))
    assert np.isnan(low).all() and np.isnan(high).all()  # no denominator: no interval


def test_wilson_intervals_equal_statsmodels_everywhere():
    """The closed form against statsmodels' implementation, over every count of small and
    large denominators (0 and n included, where a careless form divides by zero)."""
    from statsmodels.stats.proportion import proportion_confint

    nobs = np.concatenate([np.full(31, 30), np.full(11, 1_03_515), [1, 2, 7]])
    count = np.concatenate([np.arange(31), np.linspace(0, 1_03_515, 11).round(), [0, 2, 3]])
    low, high = wilson_interval(count, nobs)
    expected_low, expected_high = proportion_confint(count, nobs, alpha=0.05, method="wilson")
    assert np.allclose(low, expected_low, rtol=0, atol=1e-12)
    assert np.allclose(high, expected_high, rtol=0, atol=1e-12)


def test_kpi_values_carry_wilson_intervals_for_proportions_only(four):
    row = four.rows(
        "select numerator, denominator, ci_low, ci_high from kpi_values where grain = 'month' "
        "and district = 'Sirsa' and kpi = 'call_resolution_rate' and period_start = ?",
        [day("2020-04-01")],
    )[0]
    low, high = wilson_interval(np.array([3]), np.array([4]))
    assert row[:2] == (3, 4) and row[2:] == pytest.approx((low[0], high[0]))
    assert row[2] == pytest.approx(0.3006, abs=1e-4)  # Wilson 3/4: (0.3006, 0.9544)
    counts = four.rows(
        "select count(*) from kpi_values where kpi = 'calls_received' and ci_low is not null"
    )
    assert counts == [(0,)]


def test_too_few_cases_left_out_of_the_composite(mini, tmp_path):
    weights = tmp_path / "w.yml"
    weights.write_text(WEIGHTS.replace("min_cases: 1", "min_cases: 4"))
    calls(mini, "Ambala", "2020-04-10 10:00", 4, 0)
    calls(mini, "Hisar", "2020-04-10 10:00", 1, 1)  # 2 calls < 4
    grievances(mini, "Ambala", "2020-04-10 10:00", disposed=2, pending=2)
    grievances(mini, "Hisar", "2020-04-10 10:00", disposed=4)
    mini.build(as_of=AS_OF, weights=weights)
    component = mini.rows(
        "select value, scaled_score, too_few_cases from kpi_scorecard_components "
        "where grain = 'month' and district = 'Hisar' and kpi = 'call_resolution_rate'"
    )
    assert component == [(0.5, None, True)]
    card = april(mini, "kpi_scorecard", "composite_index, kpis_too_few", "and kpis_scored > 0")
    # Hisar's composite: grievance KPIs only (100 each); Ambala: resolution alone scaled
    # (only district) 100, grievances 0 -> (300 + 0 + 0) / 4 = 75.
    assert card == {"Hisar": (100.0, "call_resolution_rate"), "Ambala": (75.0, "")}


def test_bootstrap_rank_ranges_and_ties(mini, tmp_path):
    weights = tmp_path / "w.yml"
    weights.write_text(
        "settings: {bootstrap_replicates: 300, bootstrap_seed: 7}\n"
        "kpis:\n  call_resolution_rate: {weight: 1, direction: higher}\n"
    )
    for d in range(1, 21):
        when = f"2020-04-{d:02d} 10:00"
        calls(mini, "Rohtak", when, 1, 0)  # always 1.0: always first
        calls(mini, "Karnal", when, 0, 1)  # always 0.0: always last
        calls(mini, "Ambala", when, d % 2, 1 - d % 2)  # 0.5 from alternating days
        calls(mini, "Hisar", when, int(d % 5 in (1, 2, 3)), int(d % 5 not in (1, 2, 3)))  # 0.6
    mini.build(as_of=AS_OF, weights=weights)  # April final: its calls have had 7 days
    ranges = april(
        mini, "kpi_scorecard_rank_ranges", "computed_rank, rank_low, rank_high, tied_with"
    )
    assert ranges["Rohtak"] == (1, 1, 1, "")
    assert ranges["Karnal"] == (4, 4, 4, "")
    # Ambala (0.5) and Hisar (0.6) swap places in some resamples of their days: tied.
    assert ranges["Hisar"][:2] == (2, 2) and ranges["Hisar"][3] == "Ambala"
    assert ranges["Ambala"][0] == 3 and ranges["Ambala"][3] == "Hisar"
    assert ranges["Ambala"][1] <= 2 <= 3 <= ranges["Ambala"][2]
    # Seeded: the same file gives the same ranges.
    first = mini.rows("select * from kpi_scorecard_rank_ranges order by all")
    mini.build(as_of=AS_OF, weights=weights)
    assert mini.rows("select * from kpi_scorecard_rank_ranges order by all") == first


# 6. Data-quality gate ------------------------------------------------------------------------


def gated(mini, tmp_path, withhold):
    weights = tmp_path / "w.yml"
    weights.write_text(
        f"settings: {{stale_days: 7, withhold_flagged_ranks: {withhold}}}\n"
        "kpis:\n  call_resolution_rate: {weight: 1, direction: higher}\n"
    )
    for d in range(1, 31):
        calls(mini, "Ambala", f"2020-04-{d:02d} 10:00", 1, 0)
        if d <= 10:
            calls(mini, "Hisar", f"2020-04-{d:02d} 10:00", 1, 1)
    mini.build(as_of=AS_OF, weights=weights)  # April final: its calls have had 7 days
    return april(mini, "kpi_scorecard", "gate_flagged, gate_reasons, composite_rank")


def test_gate_flags_a_district_with_a_stale_source(mini, tmp_path):
    card = gated(mini, tmp_path, withhold=0)
    # Hisar's last call is on 10 April, the state's on 30 April: 20 days > 7.
    assert card["Hisar"] == (True, "stale: helpline_calls (no records for 20 days)", 2)
    assert card["Ambala"] == (False, "", 1)
    assert card["Sirsa"][:2] == (True, "stale: helpline_calls (no records)")


def test_gate_can_withhold_flagged_ranks(mini, tmp_path):
    card = gated(mini, tmp_path, withhold=1)
    assert card["Hisar"][2] is None and card["Ambala"][2] == 1


def test_gate_quarantine_share_and_failed_check(mini, tmp_path, weights):
    calls(mini, "Ambala", "2020-04-10 10:00", 10, 0)
    calls(mini, "Hisar", "2020-04-10 10:00", 10, 0)
    for line in range(2):  # 2 of Hisar's 12 April rows quarantined (16.7 % > 5 %)
        mini.con.execute(
            "insert into quarantine (source, file, line, reason, district, event_day) values "
            "('helpline_calls', 'f.csv', ?, 'unknown status', 'Hisar', date '2020-04-10')",
            [line],
        )
    mini.build(weights=weights)  # creates dq_results and dq_failures when the warehouse has none
    mini.con.execute(
        "insert into dq_results (run_id, source, expectation, severity, success, "
        "unexpected_count, observed_value, examples, validated_at) values ('run-1', "
        "'grievances', 'status_in_set', 'warning', false, 1, '1', '[]', '2020-06-01')"
    )
    mini.con.execute(
        "insert into dq_failures values ('run-1', 'grievances', 'status_in_set', 'warning', "
        "'Ambala', date '2020-04-01', 1)"
    )
    grievances(mini, "Ambala", "2020-04-10 10:00", disposed=1)
    grievances(mini, "Hisar", "2020-04-10 10:00", disposed=1)
    mini.build(weights=weights)
    card = april(mini, "kpi_scorecard", "gate_reasons")
    assert card["Hisar"] == ("quarantined: helpline_calls (16.7 % of 12 rows)",)
    assert card["Ambala"] == ("check failed: grievances.status_in_set",)


# 9. Replay ---------------------------------------------------------------------------------


def test_replay_returns_first_published_ranks_after_late_data(four, weights, capsys):
    # The data reach 10 May: April is complete (30 April <= 10 May), May is in progress.
    assert record_published_scorecard(four.con, "snap-1", "v1") == 22
    calls(four, "Hisar", "2020-05-31 10:00", 0, 1)  # the data now reach 31 May
    four.build(as_of=AS_OF, weights=weights)
    assert record_published_scorecard(four.con, "snap-2", "v2") == 22  # May, once complete
    first = four.rows(
        "select district, composite_rank from kpi_scorecard where grain = 'month' "
        "and period_start = ? and composite_rank is not null order by district",
        [day("2020-04-01")],
    )
    # Late April data: Hisar resolves 40 calls; its live April rank moves up.
    calls(four, "Hisar", "2020-04-20 10:00", 40, 0)
    four.build(as_of=AS_OF, weights=weights)
    live = four.rows(
        "select district, composite_rank from kpi_scorecard where grain = 'month' "
        "and period_start = ? and composite_rank is not null order by district",
        [day("2020-04-01")],
    )
    assert live != first
    assert record_published_scorecard(four.con, "snap-3", "v3") == 0
    four.publish()

    published = published_scorecard(four.path, "2020-04")
    ranked = published.filter(published["composite_rank"].is_not_null())
    assert sorted(zip(ranked["district"], ranked["composite_rank"], strict=True)) == first
    row = ranked.row(0, named=True)
    assert row["snapshot_id"] == "snap-1" and row["code_version"] == "v1"
    assert row["weights_hash"] == file_sha256(weights)
    assert row["targets_hash"] == file_sha256(
        __import__("warehouse.build", fromlist=["KPI_TARGETS"]).KPI_TARGETS
    )
    assert {"rank_low", "rank_high", "tied_with", "gate_flagged", "division_rank"} <= set(
        published.columns
    )
    assert main(["scorecard", "--period", "2020-04", "--warehouse", str(four.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("2020-04,Ambala,87.5,1,")  # the first-published April leader
    with connect_snapshot(four.path) as con:
        assert con.sql("select count(*) from scorecard_history").fetchall()[0][0] == 44


# 10. Gaming cross-checks ------------------------------------------------------------------


def test_gaming_flags_on_a_crafted_export_not_on_a_clean_one(mini, tmp_path):
    weights = tmp_path / "w.yml"
    weights.write_text(
        "settings: {min_cases: 10}\nkpis:\n  grievance_disposal_rate: {weight: 1, direction: higher}\n"
    )
    for i in range(30):
        # Gamed Ambala: every disposal in the last three days of April, rated 1 by the citizen;
        # 10 more reopened; food "delivered" in 30 min but rated 1 by the caller.
        grievances(
            mini,
            "Ambala",
            f"2020-04-{1 + i % 20:02d} 10:00",
            disposed=1,
            disposed_on=ts(f"2020-04-{28 + i % 3} 17:00"),
            citizen_rating=1,
        )
        # Clean Hisar: disposals spread over the month, rated 4-5; no reopened; food rated 5.
        grievances(
            mini,
            "Hisar",
            f"2020-04-{1 + i % 20:02d} 10:00",
            disposed=1,
            disposed_on=ts(f"2020-04-{1 + i % 27:02d} 17:00"),
            citizen_rating=4 + i % 2,
        )
        for district, rating in (("Ambala", 1), ("Hisar", 5)):
            mini.add(
                "helpline_calls",
                district=district,
                call_received_at=ts("2020-04-10 10:00"),
                category="food_not_received",
                status="resolved",
                resolved_at=ts("2020-04-10 10:30"),
                food_delivered_at=ts("2020-04-10 10:30"),
                feedback_rating=rating,
            )
    for _ in range(10):
        mini.add(
            "grievances",
            district="Ambala",
            channel="cm_window",
            department="D",
            received_on=ts("2020-04-05 10:00"),
            status="reopened",
        )
    mini.build(weights=weights)
    flags = {
        (r[0], r[1]): r[2:]
        for r in mini.rows(
            "select district, check_name, numerator, denominator, flagged from kpi_gaming_flags "
            "where period_start = ?",
            [day("2020-04-01")],
        )
    }
    assert flags[("Ambala", "low_rated_disposed")] == (30, 30, True)
    assert flags[("Ambala", "month_end_closures")] == (30, 30, True)
    assert flags[("Ambala", "reopened_share")] == (10, 40, True)  # 25 % > 10 %
    assert flags[("Ambala", "food_2h_low_rated")] == (30, 30, True)
    # Hisar: disposals on 1-27 April, none in the last three days.
    assert flags[("Hisar", "month_end_closures")] == (0, 30, False)
    for check in ("low_rated_disposed", "reopened_share", "food_2h_low_rated"):
        assert flags[("Hisar", check)][2] is False
