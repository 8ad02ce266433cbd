"""The defensible scorecard (issue 11), each part on data small enough to work out by hand:
themes, peer groups, delta ranking, sensitivity and Kendall's tau on four districts; Wilson
intervals against published values; targets; per capita; too few cases; the bootstrap's
rank ranges and ties; the data-quality gate; attribution; replay; gaming cross-checks."""

from __future__ import annotations

import numpy as np
import pytest

from jansewa.cli import main
from tests.warehouse.conftest import day, ts
from warehouse.reference_files import file_sha256
from warehouse.scorecard import published_scorecard, record_published_scorecard
from warehouse.snapshot import connect_snapshot
from warehouse.wilson import wilson_interval

AS_OF = day("2020-07-31")  # every pending grievance of April and May is over 30 days old

# Two themes: helpline (one KPI, theme weight 3) and grievances (two KPIs, theme weight 1).
# Effective weights, reviewed: resolution 3, disposal 0.5, pending share 0.5;
# equal: 1, 1, 1; theme-equal (themes equal, KPIs equal within a theme): 1, 0.5, 0.5.
WEIGHTS = """
settings: {min_cases: 1, bootstrap_replicates: 60, sensitivity_rank_spread: 2}
themes:
  helpline: {weight: 3, kpis: [call_resolution_rate]}
  grievances: {weight: 1, kpis: [grievance_disposal_rate, grievance_pending_over_30d_share]}
kpis:
  call_resolution_rate: {weight: 1, direction: higher}
  grievance_disposal_rate: {weight: 1, direction: higher}
  grievance_pending_over_30d_share: {weight: 1, direction: lower}
"""


def calls(wh, district, when, resolved, unresolved, category="ration", **extra):
    for i in range(resolved + unresolved):
        wh.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(when),
            category=category,
            status="resolved" if i < resolved else "open",
            **extra,
        )


def grievances(wh, district, when, disposed=0, pending=0, rejected=0, **extra):
    for status, n in (("disposed", disposed), ("pending", pending), ("rejected", rejected)):
        for _ in range(n):
            wh.add(
                "grievances",
                district=district,
                channel="cm_window",
                department="D",
                received_on=ts(when),
                status=status,
                **extra,
            )


def four_districts(wh, may=True):
    """Ambala and Panchkula (Ambala division), Hisar and Sirsa (Hisar division).

    April        resolution  disposal  pending share   scaled: res  disp  pend
    Ambala       4/4 = 1     0/4 = 0   0/4 = 0                 100     0   100
    Panchkula    2/4 = .5    4/4 = 1   0/4 = 0                  50   100   100
    Hisar        0/4 = 0     2/4 = .5  2/4 = .5                  0    50     0
    Sirsa        3/4 = .75   1/4 = .25 1/4 = .25                75    25    50
    May: the same, except Ambala resolves 2 of 4 (resolution scaled: A 66.7, P 66.7, H 0,
    S 100).
    """
    for month in ("2020-04", "2020-05") if may else ("2020-04",):
        resolved_ambala = 4 if month == "2020-04" else 2
        calls(wh, "Ambala", f"{month}-10 10:00", resolved_ambala, 4 - resolved_ambala)
        calls(wh, "Panchkula", f"{month}-10 10:00", 2, 2)
        calls(wh, "Hisar", f"{month}-10 10:00", 0, 4)
        calls(wh, "Sirsa", f"{month}-10 10:00", 3, 1)
        grievances(wh, "Ambala", f"{month}-10 10:00", rejected=4)
        grievances(wh, "Panchkula", f"{month}-10 10:00", disposed=4)
        grievances(wh, "Hisar", f"{month}-10 10:00", disposed=2, pending=2)
        grievances(wh, "Sirsa", f"{month}-10 10:00", disposed=1, pending=1, rejected=2)


@pytest.fixture
def weights(tmp_path):
    path = tmp_path / "weights.yml"
    path.write_text(WEIGHTS)
    return path


@pytest.fixture
def four(mini, weights):
    four_districts(mini)
    mini.build(as_of=AS_OF, weights=weights)
    return mini


def april(wh, table, columns, where=""):
    sql = (
        f"select district, {columns} from {table} where grain = 'month' "
        f"and period_start = ? {where}"
    )
    return {r[0]: r[1:] for r in wh.rows(sql, [day("2020-04-01")])}


# 1. Themes, peer groups, delta ranking --------------------------------------------------


