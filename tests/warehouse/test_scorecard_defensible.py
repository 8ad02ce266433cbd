"""The defensible scorecard (issue 11), each part on data small enough to work out by hand:
themes, peer groups, delta ranking, sensitivity and Kendall's tau, attribution, targets and
per capita on four districts (tests/warehouse/four_districts.py). Wilson intervals, too few
cases, the bootstrap, the data-quality gate, replay and gaming cross-checks:
test_scorecard_uncertainty.py."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day
from tests.warehouse.four_districts import april, build_four, calls, write_weights


@pytest.fixture
def weights(tmp_path):
    return write_weights(tmp_path)


@pytest.fixture
def four(mini, weights):
    return build_four(mini, weights)


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
