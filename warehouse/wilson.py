"""The 95 % Wilson score interval (Wilson 1927) of proportions, vectorised with numpy.

The closed form is written here rather than called from statsmodels, whose import (with
scipy and pandas) costs ~1.6 s. warehouse.uncertainty uses it for the electronic share of
e-Office files; the KPI table's intervals are the same form in SQL
(warehouse/models/marts/kpi_values.sql). tests/warehouse/test_scorecard_uncertainty.py
checks it against statsmodels' `proportion_confint(method="wilson")` and against published
values.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

ALPHA = 0.05  # 95 % intervals


def wilson_interval(count, nobs, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of count / nobs, elementwise over arrays; NaN where nobs <= 0.

    count is clipped to [0, nobs] (a numerator above its denominator is a data error that
    the checks report; the interval is then that of 0 or 1, never an exception).
    """
    count = np.asarray(count, dtype=float)
    nobs = np.asarray(nobs, dtype=float)
    valid = np.isfinite(count) & np.isfinite(nobs) & (nobs > 0)
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    if valid.any():
        n = nobs[valid]
        q = np.clip(count[valid], 0, n) / n
        z = NormalDist().inv_cdf(1 - alpha / 2)  # 1.959964 for 95 %
        shrink = 1 + z**2 / n
        centre = (q + z**2 / (2 * n)) / shrink
        half = z * np.sqrt(q * (1 - q) / n + z**2 / (4 * n**2)) / shrink
        low[valid], high[valid] = centre - half, centre + half
    return low, high
