"""The ranks and Kendall's tau-b the scorecard statistics compute without scipy, against scipy.

warehouse.composite_math.ranks and warehouse.sensitivity.kendall_tau_b are written out so that
a refresh never imports scipy.stats; here they must give what scipy gives, on random
composites with ties, NaN and periods stacked on leading axes.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau, rankdata

from warehouse.composite_math import ranks
from warehouse.sensitivity import kendall_tau_b

# Few distinct values, so that ties (and NaN, "no composite") are common.
COMPOSITE = st.sampled_from([np.nan, 0.0, 12.5, 50.0, 50.0000001, 61.25, 100.0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(COMPOSITE, min_size=1, max_size=22), min_size=1, max_size=4))
def test_ranks_are_scipys_rankdata_min_with_nan_omitted(rows):
    width = min(len(row) for row in rows)
    composite = np.array([row[:width] for row in rows])
    expected = rankdata(-np.round(composite, 6), method="min", axis=-1, nan_policy="omit")
    np.testing.assert_array_equal(ranks(composite), expected)


def test_ranks_by_hand_on_stacked_periods():
    composite = np.array(
        [
            [[80.0, 60.0, np.nan, 60.0, 90.0]],  # B and D tie for 3rd; C has no composite
            [[np.nan, np.nan, np.nan, np.nan, np.nan]],
        ]
    )
    got = ranks(composite)
    np.testing.assert_array_equal(got[0, 0], [2.0, 3.0, np.nan, 3.0, 1.0])
    assert np.isnan(got[1]).all()
    assert got.shape == composite.shape


RANKING = st.lists(st.integers(min_value=1, max_value=6), min_size=2, max_size=22)


@settings(max_examples=300, deadline=None)
@given(RANKING, st.randoms(use_true_random=False))
def test_kendall_tau_b_is_scipys_statistic(x, rnd):
    y = [rnd.randint(1, 6) for _ in x]
    expected = kendalltau(x, y).statistic
    got = kendall_tau_b(np.array(x, float), np.array(y, float))
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected, abs=1e-12)


def test_kendall_tau_b_by_hand():
    # A1 P3 H4 S2 against A2 P1 H4 S3: of six pairs, A-P and P-S disagree: (4 - 2) / 6.
    assert kendall_tau_b(np.array([1.0, 3, 4, 2]), np.array([2.0, 1, 4, 3])) == pytest.approx(1 / 3)
    # the same ranking, reversed, and all tied
    same = np.array([1.0, 2, 3])
    assert kendall_tau_b(same, same) == pytest.approx(1.0)
    assert kendall_tau_b(same, same[::-1]) == pytest.approx(-1.0)
    assert np.isnan(kendall_tau_b(same, np.array([2.0, 2, 2])))
