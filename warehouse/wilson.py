"""The 95 % Wilson score interval (Wilson 1927) of proportions, vectorised with numpy.

The closed form is written here rather than called from statsmodels, whose import (with
scipy and pandas) costs ~1.6 s: more than three times the 0.5 s budget of `jansewa kpis`,
which recomputes intervals for a date range. Kept apart from warehouse.uncertainty (which
imports scipy for the rank statistics) so that readers import numpy and polars only.
tests/warehouse/test_scorecard_defensible.py checks it against statsmodels'
`proportion_confint(method="wilson")` and against published values.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import polars as pl

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


def with_wilson(frame: pl.DataFrame, rate_kpis: set[str]) -> pl.DataFrame:
    """A kpi_values-shaped frame with ci_low / ci_high for the rows of the given rate KPIs."""
    is_rate = frame["kpi"].is_in(sorted(rate_kpis)).to_numpy()
    num = frame["numerator"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    den = frame["denominator"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    low, high = wilson_interval(np.where(is_rate, num, np.nan), np.where(is_rate, den, np.nan))
    return frame.with_columns(
        ci_low=pl.Series(low, dtype=pl.Float64).fill_nan(None),
        ci_high=pl.Series(high, dtype=pl.Float64).fill_nan(None),
    )