def test_theme_sub_indices_and_ranks_by_hand(four):
    themes = april(
        four,
        "kpi_scorecard_themes",
        "theme, sub_index, theme_rank, theme_division_rank",
        "and sub_index is not null",
    )
    rows = four.rows(
        "select district, theme, sub_index, theme_rank, theme_division_rank "
        "from kpi_scorecard_themes where grain = 'month' and period_start = ? "
        "and sub_index is not null order by theme, district",
        [day("2020-04-01")],
    )
    assert themes  # the helper reads one row per district; the full table is checked here
    # grievances = mean(disposal, pending) scaled: A (0+100)/2 = 50, P 100, H 25, S 37.5.
    assert rows == [
        ("Ambala", "grievances", 50.0, 2, 2),
        ("Hisar", "grievances", 25.0, 4, 2),
        ("Panchkula", "grievances", 100.0, 1, 1),
        ("Sirsa", "grievances", 37.5, 3, 1),
        ("Ambala", "helpline", 100.0, 1, 1),
        ("Hisar", "helpline", 0.0, 4, 2),
        ("Panchkula", "helpline", 50.0, 3, 2),
        ("Sirsa", "helpline", 75.0, 2, 1),
    ]


def test_composite_statewide_and_division_ranks_by_hand(four):
    card = april(
        four,
        "kpi_scorecard",
        "division, composite_index, composite_rank, division_rank",
        "and composite_index is not null",
    )
    # (3 * resolution + 0.5 * disposal + 0.5 * pending) / 4:
    # A (300 + 0 + 50) / 4 = 87.5; P (150 + 50 + 50) / 4 = 62.5; H (0 + 25 + 0) / 4 = 6.25;
    # S (225 + 12.5 + 25) / 4 = 65.625.
    assert card == {
        "Ambala": ("Ambala", 87.5, 1, 1),
        "Sirsa": ("Hisar", 65.625, 2, 1),
        "Panchkula": ("Ambala", 62.5, 3, 2),
        "Hisar": ("Hisar", 6.25, 4, 2),
    }


def test_delta_ranking_most_and_least_improved(four):
    may = {
        r[0]: r[1:]
        for r in four.rows(
            "select district, composite_change, improvement_rank from kpi_scorecard "
            "where grain = 'month' and period_start = ? and composite_change is not null",
            [day("2020-05-01")],
        )
    }
    # May resolution scaled: A 66.67, P 66.67, H 0, S 100; grievances unchanged.
    # Change = 0.75 x change of the resolution score: S +18.75, P +12.5, H 0, A -25.
    assert {d: (pytest.approx(c), r) for d, (c, r) in may.items()} == {
        "Sirsa": (pytest.approx(18.75), 1),
        "Panchkula": (pytest.approx(12.5), 2),
        "Hisar": (pytest.approx(0.0), 3),
        "Ambala": (pytest.approx(-25.0), 4),
    }


# 8. Sensitivity ------------------------------------------------------------------------


def test_sensitivity_ranks_and_kendall_tau_by_hand(four):
    ranks = april(
        four,
        "kpi_scorecard_sensitivity",
        "rank_reviewed, rank_equal, rank_theme_equal, rank_spread, weighting_dependent",
    )
    # equal (1, 1, 1) / 3: A 200/3, P 250/3, H 50/3, S 150/3 -> P 1, A 2, S 3, H 4.
    # theme-equal (1, .5, .5) / 2: A 75, P 75, H 12.5, S 56.25 -> A 1, P 1, S 3, H 4.
    assert ranks == {
        "Ambala": (1, 2, 1, 1, False),
        "Panchkula": (3, 1, 1, 2, True),  # spread 2 >= sensitivity_rank_spread 2
        "Hisar": (4, 4, 4, 0, False),
        "Sirsa": (2, 3, 3, 1, False),
    }
    taus = {
        (r[0], r[1]): r[2]
        for r in four.rows(
            "select weighting_a, weighting_b, kendall_tau from kpi_scorecard_kendall "
            "where grain = 'month' and period_start = ?",
            [day("2020-04-01")],
        )
    }
    # reviewed (A1 P3 H4 S2) vs equal (A2 P1 H4 S3): of 6 pairs, A-P and P-S discordant:
    # tau = (4 - 2) / 6 = 1/3. vs theme-equal (A1 P1 H4 S3): 4 concordant, 1 discordant
    # (P-S), 1 tied in the second ranking only (A-P): tau-b = 3 / sqrt(6 * 5).
    # equal vs theme-equal: 5 concordant, A-P tied in one: 5 / sqrt(30).
    assert taus[("reviewed", "equal")] == pytest.approx(1 / 3)
    assert taus[("reviewed", "theme_equal")] == pytest.approx(3 / 30**0.5)
    assert taus[("equal", "theme_equal")] == pytest.approx(5 / 30**0.5)


# 7. Attribution ------------------------------------------------------------------------


def test_attribution_sums_exactly_to_the_change(four):
    rows = four.rows(
        "select district, kpi, contribution, score_effect, weight_effect, composite_change "
        "from kpi_scorecard_attribution where period_start = ?",
        [day("2020-05-01")],
    )
    by_district: dict[str, list] = {}
    for district, kpi, contribution, score, weight, change in rows:
        assert contribution == pytest.approx(score + weight, abs=1e-12)
        by_district.setdefault(district, []).append((kpi, contribution, change))
    assert set(by_district) == {"Ambala", "Panchkula", "Hisar", "Sirsa"}
    for parts in by_district.values():
        assert sum(c for _, c, _ in parts) == pytest.approx(parts[0][2], abs=1e-9)
    # Ambala: weight share 3/4 x (66.67 - 100) = -25, the grievance KPIs 0.
    ambala = {kpi: c for kpi, c, _ in by_district["Ambala"]}
    assert ambala["call_resolution_rate"] == pytest.approx(-25.0)
    assert ambala["grievance_disposal_rate"] == pytest.approx(0.0)


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


# 3, 4. Targets and per capita --------------------------------------------------------------


def test_targets_attainment_and_status(four):
    status = april(
        four,
        "kpi_target_attainment",
        "kpi, value, attainment, status",
        "and kpi in ('call_resolution_rate', 'grievance_pending_over_30d_share')",
    )
    rows = {
        (r[0], r[1]): r[2:]
        for r in four.rows(
            "select district, kpi, attainment, status from kpi_target_attainment "
            "where grain = 'month' and period_start = ?",
            [day("2020-04-01")],
        )
    }
    assert status
    # resolution target 0.95 (higher): 1.0 -> 1.053 met; 0.75 -> 0.789 missed (near >= 0.9).
    assert rows[("Ambala", "call_resolution_rate")] == (pytest.approx(1 / 0.95), "met")
    assert rows[("Sirsa", "call_resolution_rate")] == (pytest.approx(0.75 / 0.95), "missed")
    # pending share target 0.05 (lower): 0.25 -> 0.05 / 0.25 = 0.2 missed; 0 -> met.
    assert rows[("Sirsa", "grievance_pending_over_30d_share")] == (pytest.approx(0.2), "missed")
    assert rows[("Ambala", "grievance_pending_over_30d_share")] == (None, "met")


def test_targets_near_band(mini, weights):
    calls(mini, "Ambala", "2020-04-10 10:00", 9, 1)  # 0.9 / 0.95 = 0.947 >= 1 - 0.10
    mini.build(weights=weights)
    assert mini.rows(
        "select status from kpi_target_attainment where grain = 'total' "
        "and district = 'Ambala' and kpi = 'call_resolution_rate'"
    ) == [("near",)]


def test_per_lakh_kpis_use_census_2011(four):
    # Sirsa: 8 calls in two months; Census 2011: 1,295,189 residents = 12.95189 lakh.
    assert four.kpi("Sirsa", "calls_per_lakh") == (8, 12.95189, pytest.approx(8 / 12.95189))
    # The state: all 32 calls over 2,53,51,462 residents.
    num, den, value = four.kpi("Haryana", "calls_per_lakh")
    assert (num, den) == (32, pytest.approx(253.51462)) and value == pytest.approx(32 / 253.51462)
    ids = {
        r[0] for r in four.rows("select distinct kpi from kpi_values where kpi like '%per_lakh'")
    }
    assert ids == {"calls_per_lakh", "grievances_per_lakh"}  # no passes or relief here
    catalog = four.rows("select kpi from kpi_catalog where kind = 'per_lakh' order by kpi")
    assert [r[0] for r in catalog] == [
        "calls_per_lakh",
        "grievances_per_lakh",
        "pass_applications_per_lakh",
        "relief_eligible_per_lakh",
    ]


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
